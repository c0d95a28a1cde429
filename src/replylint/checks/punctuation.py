"""Exclamation density: too many separate "!" in one reply (runs such as "!!!" are RL101's)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from pydantic import Field

from replylint.checks.base import Check, CheckInput, CheckOptions, Hit, register


class DensityOptions(CheckOptions):
    """Limit on separate exclamation marks; a run such as "!!!" or "?!" counts once."""

    max_per_reply: int = Field(2, ge=0, alias="max-per-reply")


@register("exclamation-density")
class ExclamationDensityCheck(Check):
    """Flags the first "!" beyond the per-reply limit."""

    Options: ClassVar[type[CheckOptions]] = DensityOptions
    language_neutral: ClassVar[bool] = True

    def run(self, item: CheckInput) -> Iterable[Hit]:
        options = self.options
        assert isinstance(options, DensityOptions)
        if item.doc.text.count("!") <= options.max_per_reply:
            return  # each mark is a "!" of the text: too few to pass the limit
        tokens = item.doc.tokens
        marks = []
        for i, token in enumerate(tokens):
            previous = tokens[i - 1] if i else None
            in_run = previous is not None and previous.end == token.start and previous.text in ("!", "?")
            if token.text == "!" and not in_run:
                marks.append(token)
        if len(marks) > options.max_per_reply:
            mark = marks[options.max_per_reply]
            yield Hit(mark.start, mark.end, {"count": str(len(marks)), "limit": str(options.max_per_reply)})
