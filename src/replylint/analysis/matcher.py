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
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from replylint.analysis.doc import Doc, Token
from replylint.analysis.morphology import fold, known_grammemes, match_keys

#: Upper bound of a ``*`` gap, in tokens.
GAP = 3
#: Gaps one phrase may hold.
MAX_GAPS = 3
#: Soft punctuation marks a phrase steps over between two of its words.
SOFT_SKIP = 3
#: Words whose verdict a key-less word pattern (``:VERB,impr``) remembers (it starts over when full).
VERDICTS = 20_000
#: Punctuation a phrase steps over between its words (commas are often optional in replies).
SOFT_PUNCT = frozenset({",", "—", "–", "-", ";", ":"})


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
        return any(
            self.grammemes <= r.grammemes and (self.keys is None or r.lemma in self.keys) for r in token.readings
        )


@dataclass(frozen=True, slots=True)
class Match:
    """A phrase found in a doc: token range ``[first, last)`` and character span."""

    phrase: int
    first: int
    last: int
    start: int
    end: int


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


#: A match as the index keeps it: token range ``[first, last)`` and character span.
_Hit = tuple[int, int, int, int]


class _PhraseIndex:
    """Every phrase compiled in the process, once each, in one index keyed by the match keys it can start at.

    A :class:`PhraseMatcher` is a view on this index: its phrases are entries here, and its phrase list a *list*
    of the index (matchers with the same phrases share one). Once per doc, one walk over the doc's match keys
    finds which entries of which list can start in it (:class:`_DocPhrases`); an entry is tried at its tokens
    when a matcher first asks for it, and its matches are kept for every other list that holds the phrase. The
    entries are the phrases of the rule packs, the act layer and the context cues: fixed data, so the index
    stops growing once the linters are built.
    """

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._lists: dict[tuple[int, ...], int] = {}
        self.units: list[tuple[_Unit, ...]] = []
        # Keys of the later words a phrase cannot do without: a doc that lacks one cannot hold the phrase.
        self.needed: list[tuple[frozenset[str], ...]] = []
        # Phrases without gaps or optional words have one way to match: tried in a loop, not a search.
        self.straight: list[bool] = []
        # Where a phrase can start: at a token with a key of its first word, or, when its first word is optional,
        # up to ``reach`` tokens before one with a key of its first required word (its anchor); a phrase whose
        # first word is key-less (":VERB,impr") starts where that word is accepted, or, optional, anywhere.
        self.starts: list[tuple[tuple[str, int], ...]] = []  # entry → (key, reach) pairs
        self.loose: dict[int, _Unit | None] = {}  # entry → its key-less first word, or None: anywhere
        self.verdicts: dict[_Unit, dict[str, bool]] = {}
        # Key → list → the list's entries that can start at that key.
        self.postings: dict[str, dict[int, list[int]]] = {}
        self._lock = threading.Lock()

    def add(self, phrase: str) -> int:
        """The entry of a phrase, compiled on first sight."""
        found = self._ids.get(phrase)
        if found is not None:
            return found
        units = compile_phrase(phrase)
        with self._lock:
            found = self._ids.get(phrase)
            if found is not None:
                return found
            entry = len(self.units)
            self.needed.append(tuple(u.keys for u in units[1:] if u.keys is not None and not u.optional and not u.gap))
            self.straight.append(not any(u.gap or u.optional for u in units))
            self.units.append(units)
            first = units[0]
            anchor = next(k for k, u in enumerate(units) if not u.optional)
            keys = units[anchor].keys
            # Each optional word before the anchor takes a token, and soft punctuation may precede each.
            reach = anchor * (1 + SOFT_SKIP)
            self.starts.append(tuple((key, reach) for key in sorted(keys)) if keys is not None else ())
            if keys is None:
                self.loose[entry] = None if first.optional else first
                if not first.optional:
                    self.verdicts.setdefault(first, {})
            self._ids[phrase] = entry
        return entry

    def add_list(self, entries: Sequence[int]) -> int:
        """The list of these entries, posted under their start keys on first sight."""
        key = tuple(entries)
        found = self._lists.get(key)
        if found is not None:
            return found
        with self._lock:
            found = self._lists.get(key)
            if found is not None:
                return found
            found = len(self._lists)
            for entry in dict.fromkeys(entries):
                for start_key, _ in self.starts[entry]:
                    self.postings.setdefault(start_key, {}).setdefault(found, []).append(entry)
            self._lists[key] = found
        return found

    def of(self, doc: Doc) -> _DocPhrases:
        """The doc's view of the index, built on first use (again if entries came in since)."""
        state = doc.phrases
        if state is None or state.size != len(self._lists):
            state = doc.phrases = _DocPhrases(self, doc)
        return state


