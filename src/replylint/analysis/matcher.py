"""Lemma-aware phrase matching over a :class:`Doc`.

A phrase is a space-separated sequence of token patterns:

``word``
    matches any token sharing a match key with ``word`` (Russian: a pymorphy3 lemma; English: a
    Snowball stem), so ``ваш домысел`` matches «вашими домыслами» and ``blame`` matches "blaming".
``a|b``
    either word; a ``:`` or ``=`` applies to the whole choice (``написать|прислать:impr``).
``=word``
    only this exact (lower-cased) form.
``word:g1,g2`` / ``:g1,g2``
    a reading of ``word`` (or of any Russian word) carrying all the pymorphy3 grammemes given,
    e.g. ``:VERB,impr`` for any imperative, ``следовать:past``.
``(word)``
    an optional token.
``*``
    a gap of zero to three tokens; a phrase holds at most three gaps.

Phrases never match across sentence boundaries, and step over commas and dashes between words.

Where phrases may start is found in compiled code: an Aho–Corasick automaton (pyahocorasick) per matcher holds
each phrase's head (its words up to the first gap) as symbols, one per key class, and reads the doc as one symbol
per token (:func:`_index_key`); every (phrase, start) it proposes is then matched in Python. Phrases whose head it
cannot hold (a key-less or punctuation first word) are started from the doc's keys. A second lane per token holds
which key-less word patterns (``:VERB,impr``) the word fits, one bit each (:class:`_Lanes`): key-less first words
start from it, and a phrase with gaps or optional words is searched only when each of its later required words
occurs within the reach of its start. A phrase without gaps or optional words is tried in a loop that reads a
key-less word's verdict from the lane and keeps a keyed word's verdict per word.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, KeysView, Sequence
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

import ahocorasick

from replylint.analysis.doc import Doc, Token
from replylint.analysis.morphology import (
    WORD_CACHE,
    Reading,
    WordCache,
    english_stem,
    fold,
    known_grammemes,
    match_keys,
    russian_readings,
)

#: Upper bound of a ``*`` gap, in tokens.
GAP = 3
#: Gaps one phrase may hold.
MAX_GAPS = 3
#: Soft punctuation marks a phrase steps over between two of its words.
SOFT_SKIP = 3
#: Punctuation a phrase steps over between its words (commas are often optional in replies).
SOFT_PUNCT = frozenset({",", "—", "–", "-", ";", ":"})
#: Variants (alternatives times optional words) of a phrase's head beyond which the automaton holds no more of it.
VARIANTS = 64
#: Words whose verdict one word of a phrase keeps (:meth:`PhraseMatcher._match_straight`) before it starts over: a
#: phrase's first word sees only the words of its own keys, a later one the words after them.
VERDICTS = 256
#: First symbols of a matcher's heads up to which it tests a doc's symbols for one before reading them in order.
FIRSTS = 64
#: The symbol of a token that no head word takes.
_OTHER = "\x01"


#: Parts of speech of a function word: a phrase word of grammemes alone reads such a word by its likeliest reading
#: only, so «при» is no imperative of «переть» nor «жаль» one of «жалить» (twenty-second round).
_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "PRED", "INTJ"})


def _free_readings(readings: tuple[Reading, ...]) -> tuple[Reading, ...]:
    """The readings a phrase word of grammemes alone may take: all of them, or a function word's likeliest."""
    return readings[:1] if readings and readings[0].pos in _FUNCTION_WORDS else readings


class PhraseSyntaxError(ValueError):
    """A phrase could not be compiled; the message says why."""


@dataclass(frozen=True, slots=True)
class _Unit:
    keys: frozenset[str] | None  # None: any word
    exact: bool
    grammemes: frozenset[str]
    optional: bool = False
    gap: bool = False

    def accepts(self, token: Token) -> bool:
        if token.is_placeholder or (token.is_punct and not self.keys):
            return False
        if self.keys is not None:
            if self.exact:
                if token.folded not in self.keys:
                    return False
            elif self.keys.isdisjoint(token.match_keys):
                return False
        if not self.grammemes:
            return True
        if self.keys is None:
            return any(self.grammemes <= r.grammemes for r in _free_readings(token.readings))
        return any(self.grammemes <= r.grammemes and r.lemma in self.keys for r in token.readings)


