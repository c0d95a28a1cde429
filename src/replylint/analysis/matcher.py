"""Lemma-aware phrase matching over a :class:`Doc`.

A phrase is a space-separated sequence of token patterns:

``word``
    matches any token sharing a match key with ``word`` (Russian: a pymorphy3 lemma; English: a
    Snowball stem), so ``ваш домысел`` matches «вашими домыслами» and ``blame`` matches "blaming".
``a|b``
    either alternative.
``=word``
    only this exact (lower-cased) form.
``word:g1,g2`` / ``:g1,g2``
    a reading of ``word`` (or of any Russian word) carrying all the pymorphy3 grammemes given,
    e.g. ``:VERB,impr`` for any imperative, ``следовать:past``.
``(word)``
    an optional token.
``*``
    a gap of zero to three tokens.

Phrases never match across sentence boundaries, and step over commas and dashes between words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from replylint.analysis.doc import Doc, Token
from replylint.analysis.morphology import fold, known_grammemes, match_keys

#: Upper bound of a ``*`` gap, in tokens.
GAP = 3
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
            elif self.keys.isdisjoint(token.keys):
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
    return units


class PhraseMatcher:
    """Finds many phrases at once; built once, used on every doc."""

    def __init__(self, phrases: Sequence[str]) -> None:
        self.phrases = list(phrases)
        self._units = [compile_phrase(p) for p in self.phrases]
        self._by_key: dict[str, list[int]] = defaultdict(list)
        self._unkeyed: list[int] = []
        for index, units in enumerate(self._units):
            first = units[0]
            if first.keys is None or first.optional:
                self._unkeyed.append(index)
            else:
                for key in first.keys:
                    self._by_key[key].append(index)

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def finditer(self, doc: Doc) -> Iterator[Match]:
        """All matches, left to right; at one position the longest match of each phrase."""
        tokens = doc.tokens
        for i, token in enumerate(tokens):
            candidates = set(self._unkeyed)
            for key in token.keys:
                candidates.update(self._by_key.get(key, ()))
            for index in sorted(candidates):
                last = self._match_at(self._units[index], tokens, i, 0, token.sentence)
                if last is not None:
                    yield Match(index, i, last, token.start, tokens[last - 1].end)

    def search(self, doc: Doc) -> Match | None:
        """The first match, or None."""
        return next(self.finditer(doc), None)

    def _match_at(self, units: tuple[_Unit, ...], tokens: list[Token], i: int, u: int, sentence: int) -> int | None:
        if u == len(units):
            return i
        unit = units[u]
        if u and i < len(tokens) and tokens[i].text in SOFT_PUNCT and not unit.accepts(tokens[i]):
            return self._match_at(units, tokens, i + 1, u, sentence)
        if unit.gap:
            for skip in range(GAP + 1):
                j = i + skip
                if j <= len(tokens) and all(t.sentence == sentence for t in tokens[i:j]):
                    found = self._match_at(units, tokens, j, u + 1, sentence)
                    if found is not None:
                        return found
            return None
        if i < len(tokens) and tokens[i].sentence == sentence and unit.accepts(tokens[i]):
            found = self._match_at(units, tokens, i + 1, u + 1, sentence)
            if found is not None:
                return found
        if unit.optional:
            return self._match_at(units, tokens, i, u + 1, sentence)
        return None
