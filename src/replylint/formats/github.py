"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff."""

from __future__ import annotations

from collections.abc import Sequence

from replylint.formats.base import FileResult
from replylint.models import Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """A command's message: ``%``, CR and LF are percent-encoded (the runner's own rules)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A command's property value: as :func:`escape_data`, and ``:`` and ``,`` too."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(results: Sequence[FileResult]) -> str:
    """``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message`` per finding (the suggestion
    on a second line); a skipped file becomes an ``::error`` on the file."""
    out: list[str] = []
    for result in results:
        path = escape_property(result.path)
        for f in result.findings:
            props = (
                f"file={path},line={f.line},col={f.column},endLine={f.end_line},endColumn={f.end_column},"
                f"title={escape_property(f.code)}"
            )
            message = f"{f.message}\n{f.suggestion}" if f.suggestion else f.message
            out.append(f"::{COMMANDS[f.severity]} {props}::{escape_data(message)}")
        if result.error:
            out.append(f"::error file={path},title=replylint::{escape_data(f'skipped: {result.error}')}")
    return "".join(f"{line}\n" for line in out)
