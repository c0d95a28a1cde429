"""The analysed reply that checks read: tokens with match keys and readings, sentences, special spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from replylint.analysis.morphology import Reading, russian_readings
from replylint.analysis.normalise import Normalised
from replylint.analysis.spans import SpanIndex
from replylint.lines import LineIndex
from replylint.models import Language

#: Text that holds no decimal digit but the ASCII ones: ASCII and the Cyrillic block (counted apart).
_ASCII_OR_CYRILLIC = re.compile("[\x00-\x7f\u0400-\u04ff]+")


@dataclass(slots=True)
class Token:
    """A word, number, punctuation mark or placeholder with its offsets in the reply."""

    text: str
    start: int
    end: int
    folded: str
    match_keys: tuple[str, ...]
    sentence: int
    is_alpha: bool
    is_punct: bool
    is_placeholder: bool = False
    quoted: bool = False
    #: pymorphy3 readings, most probable first (:func:`word_readings`: a Russian word's; empty otherwise), worked out
    #: once per word with its lexeme rather than at every look (the matchers and the act grammar read them often).
    readings: tuple[Reading, ...] = ()


def word_readings(folded: str, alpha: bool) -> tuple[Reading, ...]:
    """The readings of a token: pymorphy3's of a (folded) Russian word, none of anything else."""
    if alpha and ("а" <= folded[0] <= "я"):
        return russian_readings(folded)
    return ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a character span and a token range ``[first, last)``."""

    start: int
    end: int
    first: int
    last: int


@dataclass(slots=True)
class Doc:
    """A reply after analysis. Offsets point into :attr:`text`, the normalised reply (hidden characters
    removed, look-alike letters folded); :meth:`original_span` maps them to the caller's string."""

    text: str
    language: Language
    tokens: list[Token]
    sentences: list[Sentence]
    placeholders: list[tuple[int, int]] = field(default_factory=list)
    quoted: list[tuple[int, int]] = field(default_factory=list)
    norm: Normalised | None = field(default=None, repr=False)
    _lines: LineIndex | None = field(default=None, repr=False)
    _key_positions: dict[str, list[int]] | None = field(default=None, repr=False)
    _quote_index: SpanIndex | None = field(default=None, repr=False)
    _words: frozenset[str] | None = field(default=None, repr=False)
    _digits: int | None = field(default=None, repr=False)
    #: The doc as the phrase automaton reads it (``matcher._encoded``): the key classes' version, one symbol per
    #: token, each symbol's token, the distinct symbols.
    phrase_symbols: tuple[tuple[int, int], str, list[int], frozenset[str]] | None = field(default=None, repr=False)
    #: Each token's bits of the key-less word patterns it fits (``matcher._lane``): the patterns' version, the bits,
    #: and the token positions per bit or key set asked for so far.
    lanes: tuple[int, list[int], dict[int | frozenset[str], list[int]]] | None = field(default=None, repr=False)
    #: The n-gram keys of the sentences as the learned hostile-act classifiers read them (``hostile_model``), and
    #: each sentence's score per act (the four acts' scores are read together).
    hostile_keys: tuple[Any, Any] | None = field(default=None, repr=False)
    hostile_scores: dict[str, list[float]] = field(default_factory=dict, repr=False)
    #: The classifiers' joint layer's outputs per sentence before the softmax (an array, its rows, each sentence's
    #: number of keys), and each sentence's verdict per act and threshold (``hostile_model.learned_sentences``).
    hostile_sums: tuple[Any, list[list[float]], list[int]] | None = field(default=None, repr=False)
    hostile_verdicts: dict[tuple[str, float], list[bool]] | None = field(default=None, repr=False)
    #: The sentences of a hostile shape per language, each with the category it reads as (``checks.shape``: read
    #: once, whichever of its rules asks first).
    hostile_shapes: dict[Language, dict[int, str]] | None = field(default=None, repr=False)

    def key_positions(self) -> dict[str, list[int]]:
        """Token positions per match key, built on first use: phrase matchers look up where a phrase can start."""
        if self._key_positions is None:
            index: dict[str, list[int]] = {}
            for i, token in enumerate(self.tokens):
                for key in token.match_keys:
                    index.setdefault(key, []).append(i)
            self._key_positions = index
        return self._key_positions

    def asks(self, index: int) -> bool:
        """Whether sentence ``index`` ends with a question mark."""
        sentence = self.sentences[index]
        return self.text[sentence.start : sentence.end].rstrip().endswith("?")

    def words(self) -> frozenset[str]:
        """The folded forms of the reply's words and numbers (no punctuation, no placeholders), built on first use:
        a check that judges words one by one asks first whether any of them could trigger it."""
        if self._words is None:
            self._words = frozenset(t.folded for t in self.tokens if not (t.is_punct or t.is_placeholder))
        return self._words

    def digits(self) -> int:
        """How many decimal digits (Unicode ``Nd``, what ``\\d`` matches) the text holds, counted on first use: a
        check that needs a number of so many digits asks first whether the reply has that many."""
        if self._digits is None:
            data = self.text.encode("utf-8", "surrogatepass")
            count = len(data) - len(data.translate(None, b"0123456789"))
            if not self.text.isascii():
                count += sum(map(str.isdecimal, _ASCII_OR_CYRILLIC.sub("", self.text)))
            self._digits = count
        return self._digits

    @property
    def original(self) -> str:
        """The caller's text."""
        return self.norm.original if self.norm is not None else self.text

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the caller's text that an analysis span stands for."""
        return self.norm.original_span(start, end) if self.norm is not None else (start, end)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset in the caller's text (the line index is built on first use)."""
        if self._lines is None:
            self._lines = LineIndex(self.original)
        return self._lines.line_col(offset)

    def is_quoted(self, start: int, end: int) -> bool:
        """Whether a span lies inside a quotation or reported speech."""
        if self._quote_index is None:
            self._quote_index = SpanIndex(self.quoted)
        return self._quote_index.covers(start, end)
