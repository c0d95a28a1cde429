"""Phrase checks: lemma-aware phrase lists (``phrase``) and regular expressions (``pattern``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import ClassVar

import regex
from pydantic import Field

from replylint.analysis import Doc
from replylint.analysis.acts import sentence_acts
from replylint.analysis.lookalikes import NotCounting, hidden
from replylint.analysis.matcher import Match, PhraseMatcher
from replylint.checks.base import Check, CheckInput, CheckOptions, Hit, LanguageData, Patterns, PhraseListData, register
from replylint.checks.common import drop_overlaps
from replylint.models import Act, Language

_NEGATIONS = frozenset({"не", "нет", "ни", "not", "no", "never", "nothing", "neither", "nor"})


class PhraseOptions(CheckOptions):
    """Options shared by phrase and pattern checks."""

    skip_quoted: bool = Field(True, alias="skip-quoted", description="Ignore matches inside quotations.")
    negation_guard: bool = Field(
        False, alias="negation-guard", description="Ignore a match right after a negation (не, not)."
    )
    unless_acts: list[Act] = Field(
        default_factory=list,
        alias="unless-acts",
        description="Sentence acts (docs/acts.md) whose presence anywhere in the reply silences the rule.",
    )


class PhraseData(PhraseListData):
    """Phrases to find, phrases whose presence anywhere in the reply silences the rule, and longer look-alikes
    that do not count ("you should have received" is no blame)."""

    phrases: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    not_counting: list[str] = Field(
        default_factory=list, alias="not-counting", description="Look-alikes: a match that overlaps one does not count."
    )


def _negated(doc: Doc, first: int) -> bool:
    sentence = doc.tokens[first].sentence
    for token in doc.tokens[max(0, first - 2) : first]:
        if token.sentence == sentence and token.folded in _NEGATIONS:
            return True
    return False


@register("phrase")
class PhraseCheck(Check):
    """Flags every occurrence of a listed phrase (matched on lemmas or stems)."""

    Options: ClassVar[type[CheckOptions]] = PhraseOptions
    Data: ClassVar[type[LanguageData]] = PhraseData

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        self._matchers: dict[Language, tuple[PhraseMatcher, PhraseMatcher, NotCounting]] = {}
        for lang, item in data.items():
            assert isinstance(item, PhraseData)
            self._matchers[lang] = (
                PhraseMatcher(item.phrases + item.extra_phrases),
                PhraseMatcher(item.unless),
                NotCounting(item.not_counting),
            )

    def matcher(self, lang: Language) -> PhraseMatcher:
        """The matcher of one language's phrases (``Match.phrase`` indexes its ``phrases``)."""
        return self._matchers[lang][0]

    def matches(self, doc: Doc, lang: Language) -> Iterator[Match]:
        """The matches of the phrases of one language that count."""
        options = self.options
        assert isinstance(options, PhraseOptions)
        found, unless, not_counting = self._matchers[lang]
        if not found or (unless and unless.search(doc)):
            return
        look_alikes = not_counting.spans(doc)
        for match in found.finditer(doc):
            if options.skip_quoted and doc.tokens[match.first].quoted:
                continue
            if hidden(match.start, match.end, look_alikes):
                continue
            if options.negation_guard and _negated(doc, match.first):
                continue
            yield match

    def spans(self, doc: Doc, lang: Language) -> Iterator[tuple[int, int]]:
        """Character spans of the phrases of one language that count."""
        return ((m.start, m.end) for m in self.matches(doc, lang))

    def run(self, item: CheckInput) -> Iterable[Hit]:
        doc = item.doc
        spans = [s for lang in self.languages(doc) for s in self.spans(doc, lang)]
        options = self.options
        assert isinstance(options, PhraseOptions)
        if spans and options.unless_acts:
            acts = sentence_acts(doc, item.context_kind) if item.acts is None else item.acts
            if any(not set(options.unless_acts).isdisjoint(s.acts) for s in acts):
                return
        for start, end in drop_overlaps(spans):
            yield Hit(start, end, {"match": doc.text[start:end]})


class PatternData(LanguageData):
    """Regular expressions (the ``regex`` module's syntax) to find in this language."""

    patterns: Patterns = Field(default_factory=list)


class PatternOptions(PhraseOptions):
    """Pattern options: language-neutral patterns besides the per-language ones."""

    patterns: Patterns = Field(default_factory=list, description="Patterns for replies in any language.")
    ignore_case: bool = Field(False, alias="ignore-case")


@register("pattern")
class PatternCheck(Check):
    """Flags every match of a regular expression."""

    Options: ClassVar[type[CheckOptions]] = PatternOptions
    Data: ClassVar[type[LanguageData]] = PatternData

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        assert isinstance(options, PatternOptions)
        flags = regex.IGNORECASE if options.ignore_case else 0
        self._neutral = [regex.compile(p, flags) for p in options.patterns]
        self._by_lang = {
            lang: [regex.compile(p, flags) for p in item.patterns]
            for lang, item in data.items()
            if isinstance(item, PatternData)
        }

    def applies(self, doc: Doc) -> bool:
        return bool(self._neutral) or any(self._by_lang.get(lang) for lang in self.languages(doc))

    def run(self, item: CheckInput) -> Iterable[Hit]:
        doc = item.doc
        options = self.options
        assert isinstance(options, PatternOptions)
        compiled = list(self._neutral)
        for lang in self.languages(doc):
            compiled.extend(self._by_lang[lang])
        spans = [m.span() for pattern in compiled for m in self.find_all(pattern, doc.text)]
        for start, end in drop_overlaps(spans):
            if options.skip_quoted and doc.is_quoted(start, end):
                continue
            yield Hit(start, end, {"match": doc.text[start:end]})