class Match(NamedTuple):
    """A phrase found in a doc: token range ``[first, last)`` and character span (a tuple: built fast)."""

    phrase: int
    first: int
    last: int
    start: int
    end: int


#: A :class:`Match` made from a tuple of its fields without the call of its ``__new__`` (what that call does).
_match = partial(tuple.__new__, Match)


def _compile_unit(word: str) -> _Unit:
    optional = word.startswith("(") and word.endswith(")")
    if word.startswith("(") != word.endswith(")"):
        raise PhraseSyntaxError(f"unbalanced parentheses in {word!r}: an optional group is one word, '(word)'")
    if optional:
        word = word[1:-1]
    if word == "*":
        return _Unit(None, False, frozenset(), gap=True)
    head, colon, grams = word.partition(":")
    grammemes = frozenset(g for g in grams.split(",") if g)
    if colon and not grammemes:
        raise PhraseSyntaxError(f"no grammemes after ':' in {word!r}")
    unknown = grammemes - known_grammemes()
    if unknown:
        raise PhraseSyntaxError(f"unknown pymorphy3 grammeme(s) {', '.join(sorted(unknown))} in {word!r}")
    exact = head.startswith("=")
    head = head.lstrip("=")
    if not head and not grammemes:
        raise PhraseSyntaxError(f"empty token pattern in {word!r}")
    keys: frozenset[str] | None = None
    if head:
        alternatives = [fold(a) for a in head.split("|") if a]
        keys = frozenset(alternatives) if exact else frozenset().union(*(match_keys(a) for a in alternatives))
    return _Unit(keys, exact, grammemes, optional=optional)


def compile_phrase(phrase: str) -> tuple[_Unit, ...]:
    """Compile one phrase; raise :class:`PhraseSyntaxError` when it is malformed."""
    units = tuple(_compile_unit(w) for w in phrase.split())
    if not units or all(u.gap or u.optional for u in units):
        raise PhraseSyntaxError(f"phrase {phrase!r} has no required word")
    if units[0].gap or units[-1].gap:
        raise PhraseSyntaxError(f"phrase {phrase!r} may not start or end with '*'")
    gaps = sum(u.gap for u in units)
    if gaps > MAX_GAPS:
        raise PhraseSyntaxError(f"phrase {phrase!r} has {gaps} '*' gaps; at most {MAX_GAPS} are allowed")
    return units


def _russian(word: str) -> bool:
    return "а" <= word[0] <= "я"


def _lemmas(word: str) -> set[str]:
    return {r.lemma for r in russian_readings(word)}


class _KeyClasses:
    """The match keys of the process's phrase words in classes, so that the keys a Russian word shares with phrase
    words fall in one class: a Russian key with its lemmas, and the classes of a word that has keys in two (rare:
    «им» of «он» and «они»). Each class or other key has a symbol. It only grows, as matchers are built and words
    join classes; ``generation`` counts the changes, and an automaton built before the last one is built again."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.symbols: dict[str, str] = {}
        self.generation = 0
        self._lock = threading.Lock()  # two joins at once could make a cycle

    def add(self, keys: Iterable[str]) -> None:
        """Take in the keys of a new matcher's phrase words."""
        with self._lock:
            new = [k for k in keys if k not in self.parent]
            if not new:
                return
            for key in new:
                self.parent.setdefault(key, key)
                if key and _russian(key):
                    for lemma in _lemmas(key):
                        self.parent.setdefault(lemma, lemma)
                        self.parent[self.find(lemma)] = self.find(key)
            self._changed()

    def merge(self, keys: set[str]) -> str:
        """Join the classes of one word's keys and return the joined class."""
        with self._lock:
            first, *others = sorted({self.find(k) for k in keys})
            for other in others:
                self.parent[other] = first
            if others:
                self._changed()
            return first

    def _changed(self) -> None:
        self.generation += 1  # a Russian word's index key is its keys' class: words are read again (_SYMBOLS)

    def find(self, key: str) -> str:
        """The class of a key the classes hold."""
        parent = self.parent
        while parent[key] != key:
            parent[key] = key = parent[parent[key]]
        return key

    def symbol(self, key: str) -> str:
        """The automaton's character for a class or other key."""
        found = self.symbols.get(key)
        if found is None:
            found = self.symbols[key] = chr(0x100 + len(self.symbols))  # below the surrogates for any rule set
        return found

    def unit_symbols(self, unit: _Unit) -> list[str]:
        """The symbols of every index key of a token that ``unit`` (a keyed word) takes."""
        keys: set[str] = set()
        for key in unit.keys or ():
            if not key or not key[0].isalpha():
                keys.add(key)
            elif _russian(key):
                keys.add(self.find(key))
            else:
                keys.update((key, english_stem(key)))
        return sorted(self.symbol(k) for k in keys)


