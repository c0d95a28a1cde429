"""What reporters receive: the findings of each linted file or stream, and the files that were skipped."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TextIO

from replylint.lines import LineIndex
from replylint.models import Finding

if TYPE_CHECKING:
    from replylint.packs import RuleSpec


@dataclass
class FileResult:
    """Findings of one file (or ``-`` for standard input), in file coordinates; ``fixed``: findings whose fixes
    ``--fix`` applied (or ``--diff`` would)."""

    path: str
    text: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    fixed: int = 0

    @cached_property
    def lines(self) -> LineIndex:
        """The file's line index, built once for all of its findings."""
        return LineIndex(self.text)

    def line(self, number: int) -> str:
        """The text of a 1-based line, without its line break (lines counted as findings' lines are)."""
        return self.lines.line_text(number)


@dataclass(frozen=True)
class OutputOptions:
    """How to render: ``color`` for a terminal, ``quiet`` for the findings alone, ``rules`` the rules of the
    configurations used (SARIF lists them; empty: the packaged and installed ones)."""

    color: bool = False
    quiet: bool = False
    rules: Sequence[RuleSpec] = ()


def color_enabled(stream: TextIO, disabled: bool = False) -> bool:
    """Colour only on a terminal, and never with ``--no-color`` or a non-empty ``NO_COLOR`` variable."""
    return not disabled and not os.environ.get("NO_COLOR") and stream.isatty()
