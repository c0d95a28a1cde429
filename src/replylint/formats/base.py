"""What reporters receive: the findings of each linted file or stream, and the files that were skipped."""

from __future__ import annotations

from dataclasses import dataclass, field

from replylint.models import Finding


@dataclass
class FileResult:
    """Findings of one file (or ``-`` for standard input), in file coordinates."""

    path: str
    text: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None

    def line(self, number: int) -> str:
        """The text of a 1-based line, without its line break."""
        lines = self.text.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""