_CLASSES = _KeyClasses()


def _index_key(word: str) -> str:
    """The one key under which the automaton reads a folded word: an English word's stem, the class of the keys a
    Russian word shares with phrase words (two classes are joined), anything else itself."""
    if not word or not word[0].isalpha():
        return word
    if _russian(word):
        parent = _CLASSES.parent
        keys = {k for k in (word, *_lemmas(word)) if k in parent}
        roots = {_CLASSES.find(k) for k in keys}
        if len(roots) > 1:
            return _CLASSES.merge(keys)
        return roots.pop() if roots else word
    return english_stem(word)


class _Lanes:
    """The key-less word patterns (``:VERB,impr``: grammemes alone) of the process's phrases, one bit each; a word's
    lane is the bits of the patterns it fits, so one pass over a doc serves all of them. Bits are only added (as
    matchers are built); a doc's lane is read again after a change."""

    def __init__(self) -> None:
        self.bits: dict[frozenset[str], int] = {}
        self.generation = 0
        self._lock = threading.Lock()

    def bit(self, grammemes: frozenset[str]) -> int:
        """The bit of a key-less word pattern with these grammemes."""
        with self._lock:
            found = self.bits.get(grammemes)
            if found is None:
                found = self.bits[grammemes] = 1 << len(self.bits)
                self.generation += 1
                _WORD_LANES.clear()
            return found


_LANES = _Lanes()


def _word_lane(word: str) -> int:
    """The bits of the key-less patterns a folded word fits (a reading carries all their grammemes): none unless
    it is Russian."""
    if not _russian(word):
        return 0
    readings = _free_readings(russian_readings(word))
    lane = 0
    for grammemes, bit in list(_LANES.bits.items()):
        if any(grammemes <= r.grammemes for r in readings):
            lane |= bit
    return lane


_WORD_LANES = WordCache(_word_lane)


def _lane(doc: Doc) -> tuple[list[int], dict[int | frozenset[str], list[int]]]:
    """Each token's lane (what ``_Unit.accepts`` says of it for every key-less pattern: only a word with Russian
    readings fits one), and the doc's positions per lane bit or key set as they are asked for. Built once per doc."""
    cached = doc.lanes
    if cached is None or cached[0] != _LANES.generation:
        generation = -1
        while generation != _LANES.generation:  # read again if a bit was added meanwhile
            generation = _LANES.generation
            # An alphabetic token is no punctuation; whether it is Russian is cached with its lane.
            lanes = [_WORD_LANES[t.folded] if t.is_alpha else 0 for t in doc.tokens]
        cached = doc.lanes = (generation, lanes, {})
    return cached[1], cached[2]


def lane_bit(grammemes: frozenset[str]) -> int:
    """The lane bit of a key-less word pattern: the words with a reading that carries all of ``grammemes``."""
    return _LANES.bit(grammemes)


