"""Phrase checks: lemma-aware phrase lists (``phrase``) and regular expressions (``pattern``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import ClassVar

import regex
from pydantic import Field, model_validator

from replylint.analysis import Doc
from replylint.analysis.acts import compile_gated
from replylint.analysis.inflection import inflect_like, match_case
from replylint.analysis.lookalikes import NotCounting, hidden
from replylint.analysis.matcher import Match, PhraseMatcher
from replylint.checks.base import (
    Check,
    CheckInput,
    CheckOptions,
    GatedPatterns,
    Hit,
    LanguageData,
    PhraseListData,
    register,
    valid_patterns,
)
from replylint.checks.common import drop_overlaps, performs_any
from replylint.models import Act, ContextKind, Language

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
    when: list[ContextKind] = Field(
        default_factory=list, description="Kinds of customer message the rule applies to (empty: all)."
    )


class PhraseData(PhraseListData):
    """Phrases to find, phrases whose presence anywhere in the reply silences the rule, and longer look-alikes
    that do not count ("you should have received" is no blame)."""

    phrases: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    not_counting: list[str] = Field(
        default_factory=list, alias="not-counting", description="Look-alikes: a match that overlaps one does not count."
    )
    rewrite: dict[str, str] = Field(
        default_factory=dict,
        description="Rewrites of some of the phrases (keyed by the phrase as listed), offered as fixes; Russian "
        "declined words written in the nominative take the case and number of the words they replace.",
    )

    @model_validator(mode="after")
    def _rewrites_of_listed_phrases(self) -> PhraseData:
        unknown = [key for key in self.rewrite if key not in self.phrases]
        if unknown:
            raise ValueError(f"rewrite of a phrase the rule does not list: {unknown[0]!r}")
        return self

    def replacements(self) -> dict[str, str]:
        """Each phrase that has a replacement, with it."""
        return dict(self.rewrite)


#: The Russian preposition «о» and whether each of its forms goes before a vowel («о заказе», «об этом»).
_O_FORMS = {"о": False, "об": True}


def _starts_with_vowel(text: str) -> bool:
    return text[:1].lower() in "аиоуэ"


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
        self._replacements: dict[Language, dict[int, str]] = {}
        for lang, item in data.items():
            assert isinstance(item, PhraseData)
            replacements = item.replacements()
            phrases = [*item.phrases, *(p for p in replacements if p not in item.phrases), *item.extra_phrases]
            self._matchers[lang] = (
                PhraseMatcher(phrases),
                PhraseMatcher(item.unless),
                NotCounting(item.not_counting),
            )
            self._replacements[lang] = {i: replacements[p] for i, p in enumerate(phrases) if p in replacements}

    def matcher(self, lang: Language) -> PhraseMatcher:
        """The matcher of one language's phrases (``Match.phrase`` indexes its ``phrases``)."""
        return self._matchers[lang][0]

    def replacement(self, doc: Doc, lang: Language, match: Match) -> str | None:
        """The text that could replace a match, fitted to its case (and, in Russian, its case and number)."""
        text = self._replacements[lang].get(match.phrase)
        if text is None:
            return None
        if lang is Language.RU:
            previous = doc.tokens[match.first - 1] if match.first else None
            if previous is not None and previous.sentence != doc.tokens[match.first].sentence:
                previous = None
            inflected = inflect_like(text, doc.tokens[match.first : match.last], previous)
            if inflected is None:
                return None
            text = inflected
            if previous is not None and _O_FORMS.get(previous.folded, _starts_with_vowel(text)) != _starts_with_vowel(
                text
            ):
                return None  # «о вышеуказанной» → «об этой»: the fix would have to change the word before
        return match_case(text, doc.text[match.start : match.end])

    def matches(self, doc: Doc, lang: Language) -> Iterator[Match]:
        """The matches of the phrases of one language that count."""
        options = self.options
        assert isinstance(options, PhraseOptions)
        found, unless, not_counting = self._matchers[lang]
        matches = list(found.finditer(doc)) if found else []
        if not matches or (unless and unless.search(doc)):
            return  # the phrases first: most replies hold none, and then the other lists need not be read
        look_alikes = not_counting.spans(doc)
        for match in matches:
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
        options = self.options
        assert isinstance(options, PhraseOptions)
        if item.outside(options.when):
            return
        doc = item.doc
        found = [(lang, m) for lang in self.languages(doc) for m in self.matches(doc, lang)]
        spans = [(m.start, m.end) for _, m in found]
        if spans and options.unless_acts and performs_any(item.sentence_acts(), options.unless_acts):
            return
        by_span: dict[tuple[int, int], tuple[Language, Match]] = {}
        for lang, m in found:
            by_span.setdefault((m.start, m.end), (lang, m))
        for start, end in drop_overlaps(spans):
            replacement = self.replacement(doc, *by_span[start, end]) if self._replacements else None
            yield Hit(start, end, {"match": doc.text[start:end]}, replacement)


class PatternData(LanguageData):
    """Regular expressions (the ``regex`` module's syntax) to find in this language."""

    patterns: GatedPatterns = Field(default_factory=list)


class PatternOptions(PhraseOptions):
    """Pattern options: language-neutral patterns besides the per-language ones."""

    patterns: GatedPatterns = Field(default_factory=list, description="Patterns for replies in any language.")
    ignore_case: bool = Field(False, alias="ignore-case")
    replacements: list[tuple[str, str]] = Field(
        default_factory=list,
        description="Fixes: ``[pattern, text]`` pairs; a match is replaced by the text of the first pair whose "
        "pattern is found in it.",
    )

    @model_validator(mode="after")
    def _valid_replacement_patterns(self) -> PatternOptions:
        valid_patterns([pattern for pattern, _ in self.replacements])
        return self


@register("pattern")
class PatternCheck(Check):
    """Flags every match of a regular expression."""

    Options: ClassVar[type[CheckOptions]] = PatternOptions
    Data: ClassVar[type[LanguageData]] = PatternData

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        assert isinstance(options, PatternOptions)
        flags = regex.IGNORECASE if options.ignore_case else 0
        self._neutral = compile_gated(options.patterns, flags)
        self._by_lang = {
            lang: compile_gated(item.patterns, flags) for lang, item in data.items() if isinstance(item, PatternData)
        }
        self._replacements = [(regex.compile(p, flags), text) for p, text in options.replacements]

    def replacement(self, matched: str) -> str | None:
        """The text of the first replacement whose pattern is found in the matched text."""
        return next((text for pattern, text in self._replacements if pattern.search(matched)), None)

    def applies(self, doc: Doc) -> bool:
        return bool(self._neutral) or any(self._by_lang.get(lang) for lang in self.languages(doc))

    def run(self, item: CheckInput) -> Iterable[Hit]:
        doc = item.doc
        options = self.options
        assert isinstance(options, PatternOptions)
        if item.outside(options.when):
            return
        compiled = list(self._neutral)
        for lang in self.languages(doc):
            compiled.extend(self._by_lang[lang])
        spans = [m.span() for pattern, gate in compiled for m in self.find_all(pattern, doc.text, gate)]
        for start, end in drop_overlaps(spans):
            if options.skip_quoted and doc.is_quoted(start, end):
                continue
            matched = doc.text[start:end]
            yield Hit(start, end, {"match": matched}, self.replacement(matched))
