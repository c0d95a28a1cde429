"""Template leftovers in text about to be sent: unresolved placeholders and empty slots («Здравствуйте, !»)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from replylint.analysis.spans import SpanIndex
from replylint.checks.base import Check, CheckInput, Hit, register
from replylint.checks.phrase import PatternCheck


@register("placeholder")
class PlaceholderCheck(Check):
    """Flags every placeholder ({{ name }}, [ИМЯ], %name%) unless the text is a template, where they belong."""

    language_neutral: ClassVar[bool] = True

    def run(self, item: CheckInput) -> Iterable[Hit]:
        if item.template:
            return
        doc = item.doc
        for start, end in doc.placeholders:
            yield Hit(start, end, {"match": doc.text[start:end]})


@register("empty-slot")
class EmptySlotCheck(PatternCheck):
    """Pattern matches that mark a slot filled with nothing ("Dear ,", "Hi None,"), outside placeholders."""

    def run(self, item: CheckInput) -> Iterable[Hit]:
        placeholders = SpanIndex(item.doc.placeholders)  # a reply full of them is no slower per character
        for hit in super().run(item):
            start, end = hit.start or 0, hit.end or 0
            if not placeholders.overlaps(start, end):
                yield hit


@register("empty")
class EmptyCheck(Check):
    """Flags a reply with no text at all, or only white space: a template rendered empty, a form sent blank."""

    language_neutral: ClassVar[bool] = True

    def run(self, item: CheckInput) -> Iterable[Hit]:
        if not item.doc.text.strip():
            yield Hit(None, None)