def lane_positions(doc: Doc, bit: int) -> list[int]:
    """The tokens of ``doc`` whose lane holds ``bit`` (:func:`lane_bit`), in order: those with a Russian reading
    that carries its grammemes, as ``_Unit.accepts`` takes them for a key-less pattern."""
    lanes, spots = _lane(doc)
    found = spots.get(bit)
    if found is None:
        if _EVERY_BIT not in spots:  # a doc is asked for about ten bits: one pass finds the positions of all
            _bit_positions(lanes, spots)
        found = spots.get(bit)
        if found is None:
            found = spots[bit] = []
    return found


#: The key under which a doc's lane positions say that every bit's positions are in (no pattern has bit 0).
_EVERY_BIT = 0


def _lane_bits(lane: int) -> tuple[int, ...]:
    """The bits of a lane, one by one."""
    return tuple(1 << n for n in range(lane.bit_length()) if lane >> n & 1)


#: Each lane's bits (a lane is the bits of the patterns one word fits, so there are about as many as words).
_LANE_BITS: dict[int, tuple[int, ...]] = {}


def _bit_positions(lanes: list[int], spots: dict[int | frozenset[str], list[int]]) -> None:
    """Add to ``spots`` the positions of every bit that some token's lane holds, in one pass over the lanes."""
    table = _LANE_BITS
    for i, lane in enumerate(lanes):
        if lane:
            bits = table.get(lane)
            if bits is None:
                if len(table) >= WORD_CACHE:
                    table.clear()
                bits = table[lane] = _lane_bits(lane)
            for bit in bits:
                found = spots.get(bit)
                if found is None:
                    spots[bit] = [i]
                else:
                    found.append(i)
    spots[_EVERY_BIT] = []


def _key_positions(doc: Doc, keys: frozenset[str]) -> list[int]:
    """The tokens of ``doc`` with one of ``keys`` among their match keys, in order."""
    spots = _lane(doc)[1]
    found = spots.get(keys)
    if found is None:
        positions = doc.key_positions()
        present = positions.keys() & keys
        if len(present) == 1:
            found = positions[present.pop()]
        else:
            found = sorted({i for key in present for i in positions[key]})
        spots[keys] = found
    return found


#: A later required word of a phrase: its keys (None: key-less, then its lane bit) and the fewest and most tokens
#: after the phrase's start at which it can stand.
_Reach = tuple[frozenset[str] | None, int, int, int]


def _reach(units: tuple[_Unit, ...]) -> list[_Reach]:
    """Where each required word after the first stands relative to the start of a match: at least one token per
    required word before it, at most what every word before it can take (soft punctuation before it included)."""
    out: list[_Reach] = []
    low = high = 0
    for u, unit in enumerate(units):
        if u:
            high += SOFT_SKIP
            if not unit.gap and not unit.optional:
                bit = _LANES.bit(unit.grammemes) if unit.keys is None else 0
                out.append((unit.keys, bit, low, high))
        high += GAP if unit.gap else 1
        low += not unit.gap and not unit.optional
    return out


def _reachable(doc: Doc, reach: list[_Reach], first: int) -> bool:
    """Whether each later required word of a phrase occurs where a match starting at token ``first`` could take it
    (in the same sentence, within its reach): a phrase that fails this cannot match there."""
    tokens = doc.tokens
    sentence = tokens[first].sentence
    cached = doc.lanes
    spots = cached[2] if cached is not None and cached[0] == _LANES.generation else None
    for keys, bit, low, high in reach:
        where = None if spots is None else spots.get(bit if keys is None else keys)
        if where is None:
            where = lane_positions(doc, bit) if keys is None else _key_positions(doc, keys)
        k = bisect_left(where, first + low)
        if k == len(where) or where[k] > first + high or tokens[where[k]].sentence != sentence:
            return False
    return True


def _symbol(word: str) -> str:
    """The automaton's symbol of a folded word: that of its index key, or :data:`_OTHER` when no head word takes it."""
    return _CLASSES.symbols.get(_index_key(word), _OTHER)


