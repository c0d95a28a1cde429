"""Jinja2, Liquid, Handlebars and Mustache templates: placeholders stay, control tags and comments are not text.

One scanner reads all four: their tags do not clash (``{% %}`` and ``{# #}`` are Jinja/Liquid, ``{{#…}}``,
``{{/…}}``, ``{{^…}}``, ``{{else}}``, ``{{> …}}`` and ``{{! }}`` are Handlebars/Mustache), so a macro body in a
YAML or JSON export is read the same way whatever engine renders it.
"""

from __future__ import annotations

import re

from replylint.sources.base import Comment, Segment, SegmentBuilder, SourceFile

_OPEN = re.compile(r"\{\{\{|\{\{|\{%|\{#")
_END_COMMENT = re.compile(r"\{%-?\s*endcomment\s*-?%\}")
_END_RAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_TRIM = "-~+ \t\r\n"
_ELSE = re.compile(r"else\b")


def _tag_end(text: str, start: int, closer: str) -> int:
    """Offset of ``closer`` after ``start``, skipping quoted strings; -1 when the tag is not closed."""
    i, n = start, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"":
            j = text.find(ch, i + 1)
            if j == -1:
                return text.find(closer, start)
            i = j + 1
        elif text.startswith(closer, i):
            return i
        else:
            i += 1
    return -1


def _is_control(inner: str) -> bool:
    """Whether the inside of a ``{{ … }}`` tag is a Handlebars/Mustache block, inverse, partial, else,
    delimiter change or decorator: not output."""
    return not inner or inner[0] in "#/^>=*" or _ELSE.match(inner) is not None


class _Reducer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.builder = SegmentBuilder()
        self.comments: list[Comment] = []

    def drop(self, end: int) -> None:
        """Skip a control tag ending at ``end``; keep words on either side apart."""
        left = self.builder.last_char()
        right = self.text[end : end + 1]
        if left and right.isalnum() and not left.isalnum() and not left.isspace():
            self.builder.insert(" ")

    def comment(self, start: int, end: int, body_start: int, body_end: int) -> int:
        self.comments.append(Comment(start, end, body_start, body_end))
        self.drop(end)
        return end

    def comment_to(self, start: int, closer: str, body_start: int) -> int:
        """A comment from ``start`` to ``closer``; one that is never closed runs to the end of the file, as an
        unclosed ``{% comment %}`` does (the template engine would refuse to render it)."""
        end = self.text.find(closer, body_start)
        if end < 0:
            return self.comment(start, len(self.text), body_start, len(self.text))
        return self.comment(start, end + len(closer), body_start, end)

    def run(self) -> int:
        text, builder = self.text, self.builder
        position = 0
        while (match := _OPEN.search(text, position)) is not None:
            builder.take(text[position : match.start()], position)
            position = self.tag(match.start(), match.group())
            if position < 0:
                position = match.start()
                break
        builder.take(text[position:], position)
        return position

    def tag(self, start: int, opener: str) -> int:
        """Read the tag at ``start``; return the offset after it, or -1 when it is not closed."""
        text = self.text
        body = start + len(opener)
        if opener == "{#":
            return self.comment_to(start, "#}", body)
        if opener == "{{{":
            end = text.find("}}}", body)
            if end < 0:
                return -1
            self.builder.take(text[start + 1 : end + 2], start + 1)
            return end + 3
        inner_start = body
        while inner_start < len(text) and text[inner_start] in _TRIM:
            inner_start += 1
        if opener == "{{":
            if text.startswith("!--", inner_start):
                return self.comment_to(start, "--}}", inner_start + 3)
            if text.startswith("!", inner_start):
                return self.comment_to(start, "}}", inner_start + 1)
            end = _tag_end(text, body, "}}")
            if end < 0:
                return -1
            if _is_control(text[inner_start:end].strip(_TRIM)):
                self.drop(end + 2)
            else:
                self.builder.take(text[start : end + 2], start)
            return end + 2
        # "{%": Jinja/Liquid statements.
        if text.startswith("#", inner_start):
            return self.comment_to(start, "%}", inner_start + 1)
        end = _tag_end(text, body, "%}")
        if end < 0:
            return -1
        name = re.match(r"\w*", text[inner_start:end]).group()  # type: ignore[union-attr]
        if name == "comment":
            close = _END_COMMENT.search(text, end + 2)
            if close is None:
                return self.comment(start, len(text), end + 2, len(text))
            return self.comment(start, close.end(), end + 2, close.start())
        if name == "raw":
            close = _END_RAW.search(text, end + 2)
            stop = close.start() if close else len(text)
            self.builder.take(text[end + 2 : stop], end + 2)
            return close.end() if close else len(text)
        self.drop(end + 2)
        return end + 2


def reduce_template(text: str) -> tuple[Segment, list[Comment]]:
    """The text of a template as the reader sees it, placeholders kept, and its comments."""
    reducer = _Reducer(text)
    reducer.run()
    return reducer.builder.build(template=True), reducer.comments


def read_template(text: str) -> SourceFile:
    """A template file: one reply."""
    segment, comments = reduce_template(text)
    return SourceFile(text, [segment] if segment.text.strip() else [], comments)
