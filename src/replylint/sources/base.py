"""What a source reader produces: segments of text to lint, mapped back to the file they came from."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from replylint.models import Finding


class SourceError(Exception):
    """A file that cannot be linted (binary, not UTF-8, unreadable, malformed): the reason."""


@dataclass(frozen=True)
class Segment:
    """A piece of a file to lint as one reply.

    ``pieces`` maps segment offsets to file offsets: each ``(segment_start, file_start, length)`` run is
    copied verbatim from the file; offsets between runs belong to the run before.
    """

    text: str
    pieces: tuple[tuple[int, int, int], ...]
    template: bool = False
    key: str | None = None

    @classmethod
    def verbatim(cls, text: str, file_start: int = 0, *, template: bool = False, key: str | None = None) -> Segment:
        """A segment copied unchanged from ``file_start`` on."""
        return cls(text, ((0, file_start, len(text)),), template, key)

    def file_offset(self, offset: int) -> int:
        """The file offset of a segment offset."""
        starts = [p[0] for p in self.pieces]
        index = max(0, bisect_right(starts, offset) - 1)
        seg_start, file_start, length = self.pieces[index]
        return file_start + min(offset - seg_start, length)


@dataclass
class LineIndex:
    """1-based line and column of offsets in a file's text."""

    text: str
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [0, *(i + 1 for i, ch in enumerate(self.text) if ch == "\n")]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def map_finding(finding: Finding, segment: Segment, lines: LineIndex) -> Finding:
    """Move a finding from segment coordinates to file coordinates."""
    if finding.start is None or finding.end is None:
        start = segment.file_offset(0)
        end = segment.file_offset(len(segment.text))
        line, column = lines.line_col(start)
        end_line, end_column = lines.line_col(end)
        return finding.model_copy(
            update={"line": line, "column": column, "end_line": end_line, "end_column": end_column}
        )
    start = segment.file_offset(finding.start)
    end = segment.file_offset(finding.end)
    line, column = lines.line_col(start)
    end_line, end_column = lines.line_col(end)
    return finding.model_copy(
        update={"start": start, "end": end, "line": line, "column": column, "end_line": end_line, "end_column": end_column}
    )


@dataclass(frozen=True)
class SourceFile:
    """A file's decoded text and the segments to lint in it."""

    text: str
    segments: list[Segment]