#: Each folded word's symbol, for one version of the key classes and their symbols: (generation, symbols), table.
#: A change makes a new table rather than clearing this one, so an entry read before it cannot outlive it.
_SYMBOLS: list[tuple[tuple[int, int], WordCache[str]]] = [((-1, -1), WordCache(_symbol))]


def _encoded(doc: Doc) -> tuple[str, list[int], int]:
    """The doc as the automaton reads it: one symbol per token, soft punctuation left out; each symbol's token; the
    generation of the key classes it was read with. Built once per doc (again if the key classes have changed)."""
    cached = doc.phrase_symbols
    version = (_CLASSES.generation, len(_CLASSES.symbols))
    if cached is None or cached[0] != version:
        tokens = doc.tokens
        where = [i for i, t in enumerate(tokens) if t.text not in SOFT_PUNCT]
        while True:  # read again if a word joined two classes, or a symbol was added, meanwhile
            if _SYMBOLS[0][0] != version:
                _SYMBOLS[0] = (version, WordCache(_symbol))
            symbol = _SYMBOLS[0][1]
            text = "".join([symbol[tokens[i].folded] for i in where])
            now = (_CLASSES.generation, len(_CLASSES.symbols))
            if now == version:
                break
            version = now
        cached = doc.phrase_symbols = (version, text, where, frozenset(text))
    return cached[1], cached[2], cached[0][0]


def _symbol_set(doc: Doc) -> frozenset[str]:
    """The distinct symbols of the doc as the automaton reads it (:func:`_encoded` first)."""
    return doc.phrase_symbols[3]  # type: ignore[index]


def _holdable(units: tuple[_Unit, ...]) -> bool:
    """Whether the automaton can hold the phrase: every word through its first required one is keyed and not
    punctuation (a soft punctuation mark is not in the doc as the automaton reads it)."""
    required = next(u for u, unit in enumerate(units) if not unit.optional)
    return all(_keyed(unit) for unit in units[: required + 1])


def _keyed(unit: _Unit) -> bool:
    return not unit.gap and unit.keys is not None and unit.keys.isdisjoint(SOFT_PUNCT)


def _head(units: tuple[_Unit, ...]) -> tuple[list[tuple[str, bool]], int]:
    """The automaton's strings for a phrase that it can hold: its words through the first required one, and on up
    to a gap, a key-less or punctuation word, or as long as the variants stay within :data:`VARIANTS`; each with
    whether optional first words are left out of it (then the phrase may start on soft punctuation before it); and
    how many of its words they hold."""
    required = next(u for u, unit in enumerate(units) if not unit.optional)
    variants: list[tuple[str, bool]] = [("", False)]
    held = 0
    for unit in units:
        if not _keyed(unit):
            break
        symbols = _CLASSES.unit_symbols(unit)
        if held > required and len(variants) * (len(symbols) + unit.optional) > VARIANTS:
            break
        grown = [(text + s, shifted or (not text and held > 0)) for text, shifted in variants for s in symbols]
        variants = grown + variants if unit.optional else grown
        held += 1
    return variants, held


#: A phrase without gaps or optional words as :meth:`PhraseMatcher._match_straight` tries it: each word with its
#: lane bit when it is key-less (grammemes alone), else 0, and its verdicts on the words it was tried on.
_Plan = tuple[tuple[_Unit, int, dict[str, bool]], ...]


def _plan(units: tuple[_Unit, ...]) -> _Plan:
    """The straight plan of a phrase without gaps or optional words."""
    return tuple((unit, _LANES.bit(unit.grammemes) if unit.keys is None else 0, {}) for unit in units)