class _DocPhrases:
    """One doc's view of the index: which entries of each list can start in it, and the matches of those asked."""

    __slots__ = ("_doc", "_index", "_positions", "_russian", "_unit_starts", "by_list", "hits", "size")

    def __init__(self, index: _PhraseIndex, doc: Doc) -> None:
        self._index, self._doc = index, doc
        self.size = len(index._lists)
        self.hits: dict[int, list[_Hit]] = {}
        self._russian: list[int] | None = None
        self._unit_starts: dict[_Unit, list[int]] = {}
        self._positions = positions = doc.key_positions()
        by_list: dict[int, list[int]] = {}
        postings = index.postings
        for key in positions:
            posted = postings.get(key)
            if posted:
                for found, entries in posted.items():
                    into = by_list.get(found)
                    if into is None:
                        by_list[found] = list(entries)
                    else:
                        into.extend(entries)
        self.by_list = by_list

    def matches(self, entry: int) -> list[_Hit]:
        """The entry's matches in the doc, left to right (tried on first request)."""
        found = self.hits.get(entry)
        if found is None:
            found = self.hits[entry] = self._try(entry)
        return found

    def _try(self, entry: int) -> list[_Hit]:
        index, tokens, positions = self._index, self._doc.tokens, self._positions
        present = positions.keys()
        for keys in index.needed[entry]:
            if present.isdisjoint(keys):
                return []
        starts = index.starts[entry]
        where: Iterable[int]
        if not starts:
            unit = index.loose[entry]
            where = range(len(tokens)) if unit is None else self._unit_positions(unit)
        elif len(starts) == 1 and not starts[0][1]:
            where = positions.get(starts[0][0], ())
        else:
            at: set[int] = set()
            for key, reach in starts:
                found = positions.get(key)
                if found:
                    at.update(i for j in found for i in range(max(0, j - reach), j + 1))
            where = sorted(at)
        units = index.units[entry]
        match = _match_straight if index.straight[entry] else _match_at
        out = []
        for i in where:
            token = tokens[i]
            last = match(units, tokens, i, token.sentence)
            if last is not None:
                out.append((i, last, token.start, tokens[last - 1].end))
        return out

    def _unit_positions(self, unit: _Unit) -> list[int]:
        """Tokens a key-less word accepts; it carries grammemes, which only a Russian word's readings have."""
        found = self._unit_starts.get(unit)
        if found is None:
            tokens = self._doc.tokens
            if self._russian is None:
                self._russian = [i for i, t in enumerate(tokens) if t.is_alpha and "а" <= t.folded[0] <= "я"]
            verdicts = self._index.verdicts[unit]
            found = self._unit_starts[unit] = [i for i in self._russian if _accepts(unit, tokens[i], verdicts)]
        return found


def _accepts(unit: _Unit, token: Token, verdicts: dict[str, bool]) -> bool:
    """``unit.accepts(token)`` for a key-less unit, remembered per word (it depends on the word alone)."""
    verdict = verdicts.get(token.folded)
    if verdict is None:
        if len(verdicts) >= VERDICTS:
            verdicts.clear()
        verdict = verdicts[token.folded] = unit.accepts(token)
    return verdict


#: The process's one phrase index.
INDEX = _PhraseIndex()


class PhraseMatcher:
    """Finds many phrases at once; built once, used on every doc. Its phrases are entries of the process's one
    phrase index (:data:`INDEX`), which finds where they can start once per doc and keeps their matches."""

    def __init__(self, phrases: Sequence[str]) -> None:
        self.phrases = list(phrases)
        entries = [INDEX.add(p) for p in self.phrases]
        self._units = [INDEX.units[e] for e in entries]
        self._list = INDEX.add_list(entries)
        # Entry → this matcher's positions of it (a phrase may be listed twice).
        own: dict[int, list[int]] = {}
        for index, entry in enumerate(entries):
            own.setdefault(entry, []).append(index)
        self._own = own
        self._loose = [e for e in own if e in INDEX.loose]

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def finditer(self, doc: Doc) -> Iterator[Match]:
        """All matches, left to right; at one position the longest match of each phrase."""
        state = INDEX.of(doc)
        posted = state.by_list.get(self._list)
        if posted is None and not self._loose:
            return iter(())
        chosen = set(posted or ())
        chosen.update(self._loose)
        hits, own = state.hits, self._own
        rows: list[tuple[int, int, int, int, int]] = []
        for entry in chosen:
            found = hits.get(entry)
            if found is None:
                found = state.matches(entry)
            if found:
                rows.extend(
                    (first, index, last, start, end) for index in own[entry] for first, last, start, end in found
                )
        if not rows:
            return iter(())
        rows.sort()
        return (Match(index, first, last, start, end) for first, index, last, start, end in rows)

    def search(self, doc: Doc) -> Match | None:
        """The first match, or None."""
        return next(self.finditer(doc), None)

    def words(self, doc: Doc, match: Match) -> list[tuple[int, str]]:
        """What ``match`` exercises of its phrase: (word position, ``|`` alternative) for each alternative that
        fits the token its word took. For the phrase-coverage test; linting does not call it."""
        units = self._units[match.phrase]
        path: list[tuple[int, int]] = []
        _match_at(units, doc.tokens, match.first, doc.tokens[match.first].sentence, path)
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


def _match_straight(units: tuple[_Unit, ...], tokens: list[Token], i: int, sentence: int) -> int | None:
    """:func:`_match_at` for a phrase without gaps or optional words."""
    count = len(tokens)
    for u, unit in enumerate(units):
        if u:
            stop = min(i + SOFT_SKIP, count)
            while i < stop and tokens[i].text in SOFT_PUNCT and not unit.accepts(tokens[i]):
                i += 1
        if i >= count or tokens[i].sentence != sentence or not unit.accepts(tokens[i]):
            return None
        i += 1
    return i


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

    return at(first, 0)
