"""Line and column of character offsets in a text: one index for replies and for the files they come from."""

from __future__ import annotations

import re
from bisect import bisect_right

#: Line breaks as editors count them: ``\r\n`` (one break), ``\n``, ``\r`` and the Unicode line and paragraph
#: separators U+2028 and U+2029.
EDITOR_BREAKS = re.compile("\r\n|[\n\r\u2028\u2029]")
#: ``\n`` alone, as the standard library's HTML parser counts lines.
NEWLINES = re.compile("\n")
#: ``\r\n``, ``\r`` and ``\n``, as markdown-it counts lines (it reads every one as ``\n``).
MARKDOWN_BREAKS = re.compile("\r\n?|\n")


class LineIndex:
    """1-based lines and columns (in characters) of offsets in ``text``; lines end at ``breaks``."""

    __slots__ = ("starts", "text")

    def __init__(self, text: str, breaks: re.Pattern[str] = EDITOR_BREAKS) -> None:
        self.text = text
        if breaks is NEWLINES or ("\r" not in text and "\u2028" not in text and "\u2029" not in text):
            starts = [0]  # ``\n`` alone: the common case, and the quickest to find
            at = text.find("\n")
            while at >= 0:
                starts.append(at + 1)
                at = text.find("\n", at + 1)
            self.starts = starts
        else:
            self.starts = [0, *(match.end() for match in breaks.finditer(text))]

    def line_of(self, offset: int) -> int:
        """1-based line of an offset."""
        return bisect_right(self.starts, offset)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets of a 1-based line's first character and of its end (before the line break)."""
        start = self.starts[line - 1]
        if line >= len(self.starts):
            return start, len(self.text)
        end = self.starts[line] - 1
        return start, end - 1 if self.text.startswith("\r\n", end - 1) and end > start else end

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its line break; empty past the last line."""
        if not 0 < line <= len(self.starts):
            return ""
        start, end = self.line_span(line)
        return self.text[start:end]


#: A source line longer than this is shown cut: from ``_AROUND`` characters before the span to as many after it.
_LONG_LINE = 200
_AROUND = 40


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: two for a wide or fullwidth East Asian character (CJK, most emoji), none
    for a combining mark, a format character (a zero-width joiner) or an emoji skin-tone modifier, one otherwise."""
    if text.isascii():
        return len(text)
    import unicodedata  # only for text that is not ASCII: the hook client starts without it

    width = 0
    for char in text:
        if char < "\u0300":
            width += 1
        elif unicodedata.category(char) in ("Mn", "Me", "Cf") or "\U0001f3fb" <= char <= "\U0001f3ff":
            continue
        else:
            width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


#: Characters a terminal acts on rather than shows: C0 and C1 controls but the tab (an escape sequence that
#: recolours, clears or retitles the terminal, a carriage return or backspace that writes over what came before, a
#: bell), DEL, and the invisible bidirectional controls that reorder the text after them (“Trojan Source”).
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: each character of ``_UNPRINTABLE`` written as its escape (``\\x1b``,
    ``\\r``, ``\\u202e``), as JUnit XML writes the characters it cannot hold; everything else as it is."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def source_excerpt(source: str, column: int, width: int) -> tuple[str, str, int]:
    """What to print of a source line for a span at 0-based ``column`` of ``width`` characters: the line (a long one
    cut to the span and some text around it, with “…”), the padding that puts the carets under the span (a tab where
    the line has one, so the terminal moves both alike) and how many carets. Padding and carets follow the
    terminal columns the characters take (:func:`display_width`), so they sit under the span after wide
    characters (CJK, emoji) too. Control characters are shown as their escapes (:func:`printable`), and the
    padding and carets count the escapes' columns."""
    if len(source) > _LONG_LINE:
        start = max(0, column - _AROUND)
        end = min(len(source), column + min(width, _LONG_LINE - 2 * _AROUND) + _AROUND)
        width = min(width, end - column)
        source = ("…" if start else "") + source[start:end] + ("…" if end < len(source) else "")
        column = column - start + (1 if start else 0)
    if _UNPRINTABLE.search(source):
        before, span = printable(source[:column]), printable(source[column : column + width])
        source, column, width = before + span + printable(source[column + width :]), len(before), len(span)
    before = source[:column]
    if before.isascii() and source[column : column + width].isascii():
        return source, "".join("\t" if char == "\t" else " " for char in before), width
    pad = "".join("\t" if char == "\t" else " " * display_width(char) for char in before)
    return source, pad, max(1, display_width(source[column : column + width]))