class _Starts:
    """Where some of a matcher's phrases can start, from the doc's keys: at a token with a key of a phrase's first
    word, at a token its key-less first word (":VERB,impr") accepts, or, when its first word is optional, anywhere."""

    def __init__(self, units: list[tuple[_Unit, ...]], phrases: Iterable[int]) -> None:
        by_key: dict[str, list[int]] = defaultdict(list)
        by_unit: dict[_Unit, list[int]] = defaultdict(list)
        anywhere: list[int] = []
        phrases = list(phrases)
        for index in phrases:
            first = units[index][0]
            if first.optional:
                anywhere.append(index)
            elif first.keys is None:
                by_unit[first].append(index)
            else:
                for key in first.keys:
                    by_key[key].append(index)
        # Keys of the later words a phrase cannot do without: a doc that lacks one cannot hold the phrase.
        self._needed = {
            index: tuple(u.keys for u in units[index][1:] if u.keys is not None and not u.optional and not u.gap)
            for index in phrases
        }
        self._by_key = {key: self._group(phrases) for key, phrases in by_key.items()}
        self._by_unit = {unit: self._group(phrases) for unit, phrases in by_unit.items()}
        self._anywhere = self._group(anywhere)
        # A doc without any first word of a phrase that has one is rejected at once (the common case).
        self._first_keys = frozenset(self._by_key)
        self._bits = {unit: _LANES.bit(unit.grammemes) for unit in self._by_unit}
        self._keyed_only = not anywhere and not by_unit
        self.empty = not (by_key or by_unit or anywhere)

    def add(self, doc: Doc, starts: dict[int, set[int]]) -> None:
        """Add to ``starts`` where these phrases can start in ``doc``."""
        tokens = doc.tokens
        positions = doc.key_positions()
        present = positions.keys()
        if self._keyed_only and present.isdisjoint(self._first_keys):
            return
        memo: dict[int, bool] = {}
        anywhere = self._viable(self._anywhere, present, memo)
        if anywhere:
            for i in range(len(tokens)):
                starts.setdefault(i, set()).update(anywhere)
        for unit, phrases in self._by_unit.items():
            viable = self._viable(phrases, present, memo)
            if viable:
                for i in lane_positions(doc, self._bits[unit]):
                    starts.setdefault(i, set()).update(viable)
        by_key = self._by_key
        if len(by_key) <= len(positions):
            found = [(positions[key], phrases) for key, phrases in by_key.items() if key in positions]
        else:
            found = [(where, by_key[key]) for key, where in positions.items() if key in by_key]
        for where, phrases in found:
            viable = self._viable(phrases, present, memo)
            if viable:
                for i in where:
                    starts.setdefault(i, set()).update(viable)

    def _group(self, phrases: list[int]) -> tuple[list[int], list[int]]:
        """Phrases that need no later word (viable wherever they can start), and those that do."""
        return [i for i in phrases if not self._needed[i]], [i for i in phrases if self._needed[i]]

    def _viable(self, group: tuple[list[int], list[int]], present: KeysView[str], memo: dict[int, bool]) -> list[int]:
        """The phrases of a group whose needed words all occur in the doc (``present``: its keys)."""
        free, phrases = group
        if not phrases:
            return free
        out = list(free)
        for index in phrases:
            ok = memo.get(index)
            if ok is None:
                ok = True
                for keys in self._needed[index]:
                    if present.isdisjoint(keys):
                        ok = False
                        break
                memo[index] = ok
            if ok:
                out.append(index)
        return out


