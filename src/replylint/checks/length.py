"""Length limits: a reply over a channel's character limit, and a wall of text without a break."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

import regex
from pydantic import Field

from replylint.analysis.doc import Doc
from replylint.checks.base import Check, CheckInput, CheckOptions, Hit, register
from replylint.checks.common import URL

_LEADING_MENTIONS = regex.compile(r"(?:\s*@\w+)+\s*")
_PARAGRAPH = regex.compile(r"[^\n]+")


class MaxLengthOptions(CheckOptions):
    """A limit in characters and how the channel counts them."""

    max_chars: int = Field(280, ge=1, alias="max-chars")
    count_urls_as: int | None = Field(
        None,
        ge=1,
        alias="count-urls-as",
        description="Characters a link counts for (23 on X/Twitter); null: its length.",
    )
    skip_leading_mentions: bool = Field(
        False, alias="skip-leading-mentions", description="Leading @mentions of a reply do not count."
    )


@register("max-length")
class MaxLengthCheck(Check):
    """Flags the part of a reply beyond the character limit."""

    Options: ClassVar[type[CheckOptions]] = MaxLengthOptions
    language_neutral: ClassVar[bool] = True

    def _pieces(self, text: str) -> Iterator[tuple[int, int, int | None]]:
        """``(start, end, weight)`` pieces of the counted text: prose (weight None: its length) and links."""
        options = self.options
        assert isinstance(options, MaxLengthOptions)
        position = 0
        if options.skip_leading_mentions:
            mentions = _LEADING_MENTIONS.match(text)
            position = mentions.end() if mentions else 0
        end = len(text.rstrip())
        if options.count_urls_as:
            for link in URL.finditer(text, position, end):
                yield position, link.start(), None
                yield link.start(), link.end(), options.count_urls_as
                position = link.end()
        yield position, end, None

    def run(self, item: CheckInput) -> Iterable[Hit]:
        options = self.options
        assert isinstance(options, MaxLengthOptions)
        limit = options.max_chars
        counted = 0
        overflow: int | None = None
        for start, end, weight in self._pieces(item.doc.text):
            size = end - start if weight is None else weight
            if overflow is None and counted + size > limit:
                overflow = start + (limit - counted) if weight is None else start
            counted += size
        if overflow is not None:
            yield Hit(overflow, len(item.doc.text.rstrip()), {"length": str(counted), "limit": str(limit)})


class WallOfTextOptions(CheckOptions):
    """Limits of one paragraph: a block of text without a line break."""

    max_chars: int = Field(500, ge=1, alias="max-chars", description="Characters in one paragraph.")
    max_sentences: int = Field(5, ge=1, alias="max-sentences", description="Sentences in one paragraph.")


@register("wall-of-text")
class WallOfTextCheck(Check):
    """Flags a paragraph that is too long or holds too many sentences to read at a glance."""

    Options: ClassVar[type[CheckOptions]] = WallOfTextOptions
    language_neutral: ClassVar[bool] = True

    def run(self, item: CheckInput) -> Iterable[Hit]:
        options = self.options
        assert isinstance(options, WallOfTextOptions)
        doc = item.doc
        for paragraph in _PARAGRAPH.finditer(doc.text):
            start, end = paragraph.span()
            chars = len(paragraph.group().strip())
            sentences = _sentences_in(doc, start, end)
            if chars > options.max_chars or sentences > options.max_sentences:
                values = {
                    "chars": str(chars),
                    "sentences": str(sentences),
                    "max_chars": str(options.max_chars),
                    "max_sentences": str(options.max_sentences),
                }
                yield Hit(start, end, values)


def _sentences_in(doc: Doc, start: int, end: int) -> int:
    return sum(1 for s in doc.sentences if start <= s.start < end)
