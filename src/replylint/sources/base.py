"""What a source reader produces: segments of reply text and comments, mapped back to the file they came from."""

from __future__ import annotations

import html
import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from replylint.lines import LineIndex
from replylint.models import Edit, Finding, Fix

#: One escaped character in a file: a backslash escape (JSON, YAML, ``.po``; a UTF-16 surrogate pair is one
#: character) or an HTML character reference.
_ESCAPE = re.compile(
    r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}"
    r"|U[0-9a-fA-F]{8}|[0-7]{1,3}|.)|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?",
    re.DOTALL,
)
_TEMPLATE_TAG = re.compile(r"\{[{%#]|[}%#]\}")
#: Characters a replacement may not hold where the file cannot write them literally.
_NOT_WRITABLE = {
    "plain": re.compile(r":\s|\s#|[\r\n]|:$"),
    "block": re.compile(r"[\r\n]"),
    "markdown": re.compile(r"[\\`*_\[\]<>]"),
}


def encode(text: str, escapes: Iterable[str]) -> str | None:
    """``text`` written the way a segment's file writes its characters (``escapes``, innermost first: ``html``,
    ``double-quoted``, ``single-quoted``, YAML's ``plain`` and ``block``, ``markdown``); None when it cannot be
    written there."""
    for escape in escapes:
        if escape == "html":
            text = html.escape(text, quote=False)
        elif escape == "double-quoted":
            text = json.dumps(text, ensure_ascii=False)[1:-1]
        elif escape == "single-quoted":
            text = text.replace("'", "''")
        elif (pattern := _NOT_WRITABLE.get(escape)) is not None and pattern.search(text):
            return None
    return text


class SourceError(Exception):
    """A file that cannot be linted (binary, not UTF-8, unreadable, malformed): the reason."""


@dataclass(frozen=True)
class Segment:
    """A piece of a file to lint as one reply.

    ``pieces`` maps segment offsets to file offsets: each ``(segment_start, file_start, length)`` run stands for
    the file's characters from ``file_start`` on, one for one (copied verbatim, or one character standing for
    an escape, an entity or a folded line break); offsets between runs belong to the run before.
    ``anchor`` is the file offset of the entry a structured value belongs to (its YAML/JSON key, its ``.po``
    entry), which ``disable-next-line`` above the entry covers; ``key`` names the value (``macros[0].body``).
    ``escapes`` say how text is written back into the file (see :func:`encode`), innermost first.
    """

    text: str
    pieces: tuple[tuple[int, int, int], ...]
    template: bool = False
    key: str | None = None
    anchor: int | None = None
    escapes: tuple[str, ...] = ()

    @classmethod
    def verbatim(cls, text: str, file_start: int = 0, *, template: bool = False, key: str | None = None) -> Segment:
        """A segment copied unchanged from ``file_start`` on."""
        return cls(text, ((0, file_start, len(text)),), template, key)

    @cached_property
    def _starts(self) -> list[int]:
        return [p[0] for p in self.pieces]

    def file_offset(self, offset: int) -> int:
        """The file offset of a segment offset."""
        if not self.pieces:
            return 0
        index = max(0, bisect_right(self._starts, offset) - 1)
        seg_start, file_start, length = self.pieces[index]
        return file_start + max(0, min(offset - seg_start, length))

    def file_end(self, offset: int) -> int:
        """The file offset of a span's end: an end that meets a run's start still belongs to the run before."""
        if not self.pieces:
            return 0
        index = max(0, bisect_left(self._starts, offset) - 1)
        seg_start, file_start, length = self.pieces[index]
        return file_start + max(0, min(offset - seg_start, length))

    def exact_file_span(self, start: int, end: int, file_text: str) -> tuple[int, int] | None:
        """The file span whose characters stand for ``text[start:end]`` one by one (as written, escaped, or a line
        break read as a space); None when something else lies between them in the file (a tag, markup, a
        template tag, an indentation) or the span is empty: an edit there would change more than the text."""
        position: int | None = None
        first = 0
        for offset in range(start, end):
            index = bisect_right(self._starts, offset) - 1
            if index < 0:
                return None
            seg_start, file_start, length = self.pieces[index]
            if offset >= seg_start + length:
                return None  # a separator the reader inserted
            at = file_start + offset - seg_start
            if position is None:
                first = at
            elif at != position and not (file_text[position:at] == "\\" and "markdown" in self.escapes):
                return None  # (Markdown's reader stands an escaped character on the character, after its "\\")
            char, raw = self.text[offset], file_text[at : at + 2]
            if raw == "''" and char == "'" and "single-quoted" in self.escapes:
                width = 2
            elif raw[:1] == char or (char == " " and raw[:1] in "\r\n\t"):
                width = 1
            elif (escape := _ESCAPE.match(file_text, at)) is not None:
                width = len(escape.group())
            else:
                return None
            position = at + width
        if position is None or (self.template and _TEMPLATE_TAG.search(file_text, first, position)):
            return None
        return first, position

    def file_fix(self, fix: Fix, file_text: str) -> Fix | None:
        """A fix in segment offsets moved into the file, its replacements escaped as the file writes them; None
        when one of its edits cannot be made there exactly."""
        edits = []
        for edit in fix.edits:
            span = self.exact_file_span(edit.start, edit.end, file_text)
            replacement = encode(edit.replacement, self.escapes)
            if span is None or replacement is None:
                return None
            edits.append(Edit(start=span[0], end=span[1], replacement=replacement))
        return fix.model_copy(update={"edits": edits})


