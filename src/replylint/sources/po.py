"""gettext ``.po`` catalogues: each translation (``msgstr``, ``msgstr[n]``) is one reply.

A small line parser rather than polib: polib gives an entry's first line but not where each quoted piece of a
``msgstr`` sits, and a finding must point at the very character. Escapes (``\\n``, ``\\"``, ``\\t``, octal,
hex) are decoded, each standing on its backslash; the header entry and obsolete (``#~``) entries are skipped.
"""

from __future__ import annotations

import re

from replylint.sources.base import Comment, Segment, SegmentBuilder, SourceError, SourceFile

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]*(?=\")")
#: Possessive, so that a long string is matched in constant memory (5 MB took 0.7 GB with backtracking states).
_STRING = re.compile(r'"((?:[^"\\\n]++|\\.)*+)"[ \t]*\r?$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", '"': '"', "\\": "\\"}
_NUMERIC = re.compile(r"[0-7]{1,3}|x[0-9A-Fa-f]{1,2}")


def _decode(body: str, start: int, builder: SegmentBuilder, line: int) -> None:
    """Add a quoted piece's text (``body`` starts at file offset ``start``) to ``builder``."""
    i = 0
    while i < len(body):
        slash = body.find("\\", i)
        if slash < 0:
            builder.take(body[i:], start + i)
            return
        builder.take(body[i:slash], start + i)
        escape = body[slash + 1 : slash + 2]
        if escape in _ESCAPES:
            builder.take(_ESCAPES[escape], start + slash)
            i = slash + 2
            continue
        numeric = _NUMERIC.match(body, slash + 1)
        if numeric is None:
            raise SourceError(f"line {line}: unknown escape \\{escape}")
        digits = numeric.group()
        builder.take(chr(int(digits[1:], 16) if digits[0] == "x" else int(digits, 8)), start + slash)
        i = numeric.end()


class _Entry:
    def __init__(self) -> None:
        self.anchor: int | None = None
        self.msgid: list[str] = []
        self.has_context = False
        self.translations: list[tuple[str, SegmentBuilder]] = []
        self.current: SegmentBuilder | list[str] | None = None

    def segments(self) -> list[Segment]:
        if not "".join(self.msgid) and not self.has_context:
            return []  # the header
        segments = []
        for keyword, builder in self.translations:
            segment = builder.build(
                template=True,
                key=f"{''.join(self.msgid)[:60]} {keyword}",
                anchor=self.anchor,
                escapes=("double-quoted",),
            )
            if segment.text.strip():
                segments.append(segment)
        return segments


def read_po(text: str) -> SourceFile:
    """Every translation of a ``.po`` file, each mapped to its own lines."""
    segments: list[Segment] = []
    comments: list[Comment] = []
    entry = _Entry()
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        start, stripped = offset, line.strip()
        offset += len(line) + 1
        if not stripped:
            segments.extend(entry.segments())
            entry = _Entry()
            continue
        indent = len(line) - len(line.lstrip())
        if stripped.startswith("#"):
            end = start + len(line.rstrip("\r"))
            comments.append(Comment(start + indent, end, start + indent + 1, end))
            continue
        keyword = _KEYWORD.match(line, indent)
        position = keyword.end() if keyword else indent
        string = _STRING.match(line, position)
        if string is None:
            raise SourceError(f"line {number}: expected a keyword and a quoted string, found {stripped[:40]!r}")
        if keyword is not None:
            name = keyword.group(1)
            if entry.current is not None and name in ("msgctxt", "msgid") and entry.translations:
                segments.extend(entry.segments())
                entry = _Entry()
            if entry.anchor is None:
                entry.anchor = start + indent
            if name.startswith("msgstr"):
                entry.current = SegmentBuilder()
                entry.translations.append((name, entry.current))
            else:
                entry.current = entry.msgid if name == "msgid" else []
                entry.has_context = entry.has_context or name == "msgctxt"
        if entry.current is None:
            raise SourceError(f"line {number}: a string continues no keyword")
        if isinstance(entry.current, SegmentBuilder):
            _decode(string.group(1), start + string.start(1), entry.current, number)
        else:
            entry.current.append(string.group(1))
    segments.extend(entry.segments())
    return SourceFile(text, segments, comments)
