"""Bare acts: a sentence act that, with none of its remedies anywhere in the reply, is a problem by itself.

A refusal («Разблокировка невозможна.», "We cannot refund opened items.") with no alternative, no commitment, no
instruction and no answer anywhere in the reply brushes the customer off; the same refusal beside an offer does not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from pydantic import Field

from replylint.checks.base import Check, CheckInput, CheckOptions, Hit, LanguageData, register
from replylint.checks.common import performs_any
from replylint.models import Act, ContextKind


class RemedyOptions(CheckOptions):
    """The acts that, anywhere in the reply, remedy what a check reports."""

    unless_acts: list[Act] = Field(
        default_factory=list, alias="unless-acts", description="Acts anywhere in the reply that remedy it."
    )


class BareActOptions(RemedyOptions):
    """Which acts are a problem when alone, and what remedies them."""

    acts: list[Act] = Field(default_factory=list, description="Sentence acts flagged when nothing remedies them.")
    when: list[ContextKind] = Field(
        default_factory=list, description="Kinds of customer message it applies to (empty: always)."
    )


@register("bare-act")
class BareActCheck(Check):
    """Flags each sentence performing one of ``acts`` when no sentence of the reply performs an ``unless-acts``."""

    Options: ClassVar[type[CheckOptions]] = BareActOptions
    Data: ClassVar[type[LanguageData]] = LanguageData
    language_neutral: ClassVar[bool] = True

    def run(self, item: CheckInput) -> Iterable[Hit]:
        options = self.options
        assert isinstance(options, BareActOptions)
        if item.outside(options.when):
            return
        sentences = item.sentence_acts()
        if performs_any(sentences, options.unless_acts):
            return
        flagged = frozenset(options.acts)
        text = item.doc.text
        for sentence in sentences:
            if not flagged.isdisjoint(sentence.acts):
                yield Hit(sentence.start, sentence.end, {"match": text[sentence.start : sentence.end].strip()})
