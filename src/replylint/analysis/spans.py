"""Spans of a reply that are not the agent's own prose: quotes, reported speech, placeholders."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

import regex

#: Template placeholders: Jinja/Liquid/Handlebars ``{{ x }}``, tags ``{% x %}``, ``{x}``, ``${x}``,
#: ``%x%``, ``[[x]]`` and bracketed upper-case slots such as ``[NAME]`` or ``[ИМЯ]``. A tag reads at most 300
#: characters and stops at the next opening delimiter, so a reply full of ``{{`` takes linear time.
PLACEHOLDER = regex.compile(
    r"\{\{(?:(?!\}\}|\{\{).){0,300}\}\}|\{%(?:(?!%\}|\{%).){0,300}%\}|\{#(?:(?!#\}|\{#).){0,300}#\}|\$\{[^{}\n]*\}|\{[\p{L}_][\p{L}\p{N}_.]*\}"
    r"|%[\p{L}_][\p{L}\p{N}_.]*%|\[\[[^\[\]\n]+\]\]|\[[\p{Lu}_][\p{Lu}\p{N}_ ]{1,30}\]",
)
#: Placeholder names that stand for the customer's name.
NAME_PLACEHOLDER = regex.compile(
    r"(?i)(?:first|last|full|customer|client|requester|user|guest)?[_.\s]*name|имя|клиент|фио",
)

_QUOTE = regex.compile(r"«[^«»]{1,400}»|“[^“”]{1,400}”|„[^„“]{1,400}“|\"[^\"\n]{1,400}\"")
_REPORTED = regex.compile(
    r"(?i)\b(?:вы|клиент|гость)\s+(?:пишете|написали|пишет|написал[аи]?|утверждаете|утверждает|"
    r"говорите|сказали|указали|отмечаете|отметили|жалуетесь|считаете|заявляете)\b[^.!?\n]*"
    r"|\b(?:you|the\s+guest|the\s+customer)\s+(?:say|said|says|wrote|write|writes|mention(?:ed|s)?|"
    r"claim(?:ed|s)?|state(?:d|s)?|feel|felt|complain(?:ed|s)?\s+that)\b[^.!?\n]*",
)


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of template placeholders."""
    if "{" not in text and "[" not in text and "%" not in text:
        return []  # every placeholder has one of these: most replies are done here
    return [m.span() for m in PLACEHOLDER.finditer(text)]


def is_name_placeholder(placeholder: str) -> bool:
    """Whether a placeholder stands for the addressee's name."""
    inner = placeholder.strip("{}%[]$#").strip()
    return bool(NAME_PLACEHOLDER.search(inner.rsplit(".", 1)[-1]))


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotations and of reported customer speech (``вы пишете, что …``)."""
    spans = [m.span() for m in _QUOTE.finditer(text)]
    spans.extend(m.span() for m in _REPORTED.finditer(text))
    return sorted(spans)


class SpanIndex:
    """Whether a span lies inside one of a sorted list of spans, in logarithmic time."""

    __slots__ = ("reach", "starts")

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.starts = [start for start, _ in spans]
        self.reach = list(accumulate((end for _, end in spans), max))

    def covers(self, start: int, end: int) -> bool:
        """Whether some span starts at or before ``start`` and ends at or after ``end``."""
        i = bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end
