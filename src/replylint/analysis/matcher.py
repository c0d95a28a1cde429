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

from collections import defaultdict
from collections.abc import Iterator, KeysView, Sequence
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


class PhraseMatcher:
    """Finds many phrases at once; built once, used on every doc."""

    def __init__(self, phrases: Sequence[str]) -> None:
        self.phrases = list(phrases)
        self._units = [compile_phrase(p) for p in self.phrases]
        # Where a phrase can start: at a token with a key of its first word, at a token its key-less first
        # word (":VERB,impr") accepts, or, when its first word is optional, anywhere.
        by_key: dict[str, list[int]] = defaultdict(list)
        by_unit: dict[_Unit, list[int]] = defaultdict(list)
        anywhere: list[int] = []
        for index, units in enumerate(self._units):
            first = units[0]
            if first.optional:
                anywhere.append(index)
            elif first.keys is None:
                by_unit[first].append(index)
            else:
                for key in first.keys:
                    by_key[key].append(index)
        # Keys of the later words a phrase cannot do without: a doc that lacks one cannot hold the phrase.
        self._needed = [
            tuple(u.keys for u in units[1:] if u.keys is not None and not u.optional and not u.gap)
            for units in self._units
        ]
        self._by_key = {key: self._group(phrases) for key, phrases in by_key.items()}
        self._by_unit = {unit: self._group(phrases) for unit, phrases in by_unit.items()}
        self._anywhere = self._group(anywhere)
        # A doc without any first word of a phrase that has one is rejected at once (the common case).
        self._first_keys = frozenset(self._by_key)
        self._verdicts: dict[_Unit, dict[str, bool]] = {unit: {} for unit in self._by_unit}
        self._keyed_only = not anywhere and not by_unit
        # Phrases without gaps or optional words have one way to match: tried in a loop, not a search.
        self._straight = [not any(u.gap or u.optional for u in units) for units in self._units]

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def finditer(self, doc: Doc) -> Iterator[Match]:
        """All matches, left to right; at one position the longest match of each phrase."""
        tokens = doc.tokens
        positions = doc.key_positions()
        present = positions.keys()
        if self._keyed_only and present.isdisjoint(self._first_keys):
            return
        memo: dict[int, bool] = {}
        starts: dict[int, set[int]] = {}
        anywhere = self._viable(self._anywhere, present, memo)
        if anywhere:
            starts = {i: set(anywhere) for i in range(len(tokens))}
        for unit, phrases in self._by_unit.items():
            viable = self._viable(phrases, present, memo)
            if viable:
                verdicts = self._verdicts[unit]
                for i, token in enumerate(tokens):
                    if self._accepts(unit, token, verdicts):
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
        units, straight = self._units, self._straight
        for i in sorted(starts):
            token = tokens[i]
            for index in sorted(starts[i]):
                if straight[index]:
                    last = self._match_straight(units[index], tokens, i, token.sentence)
                else:
                    last = self._match_at(units[index], tokens, i, token.sentence)
                if last is not None:
                    yield Match(index, i, last, token.start, tokens[last - 1].end)

    @staticmethod
    def _accepts(unit: _Unit, token: Token, verdicts: dict[str, bool]) -> bool:
        """``unit.accepts(token)`` for a key-less unit, remembered per word (it depends on the word alone)."""
        if not token.is_alpha or token.is_placeholder or token.is_punct:
            return unit.accepts(token)
        verdict = verdicts.get(token.folded)
        if verdict is None:
            if len(verdicts) >= VERDICTS:
                verdicts.clear()
            verdict = verdicts[token.folded] = unit.accepts(token)
        return verdict

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
    def _match_straight(units: tuple[_Unit, ...], tokens: list[Token], i: int, sentence: int) -> int | None:
        """:meth:`_match_at` for a phrase without gaps or optional words."""
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

        return at(first, 0)
