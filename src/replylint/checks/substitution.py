"""Substitution (Vale's kind): phrases with the plain words to say instead, swapped in by a fix."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator

from replylint.checks.base import LanguageData, register
from replylint.checks.phrase import PhraseCheck, PhraseData


class SubstitutionData(PhraseData):
    """``swap``: each phrase (phrase syntax) with its replacement; ``phrases`` may list more without one."""

    swap: dict[str, str] = Field(
        default_factory=dict,
        description="Phrase → plain words; Russian declined words written in the nominative take the case and "
        "number of the words they replace.",
    )

    @model_validator(mode="after")
    def _swaps_apart(self) -> SubstitutionData:
        both = [key for key in self.swap if key in self.phrases or key in self.rewrite]
        if both:
            raise ValueError(f"phrase {both[0]!r} is a swap and also listed in phrases or rewrite")
        return self

    def replacements(self) -> dict[str, str]:
        return {**self.rewrite, **self.swap}


@register("substitution")
class SubstitutionCheck(PhraseCheck):
    """Flags every phrase of ``swap`` (and ``phrases``), with its replacement as a fix."""

    Data: ClassVar[type[LanguageData]] = SubstitutionData
