"""What reporters receive: the findings of each linted file or stream, and the files that were skipped."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from typing import TextIO

from replylint.lines import LineIndex
from replylint.models import Finding


@dataclass
class FileResult:
    """Findings of one file (or ``-`` for standard input), in file coordinates."""

    path: str
    text: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None

    @cached_property
    def _lines(self) -> LineIndex:
        return LineIndex(self.text)

    def line(self, number: int) -> str:
        """The text of a 1-based line, without its line break (lines counted as findings' lines are)."""
        return self._lines.line_text(number)


@dataclass(frozen=True)
class OutputOptions:
    """How to render: ``color`` for a terminal, ``quiet`` for the findings alone."""

    color: bool = False
    quiet: bool = False


def color_enabled(stream: TextIO, disabled: bool = False) -> bool:
    """Colour only on a terminal, and never with ``--no-color`` or a non-empty ``NO_COLOR`` variable."""
    return not disabled and not os.environ.get("NO_COLOR") and stream.isatty()
