"""Profanity and insults: word roots, lemmas, masked spellings, and false friends that never count.

Obscene vocabulary is productive (prefixes, compounds, new suffixes) and largely missing from dictionaries,
so besides lemma phrases a pack lists *roots*: regular expressions tried against each folded word
(lower case, ``ё`` as ``е``). ``allow`` lists words a root would hit by accident («страховка», "Scunthorpe").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import regex
from pydantic import Field

from replylint.analysis import Doc, Token
from replylint.analysis.lookalikes import NotCounting, hidden
from replylint.analysis.matcher import PhraseMatcher
from replylint.analysis.morphology import GENERATION, fold
from replylint.checks.base import Check, CheckInput, CheckOptions, Hit, LanguageData, Patterns, PhraseListData, register
from replylint.checks.common import drop_overlaps
from replylint.models import Language

#: A word written with a mask inside it: "f*ck", "sh!t", «п**дец», «за**ал».
_MASKED = regex.compile(r"^\p{L}+[*#$%!]+[\p{L}*#$%!]*\p{L}$")
_MASK_RUN = regex.compile(r"[*#$%!]+|[^*#$%!]+")
#: Handles, addresses and links: their letters are not words of the reply.
_NOT_WORD = regex.compile(r"^@|@|://|^www\.|/")
#: Punctuation that glues words together when a space is missing («нет.дибил»).
_GLUE = regex.compile(r"[.,;:!?]+")
#: An ellipsis right after a word means the word was cut off ("as we ass…" for "assist").
_CUT = frozenset({"...", "…", ".."})


class ProfanityOptions(CheckOptions):
    """Where profanity counts."""

    skip_quoted: bool = Field(True, alias="skip-quoted", description="Ignore words inside quotations.")


class ProfanityData(PhraseListData):
    """Roots, lemma phrases, masked spellings and allowed look-alikes of one language."""

    roots: Patterns = Field(
        default_factory=list, description="Regular expressions searched in each folded word (write е for ё)."
    )
    phrases: list[str] = Field(default_factory=list, description="Lemma phrases in the phrase syntax.")
    masked: list[str] = Field(
        default_factory=list, description="Words whose masked spellings count: 'fuck' covers 'f*ck' and 'f**k'."
    )
    allow: Patterns = Field(
        default_factory=list, description="Regular expressions of folded words that never count (false friends)."
    )
    not_counting: list[str] = Field(
        default_factory=list, alias="not-counting", description="Look-alikes: a match that overlaps one does not count."
    )


def _union(patterns: Iterable[str]) -> regex.Pattern[str] | None:
    parts = [f"(?:{fold(p)})" for p in patterns]
    return regex.compile("|".join(parts)) if parts else None


@dataclass(frozen=True, slots=True)
class _Lexicon:
    roots: regex.Pattern[str] | None
    allow: regex.Pattern[str] | None
    masked: frozenset[str]
    phrases: PhraseMatcher
    not_counting: NotCounting
    #: Folded words judged profane and judged clean (the verdict on a word never changes). The clean words are the
    #: keys of a dict (their values None): a dict of string keys takes 16 bytes a slot and grows by half again, where a
    #: set takes 16 a slot at most 60 % full and quadruples, so 20,000 clean words took 2 MiB in a set and take 0.4 in
    #: a dict; ``frozenset.difference`` reads a dict's keys by their known hashes as fast as a set's.
    profane: set[str] = field(default_factory=set)
    clean: dict[str, None] = field(default_factory=dict)
    #: The clean words of the generation before (:data:`~replylint.analysis.morphology.GENERATION`).
    previous: dict[str, None] = field(default_factory=dict)

    def offending(self, words: frozenset[str]) -> set[str]:
        """The folded words that are profane by a root or a masked spelling (verdicts cached per word)."""
        found = set()
        for word in words.difference(self.clean):  # most words of a reply are known to be clean
            if word in self.profane:
                found.add(word)
                continue
            if len(self.clean) >= GENERATION:  # a new generation: the clean words met again are carried over
                # The full table becomes the previous generation as it is (a copy would cost a turn the time of the
                # copy), and the previous one's table is given up with it.
                object.__setattr__(self, "previous", self.clean)
                object.__setattr__(self, "clean", {})
            if len(self.profane) >= GENERATION:
                self.profane.clear()
            if word in self.previous:
                self.clean[word] = None
            elif not _NOT_WORD.search(word) and (self.root_hit(word) or self.masked_hit(word)):
                self.profane.add(word)
                found.add(word)
            else:
                self.clean[word] = None
        return found

    def root_hit(self, word: str) -> bool:
        if self.roots is None:
            return False
        parts = _GLUE.split(word) if _GLUE.search(word) else (word,)
        return any(
            self.roots.search(part) and (self.allow is None or not self.allow.search(part)) for part in parts if part
        )

    def masked_hit(self, word: str) -> bool:
        if not self.masked or not _MASKED.match(word):
            return False
        parts = (m.group() for m in _MASK_RUN.finditer(word))
        shape = regex.compile("".join(r"\p{L}{1,4}" if p[0] in "*#$%!" else regex.escape(p) for p in parts))
        return any(shape.fullmatch(w) for w in self.masked)


def _cut_off(tokens: list[Token], i: int) -> bool:
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    return following is not None and following.start == tokens[i].end and following.text in _CUT


@register("profanity")
class ProfanityCheck(Check):
    """Flags each word that matches a root, a lemma phrase or a masked spelling, unless it is allowed."""

    Options: ClassVar[type[CheckOptions]] = ProfanityOptions
    Data: ClassVar[type[LanguageData]] = ProfanityData

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        self._lexicons: dict[Language, _Lexicon] = {}
        for lang, item in data.items():
            assert isinstance(item, ProfanityData)
            self._lexicons[lang] = _Lexicon(
                roots=_union(item.roots),
                allow=_union(item.allow),
                masked=frozenset(fold(w) for w in item.masked),
                phrases=PhraseMatcher(item.phrases + item.extra_phrases),
                not_counting=NotCounting(item.not_counting),
            )

    def spans(self, doc: Doc, lang: Language) -> Iterator[tuple[int, int]]:
        """Character spans of the offending words and phrases of one language."""
        lexicon = self._lexicons[lang]
        found = list(self._found(doc, lexicon))
        look_alikes = lexicon.not_counting.spans(doc) if found else []
        for start, end in found:
            if not hidden(start, end, look_alikes):
                yield start, end

    def _found(self, doc: Doc, lexicon: _Lexicon) -> Iterator[tuple[int, int]]:
        options = self.options
        assert isinstance(options, ProfanityOptions)
        tokens = doc.tokens
        profane = lexicon.offending(doc.words())  # the words of the reply are judged once, not each token
        for i, token in enumerate(tokens if profane else ()):
            if token.folded not in profane or token.is_placeholder or token.is_punct:
                continue
            if not (options.skip_quoted and token.quoted) and not _cut_off(tokens, i):
                yield token.start, token.end
        for match in lexicon.phrases.finditer(doc):
            if options.skip_quoted and doc.tokens[match.first].quoted:
                continue
            allowed = lexicon.allow is not None and any(
                lexicon.allow.search(t.folded) for t in doc.tokens[match.first : match.last]
            )
            if not allowed:
                yield match.start, match.end

    def run(self, item: CheckInput) -> Iterable[Hit]:
        doc = item.doc
        spans = [s for lang in self.languages(doc) for s in self.spans(doc, lang)]
        for start, end in drop_overlaps(spans):
            yield Hit(start, end, {"match": doc.text[start:end]})
