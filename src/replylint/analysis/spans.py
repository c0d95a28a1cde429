"""Spans of a reply that are not the agent's own prose: quotes, reported speech, placeholders."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate

import regex

#: Words of a slot a person was meant to fill in: «[Имя]», "[Order Number]", "<customer name>".
_SLOT_WORDS = (
    r"(?:customer|client|agent|company|product|order|insert|date|e-?mail|link|url|"
    r"phone|amount|number|name|signature|"
    r"имя|имени|фамили\w*|фио|клиент\w*|оператор\w*|сотрудник\w*|компани\w*|магазин\w*|товар\w*|заказ\w*|"
    r"номер\w*|дат[аы]|почт\w*|телефон\w*|адрес\w*|ссылк\w*|сумм\w*|подпис\w*|название|вставьте|укажите)"
)
#: At most four words on either side of the slot word, so a bracket that never closes is read a bounded stretch.
_SLOT = rf"(?:\p{{L}}{{1,40}}[ _]){{0,4}}?{_SLOT_WORDS}(?:[ _]\p{{L}}{{1,40}}){{0,4}}?"
#: HTML tags that look like angle-bracket slots.
_TAGS = (
    r"(?i:div|span|body|html|head|table|tbody|thead|font|center|strong|img|title|meta|link|form|input|address|time)>"
)
#: Template placeholders: Jinja/Liquid/Handlebars ``{{ x }}``, tags ``{% x %}``, ``{x}``, ``${x}``, ``%x%``,
#: ``[[x]]``, bracketed upper-case slots (``[NAME]``, ``[ИМЯ]``, ``<NAME>``), bracketed slot words in any case
#: (``[Name]``, ``[Имя клиента]``, ``<name>``; not a Markdown link) and a run of four or more X (``XXXXX``;
#: not a masked card number such as ``XXXX XXXX XXXX 4242``, nor the Roman ``XX``/``XXX``). A tag reads at most
#: 300 characters and stops at the next opening delimiter, so a reply full of ``{{`` takes linear time.
PLACEHOLDER = regex.compile(
    r"\{\{\{(?:(?!\}\}|\{\{).){0,300}\}\}\}|(?<!\{)\{\{(?!\{)(?:(?!\}\}|\{\{).){0,300}\}\}"
    r"|\{%(?:(?!%\}|\{%).){0,300}%\}|\{#(?:(?!#\}|\{#).){0,300}#\}"
    r"|\$\{[^{}\n]*\}|(?<!\{)\{[\p{L}_][\p{L}\p{N}_.]*\}(?!\})"
    r"|%[\p{L}_][\p{L}\p{N}_.]*%|\[\[[^\[\]\n]+\]\]|\[[\p{Lu}_][\p{Lu}\p{N}_ ]{1,30}\]"
    rf"|(?i:\[{_SLOT}\])(?!\()|<(?!{_TAGS})(?:[\p{{Lu}}_][\p{{Lu}}\p{{N}}_ ]{{2,30}}|(?i:{_SLOT}))>"
    r"|(?<![\p{L}\p{N}])(?<![\p{N}XХ][ \t.-])[XХ]{4,}(?![\p{L}\p{N}])(?![ \t.-][\p{N}XХ])",
)
#: One of these is in every placeholder (``XXXX`` in Latin or Cyrillic letters).
_PLACEHOLDER_MARKS = ("{", "[", "%", "<", "XXXX", "ХХХХ")
#: Placeholder names that stand for the customer's name.
NAME_PLACEHOLDER = regex.compile(
    r"(?i)(?:first|last|full|customer|client|requester|user|guest)?[_.\s]*name|имя|клиент|фио",
)

_QUOTE = regex.compile(r"«[^«»]{1,400}»|“[^“”]{1,400}”|„[^„“]{1,400}“|\"[^\"\n]{1,400}\"")
#: The opening marks of :data:`_QUOTE`: a reply without one holds no quotation (most do not).
_QUOTE_MARKS = ("«", "“", "„", '"')
_REPORTED = regex.compile(
    r"(?i)\b(?:вы|клиент|гость)\s+(?:(?:пишете|написали|пишет|написал[аи]?|утверждаете|утверждает|"
    r"говорите|отмечаете|жалуетесь|считаете|заявляете|спрашиваете|спрашивает)\b"
    # «вы указали неверный адрес» is the agent's own claim; «вы указали, что …» reports the customer.
    r"|(?:сказали|указали|отметили)\s*(?:,\s*)?(?:(?:что|будто|как|о|об)\b|[:«\"]))[^.!?\n]*"
    # «По вашим словам, …», «С ваших слов, …»: the customer's account, told back.
    r"|\b(?:по\s+вашим\s+словам|с\s+ваших\s+слов)\b[^.!?\n]*"
    r"|\b(?:you|the\s+guest|the\s+customer)\s+(?:say|said|says|wrote|write|writes|mention(?:ed|s)?|"
    r"claim(?:ed|s)?|state(?:d|s)?|feel|felt|complain(?:ed|s)?\s+that)\b[^.!?\n]*"
    r"|\baccording\s+to\s+you\b[^.!?\n]*",
)


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of template placeholders."""
    if not any(mark in text for mark in _PLACEHOLDER_MARKS):
        return []  # every placeholder has one of these: most replies are done here
    return [m.span() for m in PLACEHOLDER.finditer(text)]


def is_name_placeholder(placeholder: str) -> bool:
    """Whether a placeholder stands for the addressee's name."""
    inner = placeholder.strip("{}%[]<>$#").strip()
    return bool(NAME_PLACEHOLDER.search(inner.rsplit(".", 1)[-1]))


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotations in quotation marks alone (not reported speech)."""
    if not any(mark in text for mark in _QUOTE_MARKS):
        return []
    return [m.span() for m in _QUOTE.finditer(text)]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotations and of reported customer speech (``вы пишете, что …``)."""
    spans = quotation_spans(text)
    spans.extend(m.span() for m in _REPORTED.finditer(text))
    return sorted(spans)


class SpanIndex:
    """Whether a span lies inside, or overlaps, one of a list of spans sorted by start, in logarithmic time."""

    __slots__ = ("reach", "starts")

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.starts = [start for start, _ in spans]
        self.reach = list(accumulate((end for _, end in spans), max))

    def covers(self, start: int, end: int) -> bool:
        """Whether some span starts at or before ``start`` and ends at or after ``end``."""
        i = bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span shares a character with ``[start, end)``, as :func:`replylint.checks.common.overlaps`
        says, without reading every span: some span starts before ``end`` and ends after ``start``."""
        i = bisect_left(self.starts, end)
        return i > 0 and self.reach[i - 1] > start
