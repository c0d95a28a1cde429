"""Spans of a reply that are not the agent's own prose: quotes, reported speech, placeholders."""

from __future__ import annotations

import regex

#: Template placeholders: Jinja/Liquid/Handlebars ``{{ x }}``, tags ``{% x %}``, ``{x}``, ``${x}``,
#: ``%x%``, ``[[x]]`` and bracketed upper-case slots such as ``[NAME]`` or ``[ИМЯ]``.
PLACEHOLDER = regex.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\$\{[^{}\n]*\}|\{[\p{L}_][\p{L}\p{N}_.]*\}"
    r"|%[\p{L}_][\p{L}\p{N}_.]*%|\[\[[^\[\]\n]+\]\]|\[[\p{Lu}_][\p{Lu}\p{N}_ ]{1,30}\]",
)
#: Placeholder names that stand for the customer's name.
NAME_PLACEHOLDER = regex.compile(
    r"(?i)(?:first|last|full|customer|client|requester|user|guest)?[_.\s]*name|имя|клиент|фио",
)

_QUOTE = regex.compile(r"«[^«»]{1,400}»|“[^“”]{1,400}”|„[^„“]{1,400}“|\"[^\"\n]{1,400}\"")
_REPORTED = regex.compile(
    r"(?i)\b(?:вы|клиент|гость)\s+(?:(?:пишете|написали|пишет|написал[аи]?|утверждаете|утверждает|"
    r"говорите|отмечаете|жалуетесь|считаете|заявляете)\b"
    # «вы указали неверный адрес» is the agent's own claim; «вы указали, что …» reports the customer.
    r"|(?:сказали|указали|отметили)\s*(?:,\s*)?(?:(?:что|будто|как|о|об)\b|[:«\"]))[^.!?\n]*"
    r"|\b(?:you|the\s+guest|the\s+customer)\s+(?:say|said|says|wrote|write|writes|mention(?:ed|s)?|"
    r"claim(?:ed|s)?|state(?:d|s)?|feel|felt|complain(?:ed|s)?\s+that)\b[^.!?\n]*",
)


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of template placeholders."""
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
