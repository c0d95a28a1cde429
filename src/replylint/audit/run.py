"""The whole audit of an export: read it row by row, lint in chunks, compare replies across the whole export
(RL712), count, and write the results, the HTML report and the summary."""

from __future__ import annotations

import json
import sys
import time
from contextlib import ExitStack, nullcontext
from pathlib import Path
from typing import IO, Any

from replylint.audit.outcome import INTERNAL_ERROR, Outcome, bad_outcome, with_findings
from replylint.audit.pool import lint_stream
from replylint.audit.read import (
    FORMATS,
    AuditError,
    BadRow,
    Columns,
    ExportLines,
    detect_format,
    open_export,
    rows_from_lines,
)
from replylint.audit.summary import AuditSummary
from replylint.config import Config
from replylint.engine import CrossReplies, shared_linter
from replylint.models import Channel, Language


def audit(
    source: Path | IO[bytes],
    *,
    columns: Columns | None = None,
    fmt: str | None = None,
    config: Config | None = None,
    language: Language | str | None = None,
    jobs: int = 1,
    output: IO[str] | None = None,
    progress: bool = False,
) -> AuditSummary:
    """Audit an export: lint every row, write a JSON line per row to ``output``, return the summary.

    ``source`` is a path (``.csv``, ``.tsv``, ``.jsonl``, optionally ``.gz``) or a binary stream with ``fmt``.
    """
    if jobs < 1:
        raise AuditError(f"jobs must be at least 1, not {jobs}")
    columns = columns or Columns()
    lang = Language(language) if language is not None else None
    if isinstance(source, Path):
        fmt = fmt or detect_format(source)
        stream: IO[bytes] = open_export(source)
        total = source.stat().st_size if source.suffix.lower() != ".gz" else None
        name = str(source)
    else:
        stream, total, name = source, None, "<stdin>"
        if fmt is None:
            raise AuditError(
                f"{name}: a stream has no file name to tell its format by; pass --format ({', '.join(FORMATS)})"
            )
    summary = AuditSummary(grouped=columns.group is not None, source=name)
    cross: CrossReplies | None = None
    started = time.perf_counter()
    with stream if isinstance(source, Path) else nullcontext(stream):
        lines = ExportLines(stream)
        rows = rows_from_lines(lines, fmt, columns)
        bar = _progress_bar(total) if progress else None

        def record(outcome: Outcome) -> None:
            nonlocal cross
            if outcome.keys:
                cross = cross or CrossReplies(shared_linter(config))
                channel = Channel(outcome.channel) if outcome.channel else None
                extra = cross.see(outcome.keys, outcome.line, channel, Language(outcome.language), outcome.end)
                outcome = with_findings(outcome, extra) if extra else outcome
            summary.add(outcome)
            if output is not None:
                output.write(outcome.json_line + "\n")

        try:
            for outcome in lint_stream(rows, config, lang, jobs):
                record(outcome)
                if bar is not None and summary.rows % 100 == 0:
                    bar.update(lines.bytes_read - bar.n)
                    bar.set_postfix(rows=f"{summary.rows:,}", refresh=False)
        except AuditError as exc:  # raised by the reader: a file that is no text export, a column not in the header
            raise AuditError(f"{name}: {exc}") from exc
        except OSError:
            raise
        except Exception as exc:  # a worker process that died, a bug: keep what was counted and say so
            summary.incomplete = f"audit stopped after line {lines.lines_read}: {type(exc).__name__}: {exc}"
            record(bad_outcome(BadRow(lines.lines_read, f"{INTERNAL_ERROR}: {summary.incomplete}"), internal=True))
        if lines.damage is not None:
            summary.incomplete = lines.damage
            record(bad_outcome(BadRow(lines.lines_read + 1, lines.damage)))
        if bar is not None:
            bar.update(lines.bytes_read - bar.n)
            bar.set_postfix(rows=f"{summary.rows:,}")
            bar.close()
    summary.elapsed = time.perf_counter() - started
    return summary


def _progress_bar(total: int | None) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr, desc="audit")


def audit_file(
    path: str,
    *,
    columns: Columns | None = None,
    fmt: str | None = None,
    config: Config | None = None,
    language: Language | str | None = None,
    jobs: int = 1,
    output: str | None = None,
    html: str | None = None,
    summary_json: str | None = None,
    progress: bool = False,
) -> AuditSummary:
    """:func:`audit` a file (``-``: standard input, with ``fmt``) and write the results (``-``: standard output),
    the HTML report and the summary JSON where asked."""
    source: Path | IO[bytes] = sys.stdin.buffer if path == "-" else Path(path)
    if isinstance(source, Path) and not source.is_file():
        raise AuditError(f"{path}: {_not_a_file(source)}")
    with ExitStack() as stack:
        out: IO[str] | None = None
        if output == "-":
            out = sys.stdout
        elif output:
            try:
                # a lone surrogate in a row (a "\ud800" escape in JSON) is written back as that escape
                out = stack.enter_context(open(output, "w", encoding="utf-8", errors="backslashreplace", newline="\n"))
            except OSError as exc:
                raise AuditError(f"{output}: {exc.strerror or exc}") from exc
        summary = audit(
            source, columns=columns, fmt=fmt, config=config, language=language, jobs=jobs, output=out, progress=progress
        )
    try:
        if html:
            from replylint.audit.html import render_html

            Path(html).write_text(render_html(summary), encoding="utf-8", errors="backslashreplace")
        if summary_json:
            summary_text = json.dumps(summary.to_dict(), ensure_ascii=False, indent=2)
            Path(summary_json).write_text(summary_text, encoding="utf-8", errors="backslashreplace")
    except OSError as exc:
        raise AuditError(f"{exc.filename}: {exc.strerror or exc}") from exc
    return summary


def _not_a_file(path: Path) -> str:
    """Why a path that is not a regular file cannot be audited."""
    if path.is_dir():
        return "a folder, not a file"
    if path.exists():
        return "not a regular file (a FIFO, socket or device): pipe it to standard input, `-`"
    if path.is_symlink():
        return "a symbolic link to nothing (or a link loop)"
    return "no such file"