class SegmentBuilder:
    """Builds a segment run by run: text taken from the file, and separators the file does not hold."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pieces: list[tuple[int, int, int]] = []
        self._length = 0

    @property
    def text(self) -> str:
        """The text built so far."""
        return "".join(self._parts)

    @property
    def length(self) -> int:
        """The length of the text built so far."""
        return self._length

    def last_char(self) -> str:
        """The last character built so far, or an empty string."""
        return self._parts[-1][-1] if self._parts else ""

    def take(self, text: str, file_start: int) -> None:
        """Add ``text`` standing for the file's ``len(text)`` characters from ``file_start`` on."""
        if not text:
            return
        if self._pieces:
            seg_start, last_file, length = self._pieces[-1]
            if seg_start + length == self._length and last_file + length == file_start:
                self._pieces[-1] = (seg_start, last_file, length + len(text))
                self._parts.append(text)
                self._length += len(text)
                return
        self._pieces.append((self._length, file_start, len(text)))
        self._parts.append(text)
        self._length += len(text)

    def insert(self, text: str) -> None:
        """Add a separator that is not in the file (it maps to the end of the run before)."""
        if text and self._parts:
            self._parts.append(text)
            self._length += len(text)

    def append(self, segment: Segment) -> None:
        """Add another segment of the same file, separators included."""
        position = 0
        for seg_start, file_start, length in segment.pieces:
            self.insert(segment.text[position:seg_start])
            self.take(segment.text[seg_start : seg_start + length], file_start)
            position = seg_start + length
        self.insert(segment.text[position:])

    def separate(self, separator: str = "\n") -> None:
        """Insert ``separator`` unless the text is empty or already ends with white space."""
        if self._parts and not self.last_char().isspace():
            self.insert(separator)

    def build(
        self,
        *,
        template: bool = False,
        key: str | None = None,
        anchor: int | None = None,
        escapes: tuple[str, ...] = (),
    ) -> Segment:
        """The segment; trailing separators are dropped."""
        text = self.text
        end = self._pieces[-1][0] + self._pieces[-1][2] if self._pieces else 0
        return Segment(text[:end], tuple(self._pieces), template, key, anchor, escapes)


def compose(outer: Segment, inner: Segment) -> Segment:
    """``inner`` (whose pieces point into ``outer.text``) with its pieces moved into ``outer``'s file."""
    pieces: list[tuple[int, int, int]] = []
    for seg_start, start, length in inner.pieces:
        for o_seg, o_file, o_len in outer.pieces:
            lo, hi = max(start, o_seg), min(start + length, o_seg + o_len)
            if lo < hi:
                pieces.append((seg_start + lo - start, o_file + lo - o_seg, hi - lo))
    if not pieces and outer.pieces:  # an outer value pinned at its start keeps its inner text there too
        pieces.append((0, outer.file_offset(inner.file_offset(0)), 0))
    return Segment(
        inner.text,
        tuple(pieces),
        inner.template or outer.template,
        inner.key or outer.key,
        outer.anchor,
        (*inner.escapes, *outer.escapes),
    )


@dataclass(frozen=True)
class Comment:
    """A comment in a file: its span, and the span of its body, where directives are read (file offsets)."""

    start: int
    end: int
    body_start: int
    body_end: int

    def moved(self, segment: Segment) -> Comment:
        """This comment, given in ``segment``'s text offsets, in file offsets."""
        return Comment(
            segment.file_offset(self.start),
            segment.file_end(self.end),
            segment.file_offset(self.body_start),
            segment.file_end(self.body_end),
        )


def map_finding(finding: Finding, segment: Segment, lines: LineIndex) -> Finding:
    """Move a finding from segment coordinates to file coordinates (its fix too, or none when it cannot be made in
    the file exactly)."""
    if finding.start is None or finding.end is None:  # the whole reply: from its first to its last visible character
        text = segment.text
        start = segment.file_offset(len(text) - len(text.lstrip()))
        end = segment.file_end(len(text.rstrip()))
        line, column = lines.line_col(start)
        end_line, end_column = lines.line_col(end)
        return finding.model_copy(
            update={"line": line, "column": column, "end_line": end_line, "end_column": end_column}
        )
    start = segment.file_offset(finding.start)
    end = segment.file_end(finding.end)
    line, column = lines.line_col(start)
    end_line, end_column = lines.line_col(end)
    return finding.model_copy(
        update={
            "start": start,
            "end": end,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "fix": segment.file_fix(finding.fix, lines.text) if finding.fix is not None else None,
        }
    )


@dataclass(frozen=True)
class SourceFile:
    """A file's decoded text, the segments to lint in it and its comments."""

    text: str
    segments: list[Segment]
    comments: list[Comment] = field(default_factory=list)


def nest(inner: SourceFile, outer: Segment, text: str, comments: Iterable[Comment] = ()) -> SourceFile:
    """A file ``text`` whose ``outer`` segment was read again as ``inner`` (a template's HTML, say)."""
    return SourceFile(
        text, [compose(outer, s) for s in inner.segments], [*comments, *(c.moved(outer) for c in inner.comments)]
    )
