"""Greeting: a reply should open by greeting or addressing the person («Здравствуйте, Анна!», "Hi Sarah,")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

import regex
from pydantic import Field

from replylint.analysis.doc import Doc, Sentence
from replylint.analysis.matcher import PhraseMatcher
from replylint.analysis.spans import is_name_placeholder
from replylint.checks.base import Check, CheckInput, CheckOptions, Hit, LanguageData, Patterns, register
from replylint.models import Language

#: pymorphy3 grammemes of a first name or patronymic: «Анна», «Сергеевич» address the person.
_ADDRESS_GRAMMEMES = frozenset({"Name", "Patr"})


class GreetingOptions(CheckOptions):
    """Where the greeting is looked for and what counts as addressing."""

    opening_sentences: int = Field(
        2, ge=1, alias="opening-sentences", description="Sentences at the start searched for a greeting."
    )
    morphology: bool = Field(True, description="A Russian first name or patronymic (pymorphy3) counts as addressing.")


class GreetingData(LanguageData):
    """Greeting phrases and patterns of addressing the person in one language."""

    greetings: list[str] = Field(default_factory=list, description="Phrases, matched on lemmas or stems.")
    addressing: Patterns = Field(default_factory=list, description="Regexes searched in each opening sentence.")


@register("greeting")
class GreetingCheck(Check):
    """Flags a reply whose opening neither greets nor addresses the person."""

    Options: ClassVar[type[CheckOptions]] = GreetingOptions
    Data: ClassVar[type[LanguageData]] = GreetingData

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        self._by_lang: dict[Language, tuple[PhraseMatcher, list[regex.Pattern[str]]]] = {}
        for lang, item in data.items():
            assert isinstance(item, GreetingData)
            self._by_lang[lang] = (PhraseMatcher(item.greetings), [regex.compile(p) for p in item.addressing])

    def opening(self, doc: Doc) -> list[Sentence]:
        """The first sentences with words or placeholders (a sentence of @handles alone does not count)."""
        options = self.options
        assert isinstance(options, GreetingOptions)
        found = [s for s in doc.sentences if any(t.is_alpha or t.is_placeholder for t in doc.tokens[s.first : s.last])]
        return found[: options.opening_sentences]

    def greets(self, item: CheckInput, opening: list[Sentence]) -> bool:
        """Whether the opening greets or addresses the person."""
        options = self.options
        assert isinstance(options, GreetingOptions)
        doc = item.doc
        last = opening[-1].last
        for lang in self.languages(doc):
            greetings, addressing = self._by_lang[lang]
            if any(match.first < last for match in greetings.finditer(doc)):
                return True
            if any(self.find_first(p, doc.text[s.start : s.end]) for s in opening for p in addressing):
                return True
        tokens = doc.tokens[opening[0].first : last]
        if options.morphology and any(
            t.is_alpha and t.text[:1].isupper() and t.readings and _ADDRESS_GRAMMEMES & t.readings[0].grammemes
            for t in tokens
        ):
            return True
        return item.template and any(t.is_placeholder and is_name_placeholder(t.text) for t in tokens)

    def run(self, item: CheckInput) -> Iterable[Hit]:
        opening = self.opening(item.doc)
        if opening and not self.greets(item, opening):
            yield Hit(None, None)
