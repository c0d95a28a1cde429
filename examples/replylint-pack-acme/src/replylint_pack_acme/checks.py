"""A check kind of the Acme pack: a reply that mentions a ticket without giving its number."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

import regex
from pydantic import Field

from replylint.checks import Check, CheckInput, CheckOptions, Hit, LanguageData
from replylint.models import Language


class TicketOptions(CheckOptions):
    """What a ticket number looks like."""

    number: str = Field(r"(?:#|ACME-)\d{4,}", description="A regular expression of a ticket number.")


class TicketData(LanguageData):
    """Per language: regular expressions of the word for a ticket."""

    words: list[str] = Field(default_factory=list)


class TicketNumberCheck(Check):
    """Flags the first mention of a ticket in a reply that holds no ticket number."""

    Options: ClassVar[type[CheckOptions]] = TicketOptions
    Data: ClassVar[type[LanguageData]] = TicketData

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        assert isinstance(options, TicketOptions)
        self._number = regex.compile(options.number)
        self._words = {
            lang: regex.compile("|".join(d.words), regex.IGNORECASE)
            for lang, d in data.items()
            if isinstance(d, TicketData) and d.words
        }

    def run(self, item: CheckInput) -> Iterable[Hit]:
        text = item.doc.text
        if self.find_first(self._number, text) is not None:
            return
        for lang in self.languages(item.doc):
            if lang in self._words and (found := self.find_first(self._words[lang], text)) is not None:
                yield Hit(found.start(), found.end(), {"match": found.group()})
                return