class PhraseMatcher:
    """Finds many phrases at once; built once, used on every doc."""

    def __init__(self, phrases: Sequence[str]) -> None:
        self.phrases = list(phrases)
        self._units = [compile_phrase(p) for p in self.phrases]
        held = [_holdable(units) for units in self._units]
        self._held = [index for index, ok in enumerate(held) if ok]
        _CLASSES.add(k for index in self._held for unit in self._units[index] if unit.keys for k in unit.keys)
        self._rest = _Starts(self._units, (index for index, ok in enumerate(held) if not ok))
        # The automaton and the generation of the key classes it was built with (built on first use).
        self._automaton: tuple[int, ahocorasick.Automaton, frozenset[str] | None] = (-1, None, None)
        # Phrases without gaps or optional words have one way to match: tried in a loop, not a search. Each word
        # with its lane bit when it is key-less: the doc's lanes say at once what ``_Unit.accepts`` says of a token.
        self._straight = [None if any(u.gap or u.optional for u in units) else _plan(units) for units in self._units]
        self._keyless = any(bit for plan in self._straight if plan for _, bit, _ in plan)
        # The others are searched (``_match_at``) only where their later required words are within reach.
        self._reach = [
            [] if straight else _reach(units) for straight, units in zip(self._straight, self._units, strict=True)
        ]

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def _build(self) -> None:
        """Build the automaton of the held phrases' heads with the key classes as they are: each symbol string
        with (phrase, length, whether optional first words are left out) for each phrase it heads."""
        generation = _CLASSES.generation
        heads: dict[str, set[tuple[int, int, bool]]] = defaultdict(set)
        needs: dict[int, tuple[frozenset[str], ...]] = {}
        for index in self._held:
            variants, held = _head(self._units[index])
            for text, shifted in variants:
                heads[text].add((index, len(text), shifted))
            # Keys of the words after the head that the phrase cannot do without: a doc without one cannot hold it.
            needs[index] = tuple(u.keys for u in self._units[index][held:] if u.keys and not u.optional)
        automaton = ahocorasick.Automaton()
        for text, entries in heads.items():
            # Each entry as the doc's reading takes it: (phrase, symbols back from the last, shifted, the keys of
            # the later words it needs, or None).
            ordered = sorted(entries)
            automaton.add_word(
                text, tuple((index, length - 1, shifted, needs[index] or None) for index, length, shifted in ordered)
            )
        automaton.make_automaton()
        # A doc holds a match only if it holds the first symbol of some head: a matcher of few such symbols (most
        # rule matchers) tests that before its automaton reads the doc's symbols one by one (about 2 µs a reply).
        firsts = frozenset(text[0] for text in heads)
        self._automaton = (generation, automaton, firsts if len(firsts) <= FIRSTS else None)

    def finditer(self, doc: Doc) -> Iterator[Match]:
        """All matches, left to right; at one position the longest match of each phrase."""
        tokens = doc.tokens
        starts: dict[int, set[int]] = {}
        if self._held:
            text, where, generation = _encoded(doc)
            while self._automaton[0] != generation:  # the doc and the automaton read with the same key classes
                self._build()
                text, where, generation = _encoded(doc)
            present: KeysView[str] | None = None
            viable: dict[int, bool] = {}
            _, automaton, firsts = self._automaton
            scanned = () if firsts is not None and firsts.isdisjoint(_symbol_set(doc)) else automaton.iter(text)
            for end, entries in scanned:
                for index, back, shifted, need in entries:
                    if need is not None:
                        ok = viable.get(index)
                        if ok is None:
                            if present is None:
                                present = doc.key_positions().keys()
                            ok = True
                            for keys in need:
                                if present.isdisjoint(keys):
                                    ok = False
                                    break
                            viable[index] = ok
                        if not ok:
                            continue
                    i = where[end - back]
                    found = starts.get(i)
                    if found is None:
                        starts[i] = {index}
                    else:
                        found.add(index)
                    # Optional first words left out: the phrase may start on soft punctuation before.
                    j = i - 1
                    while shifted and j >= 0 and i - j <= SOFT_SKIP and tokens[j].text in SOFT_PUNCT:
                        starts.setdefault(j, set()).add(index)
                        j -= 1
        if not self._rest.empty:
            self._rest.add(doc, starts)
        if not starts:
            return
        units, straight, reach = self._units, self._straight, self._reach
        lanes = _lane(doc)[0] if self._keyless else None
        match_straight = self._match_straight
        for i in sorted(starts):
            token = tokens[i]
            here = starts[i]
            for index in sorted(here) if len(here) > 1 else here:
                plan = straight[index]
                if plan is not None:
                    last = match_straight(plan, tokens, i, token.sentence, lanes)
                elif reach[index] and not _reachable(doc, reach[index], i):
                    continue
                else:
                    last = self._match_at(units[index], tokens, i, token.sentence)
                if last is not None:
                    yield _match((index, i, last, token.start, tokens[last - 1].end))

    def search(self, doc: Doc) -> Match | None:
        """The first match, or None."""
        return next(self.finditer(doc), None)

    def words(self, doc: Doc, match: Match) -> list[tuple[int, str]]:
        """What ``match`` exercises of its phrase: (word position, ``|`` alternative) for each alternative that
        fits the token its word took. For the phrase-coverage test; linting does not call it."""
        units = self._units[match.phrase]
        path: list[tuple[int, int]] = []
        self._match_at(units, doc.tokens, match.first, doc.tokens[match.first].sentence, path)
        written = self.phrases[match.phrase].split()
        out: list[tuple[int, str]] = []
        for u, i in sorted(path):
            word = written[u].strip("()")
            head, colon, grams = word.partition(":")
            exact = "=" if head.startswith("=") else ""
            for alternative in head.lstrip("=").split("|") or [""]:
                one = _compile_unit(f"{exact}{alternative}{colon}{grams}")
                if one.accepts(doc.tokens[i]):
                    out.append((u, alternative))
        return out

    @staticmethod
    def _match_straight(plan: _Plan, tokens: list[Token], i: int, sentence: int, lanes: list[int] | None) -> int | None:
        """:meth:`_match_at` for a phrase without gaps or optional words (its :func:`_plan`): a key-less word is
        read from the doc's ``lanes``, which hold for each token what its ``accepts`` says (no punctuation fits); a
        keyed word's verdict on a word is kept with the word (a word's keys and readings follow from its folded
        form)."""
        count = len(tokens)
        first = True
        for unit, bit, verdicts in plan:
            if first:
                first = False
            elif bit:
                stop = min(i + SOFT_SKIP, count)
                while i < stop and tokens[i].text in SOFT_PUNCT:
                    i += 1
            else:
                stop = min(i + SOFT_SKIP, count)
                while i < stop and tokens[i].text in SOFT_PUNCT and not unit.accepts(tokens[i]):
                    i += 1
            if i >= count:
                return None
            token = tokens[i]
            if token.sentence != sentence:
                return None
            if bit:
                if not lanes[i] & bit:  # type: ignore[index]
                    return None
            elif token.is_alpha:  # a word: neither punctuation nor a placeholder
                ok = verdicts.get(token.folded)
                if ok is None:
                    if len(verdicts) >= VERDICTS:
                        verdicts.clear()
                    ok = verdicts[token.folded] = unit.accepts(token)
                if not ok:
                    return None
            elif not unit.accepts(token):
                return None
            i += 1
        return i

    @staticmethod
    def _match_at(
        units: tuple[_Unit, ...],
        tokens: list[Token],
        first: int,
        sentence: int,
        path: list[tuple[int, int]] | None = None,
    ) -> int | None:
        """End of the phrase's match starting at token ``first``, or None. Each (word, token) state is tried
        once, so a phrase with gaps takes time linear in its length, not exponential in its gaps. ``path``, when
        given, receives the (word, token) pairs of the match."""
        failed: set[tuple[int, int]] = set()
        count = len(tokens)

        def at(i: int, u: int) -> int | None:
            if u == len(units):
                return i
            state = (i, u)
            if state in failed:
                return None
            unit = units[u]
            stop = i + SOFT_SKIP
            while u and i < min(stop, count) and tokens[i].text in SOFT_PUNCT and not unit.accepts(tokens[i]):
                i += 1
            found: int | None = None
            if unit.gap:
                for j in range(i, min(i + GAP, count) + 1):
                    if j > i and tokens[j - 1].sentence != sentence:
                        break
                    found = at(j, u + 1)
                    if found is not None:
                        return found
            else:
                if i < count and tokens[i].sentence == sentence and unit.accepts(tokens[i]):
                    found = at(i + 1, u + 1)
                    if found is not None and path is not None:
                        path.append((u, i))
                if found is None and unit.optional:
                    found = at(i, u + 1)
            if found is None:
                failed.add(state)
            return found

        try:
            return at(first, 0)
        finally:
            # ``at`` calls itself through its own cell: a cycle that would keep the doc's tokens (the closure holds
            # them) alive until the collector's next pass, and make every such pass walk and free them.
            at = None  # type: ignore[assignment]
