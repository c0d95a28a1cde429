"""Terse terminal output in the manner of Ruff: ``path:line:col: CODE message`` and the line with the span marked.
What comes from a file (its name, a reply quoted in a message, the source line) is shown with its control
characters escaped (:func:`~replylint.lines.printable`), so a reply cannot drive the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from replylint.formats.base import FileResult
from replylint.lines import printable, source_excerpt
from replylint.models import Severity
from replylint.wording import counted

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def render_text(
    results: Sequence[FileResult], *, color: bool = False, show_source: bool = True, summary: bool = True
) -> str:
    """Every finding with its location, marked source line and suggestion, then a one-line total.

    ``show_source=False`` keeps one line per finding; ``summary=False`` drops the total."""
    out: list[str] = []
    total = 0
    for result in results:
        path = printable(result.path)
        for f in result.findings:
            total += 1
            where = _paint(f"{path}:{f.line}:{f.column}:", _BOLD, color)
            code = _paint(f"{f.code}", _COLORS[f.severity], color)
            out.append(f"{where} {code} [{f.severity.value}] {printable(f.message)}")
            if show_source and f.start is not None:
                source = result.line(f.line)
                gutter = " " * len(str(f.line))
                width = (f.end_column - f.column) if f.end_line == f.line else len(source) - f.column + 1
                shown, pad, width = source_excerpt(source, f.column - 1, max(1, width))
                out.append(f"{gutter} |")
                out.append(f"{f.line} | {shown}")
                out.append(f"{gutter} | {pad}{_paint('^' * width, _COLORS[f.severity], color)}")
            if show_source and f.suggestion:
                out.append(f"  = help: {printable(f.suggestion)}")
            if show_source:
                out.append("")
    skipped = [r for r in results if r.error]
    for result in skipped:
        out.append(printable(f"{result.path}: skipped: {result.error}"))
    if summary:
        out.append(_summary(total, len(results) - len(skipped), len(skipped)))
    return "".join(f"{line}\n" for line in out)


def _summary(total: int, files: int, skipped: int) -> str:
    """``All checks passed.`` only when nothing was found and nothing skipped (the run then exits 0)."""
    if not total and not skipped:
        return "All checks passed."
    found = f"Found {counted(total, 'finding')}" if total else "No findings"
    tail = f"; {counted(skipped, 'file')} skipped" if skipped else ""
    return f"{found} in {counted(files, 'file')}{tail}."
