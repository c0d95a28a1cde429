"""Audits of reply exports: stream a CSV or JSON Lines file through the linter, write one result per row,
and summarise per category, rule and group (agent, company).

Memory stays bounded whatever the file's size: rows are read one at a time, at most a few chunks are in
flight between the reader and the workers, and the summary keeps counts, not replies.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import threading
import time
import zlib
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import IO, Any, cast

from replylint.config import Config
from replylint.engine import CrossReplies, Linter, tone_score
from replylint.errors import ReplylintError, refused
from replylint.lines import LineIndex
from replylint.models import Channel, Finding, Language, Report

#: File formats ``audit`` reads, by the name ``--format`` takes.
FORMATS = ("csv", "tsv", "jsonl")
_SUFFIX_FORMATS = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
#: Rows per chunk sent to a worker, and chunks in flight per worker.
CHUNK_ROWS = 200
CHUNKS_PER_WORKER = 3
#: Bytes of export per worker that ``--jobs auto`` starts: a worker costs about 1.4 s to start (Python, the
#: pipelines, the rules), which a second one earns back on about 4,000 replies (~0.6 MB of JSON Lines).
AUTO_BYTES_PER_WORKER = 1 << 20
#: Bounds of the summary: examples kept per rule, distinct matches counted per rule, bad rows listed.
EXAMPLES_PER_RULE = 3
MATCHES_PER_RULE = 1000
BAD_ROWS_LISTED = 20
EXCERPT_CHARS = 160
MATCH_CHARS = 80
#: Characters kept of a reply and of its customer's message for the report's examples and worst replies.
REPLY_CHARS = 600
CUSTOMER_CHARS = 300
#: Replies with the lowest scores kept for the report.
WORST_KEPT = 10
#: Longest CSV record read, in characters; a quote left open is looked for no further than this.
MAX_RECORD_CHARS = 4 * 1024 * 1024
NO_GROUP = "(none)"
NO_CUSTOMER_MESSAGE = "no customer message"
#: The reason of a row the linter failed on (a bug in replylint), before the exception's type and message.
INTERNAL_ERROR = "internal error"


class AuditError(ReplylintError):
    """An export that cannot be audited at all: unreadable, unknown format, or a named column not in the header."""


@dataclass(frozen=True)
class Columns:
    """Which column (CSV) or key (JSON Lines; ``a.b`` reaches into objects) holds what."""

    text: str = "text"
    context: str | None = None
    channel: str | None = None
    id: str | None = None
    group: str | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """A row ready to lint; ``line`` is where it starts in the file (1-based)."""

    line: int
    text: str
    id: str | None = None
    context: str | None = None
    channel: Channel | None = None
    group: str | None = None


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that could not be linted, and why."""

    line: int
    reason: str
    id: str | None = None


#: A finding as the summary needs it: code, rule, category, severity, matched text, excerpt of the reply.
FindingBrief = tuple[str, str, str, str, str | None, str]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one row: its JSON line for the results file and what the summary counts."""

    json_line: str
    line: int
    id: str | None = None
    group: str | None = None
    error: str | None = None
    language: str = ""
    channel: str | None = None
    context: str = ""
    score: int = 100
    findings: tuple[FindingBrief, ...] = ()
    internal: bool = False
    #: The start of the reply and of the customer's message (None: none given), for examples and worst replies.
    reply: str = ""
    customer: str | None = None
    #: Spans of the findings in ``reply``: start, end, code, severity.
    marks: tuple[tuple[int, int, str, str], ...] = ()
    #: Keys of the rules that compare replies, and the line and column where the reply ends (see CrossReplies).
    keys: dict[str, Hashable] = field(default_factory=dict)
    end: tuple[int, int] = (1, 1)


# --- reading -------------------------------------------------------------------------------------------------


def detect_format(path: Path) -> str:
    """``csv``, ``tsv`` or ``jsonl`` from a file's suffix (a trailing ``.gz`` is looked through)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    fmt = _SUFFIX_FORMATS.get(suffixes[-1]) if suffixes else None
    if fmt is None:
        raise AuditError(f"{path}: cannot tell the format from the file name; pass --format ({', '.join(FORMATS)})")
    return fmt


def open_export(path: Path) -> IO[bytes]:
    """Open an export for binary reading, decompressing ``.gz``."""
    try:
        stream = gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")  # noqa: SIM115 (the caller closes it)
        return cast(IO[bytes], stream)
    except OSError as exc:
        raise AuditError(f"{path}: {exc.strerror or exc}") from exc


class _Lines:
    """Numbered, decoded lines of a binary stream, each with whether it was valid UTF-8; counts bytes read.

    A stream that breaks off (a truncated or corrupt ``.gz``, a read error) ends the lines there: the lines
    before are kept and ``damage`` says what happened.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.bytes_read = 0
        self.lines_read = 0
        self.damage: str | None = None

    def __iter__(self) -> Iterator[tuple[int, str, bool]]:
        raws = iter(self.stream)
        while True:
            try:
                raw = next(raws)
            except StopIteration:
                return
            except (OSError, EOFError, zlib.error) as exc:
                self.damage = f"input ends early after line {self.lines_read}: {exc}"
                return
            self.bytes_read += len(raw)
            self.lines_read += 1
            if self.lines_read == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            try:
                yield self.lines_read, raw.decode("utf-8"), True
            except UnicodeDecodeError:
                yield self.lines_read, raw.decode("utf-8", "replace"), False


def _lookup(record: dict[str, Any], key: str) -> tuple[bool, Any]:
    if key in record:
        return True, record[key]
    value: Any = record
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return False, None
        value = value[part]
    return True, value


def _scalar(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _make_row(line: int, get: Callable[[str], tuple[bool, Any]], columns: Columns) -> Row | BadRow:
    row_id = _scalar(get(columns.id)[1]) if columns.id else None
    found, text = get(columns.text)
    if not found:
        return BadRow(line, f"missing column {columns.text!r}", row_id)
    if text is None:
        return BadRow(line, "text is null", row_id)
    if not isinstance(text, str):
        return BadRow(line, f"text is not a string ({type(text).__name__})", row_id)
    if not text.strip():
        return BadRow(line, "empty text", row_id)
    context = get(columns.context)[1] if columns.context else None
    if context is not None and not isinstance(context, str):
        return BadRow(line, f"context is not a string ({type(context).__name__})", row_id)
    channel = None
    raw_channel = _scalar(get(columns.channel)[1]) if columns.channel else None
    if raw_channel is not None:
        try:
            channel = Channel(raw_channel.strip().lower())
        except ValueError:
            return BadRow(line, f"unknown channel {raw_channel.strip()[:40]!r}", row_id)
    group = _scalar(get(columns.group)[1]) if columns.group else None
    return Row(line, text, row_id, context or None, channel, group)


def make_row(line: int, record: dict[str, Any], columns: Columns) -> Row | BadRow:
    """A row from a record (``a.b`` keys reach into nested objects), or the reason it cannot be linted."""
    return _make_row(line, partial(_lookup, record), columns)


def _read_jsonl(lines: _Lines, columns: Columns) -> Iterator[Row | BadRow]:
    for number, line, valid in lines:
        if not valid:
            yield BadRow(number, "not valid UTF-8")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            yield BadRow(number, "invalid JSON")
            continue
        except (ValueError, RecursionError):  # a 5,000-digit number, nesting deeper than the parser goes
            yield BadRow(number, "JSON the parser refuses (a huge number or deep nesting)")
            continue
        if not isinstance(record, dict):
            yield BadRow(number, "not a JSON object")
            continue
        yield make_row(number, record, columns)


def _quote_open(line: str, in_quotes: bool, delimiter: str) -> bool:
    """Whether a CSV record is inside a quoted field after ``line``, given whether it was before it. A quote
    opens a field only at the field's start (as in the csv module); ``""`` inside a quoted field is a quote."""
    position = 0
    while (at := line.find('"', position)) >= 0:
        if in_quotes:
            if line.startswith('"', at + 1):
                position = at + 2
                continue
            in_quotes = False
        elif at == 0 or line[at - 1] == delimiter:
            in_quotes = True
        position = at + 1
    return in_quotes


def _split_record(text: str, delimiter: str) -> tuple[list[str], bool]:
    """The fields of one whole CSV record (without its line break), and whether every closing quote is followed
    by a delimiter or the end (text after a closing quote is kept, as the csv module does)."""
    fields: list[str] = []
    strict = True
    position, end = 0, len(text)
    while True:
        if text.startswith('"', position):
            parts: list[str] = []
            at = position + 1
            while True:
                close = text.find('"', at)
                if close < 0:  # cannot happen for a record whose quotes are closed; keep the rest
                    parts.append(text[at:])
                    at = end
                    break
                parts.append(text[at:close])
                if text.startswith('"', close + 1):
                    parts.append('"')
                    at = close + 2
                else:
                    at = close + 1
                    break
            stop = text.find(delimiter, at)
            stop = end if stop < 0 else stop
            strict = strict and stop == at
            parts.append(text[at:stop])
            fields.append("".join(parts))
        else:
            stop = text.find(delimiter, position)
            stop = end if stop < 0 else stop
            fields.append(text[position:stop])
        if stop >= end:
            return fields, strict
        position = stop + 1


def _csv_records(lines: _Lines, delimiter: str) -> Iterator[tuple[int, list[str] | str, bool]]:
    """Each CSV record as ``(line, fields, valid UTF-8)``, or ``(line, reason, valid)`` for a broken one.

    A record whose quoted field spans lines must be well formed (every closing quote followed by a delimiter,
    as many fields as the header): otherwise its quote is taken as broken, its first line is reported, and
    reading starts again on the next line, so a stray quote costs one row, not the rows it would swallow.
    """
    width: int | None = None
    pending: deque[tuple[int, str, bool]] = deque()
    source = iter(lines)

    def next_line() -> tuple[int, str, bool] | None:
        return pending.popleft() if pending else next(source, None)

    while (first := next_line()) is not None:
        taken = [first]
        size = len(first[1])
        in_quotes = _quote_open(first[1], False, delimiter)
        while in_quotes and size <= MAX_RECORD_CHARS and (more := next_line()) is not None:
            taken.append(more)
            size += len(more[1])
            in_quotes = _quote_open(more[1], True, delimiter)
        number, valid = first[0], all(line[2] for line in taken)
        text = "".join(line[1] for line in taken)
        text = text[:-1] if text.endswith("\n") else text
        text = text[:-1] if text.endswith("\r") else text
        fields, strict = _split_record(text, delimiter)
        if in_quotes or (len(taken) > 1 and (not strict or (width is not None and len(fields) != width))):
            pending.extendleft(reversed(taken[1:]))
            reason = "quote not closed" if in_quotes and size <= MAX_RECORD_CHARS else "unbalanced quote"
            yield number, f"CSV error: {reason} on this line", first[2]
            continue
        if size > MAX_RECORD_CHARS:
            yield number, f"CSV error: record over {MAX_RECORD_CHARS:,} characters", valid
            continue
        if width is None:
            width = len(fields)
        yield number, fields, valid


def _read_csv(lines: _Lines, columns: Columns, delimiter: str) -> Iterator[Row | BadRow]:
    records = _csv_records(lines, delimiter)
    header = next(records, None)
    if header is None:
        return
    if isinstance(header[1], str):
        raise AuditError(f"cannot read the CSV header: {header[1]}")
    names = header[1]
    index = {name.strip(): i for i, name in enumerate(names)}
    for name in (columns.text, columns.context, columns.channel, columns.id, columns.group):
        if name is not None and name not in index:
            raise AuditError(f"column {name!r} is not in the header; columns: {', '.join(names)}")

    def getter(values: list[str]) -> Callable[[str], tuple[bool, Any]]:
        def get(key: str) -> tuple[bool, Any]:
            i = index[key]
            return (True, values[i]) if i < len(values) else (False, None)

        return get

    for line, values, valid in records:
        if isinstance(values, str):
            yield BadRow(line, values)
        elif not valid:
            yield BadRow(line, "not valid UTF-8")
        elif values != [""]:
            yield _make_row(line, getter(values), columns)


def read_rows(stream: IO[bytes], fmt: str, columns: Columns) -> Iterator[Row | BadRow]:
    """Rows of an export, one at a time; blank lines are skipped, broken rows come back as :class:`BadRow`."""
    return _iter_rows(_Lines(stream), fmt, columns)


def _iter_rows(lines: _Lines, fmt: str, columns: Columns) -> Iterator[Row | BadRow]:
    if fmt == "jsonl":
        return _read_jsonl(lines, columns)
    if fmt in ("csv", "tsv"):
        return _read_csv(lines, columns, "\t" if fmt == "tsv" else ",")
    raise AuditError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")


# --- linting -------------------------------------------------------------------------------------------------


def _excerpt(text: str, start: int | None, end: int | None) -> str:
    """The part of a reply around a span; a long span (a paragraph, the part over a length limit) is cut to its
    start, with a little of what comes before it."""
    if start is None or end is None:
        return text[:EXCERPT_CHARS] + ("…" if len(text) > EXCERPT_CHARS else "")
    margin = max(EXCERPT_CHARS // 4, (EXCERPT_CHARS - (end - start)) // 2)
    lo, hi = max(0, start - margin), min(len(text), end + margin, start + EXCERPT_CHARS - margin)
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


def _brief_match(match: str | None) -> str | None:
    """A matched text short enough to show and count; a long one (a whole paragraph) is cut to its start."""
    if match is None or len(match) <= MATCH_CHARS:
        return match
    return match[:MATCH_CHARS]


def outcome_of(row: Row, report: Report, keys: dict[str, Hashable] | None = None) -> Outcome:
    """The outcome of a linted row: its results line, its counts, and what the report shows of it."""
    channel = report.channel.value if report.channel else None
    context = report.context.kind.value if report.context.source != "reply" else NO_CUSTOMER_MESSAGE
    record = {
        "line": row.line,
        "id": row.id,
        "group": row.group,
        "language": report.language.value,
        "channel": channel,
        "context": report.context.kind.value,
        "score": report.score,
        "findings": [f.model_dump(mode="json") for f in report.findings],
    }
    return Outcome(
        json.dumps(record, ensure_ascii=False),
        row.line,
        row.id,
        row.group,
        language=report.language.value,
        channel=channel,
        context=context,
        score=report.score,
        findings=_briefs(row.text, report.findings),
        reply=row.text[:REPLY_CHARS],
        customer=row.context[:CUSTOMER_CHARS] if row.context else None,
        marks=_marks(report.findings),
        keys=keys or {},
        end=LineIndex(row.text).line_col(len(row.text)) if keys else (1, 1),
    )


def _briefs(text: str, findings: Iterable[Finding]) -> tuple[FindingBrief, ...]:
    return tuple(
        (f.code, f.rule, f.category.value, f.severity.value, _brief_match(f.match), _excerpt(text, f.start, f.end))
        for f in findings
    )


def _marks(findings: Iterable[Finding]) -> tuple[tuple[int, int, str, str], ...]:
    return tuple(
        (f.start, min(f.end, REPLY_CHARS), f.code, f.severity.value)
        for f in findings
        if f.start is not None and f.end is not None and f.start < REPLY_CHARS
    )


def with_findings(outcome: Outcome, extra: list[Finding]) -> Outcome:
    """An outcome with findings of the rules that compare replies added, and its score and results line redone."""
    record = json.loads(outcome.json_line)
    findings = [Finding.model_validate(f) for f in record["findings"]] + extra
    record["findings"] = [f.model_dump(mode="json") for f in findings]
    record["score"] = tone_score(findings)
    added = tuple(
        (f.code, f.rule, f.category.value, f.severity.value, None, _excerpt(outcome.reply, None, None)) for f in extra
    )
    return replace(
        outcome,
        json_line=json.dumps(record, ensure_ascii=False),
        score=record["score"],
        findings=outcome.findings + added,
    )


def bad_outcome(row: BadRow, *, internal: bool = False) -> Outcome:
    """The outcome of a row that could not be linted; ``internal`` when a bug in replylint is why."""
    record = {"line": row.line, "id": row.id, "error": row.reason}
    return Outcome(json.dumps(record, ensure_ascii=False), row.line, row.id, error=row.reason, internal=internal)


def lint_rows(linter: Linter, rows: Iterable[Row | BadRow], language: Language | None = None) -> list[Outcome]:
    """Lint a chunk of rows with one linter; a row the linter refuses or fails on is an error row, and the
    chunk goes on."""
    out = []
    for row in rows:
        if isinstance(row, BadRow):
            out.append(bad_outcome(row))
            continue
        try:
            report, keys = linter.lint_keyed(row.text, language, row.channel, row.context)
        except Exception as exc:
            if refused(exc):  # a reply the linter refuses, e.g. over its size limit
                out.append(bad_outcome(BadRow(row.line, str(exc), row.id)))
            else:
                reason = f"{INTERNAL_ERROR}: {type(exc).__name__}: {exc}"
                out.append(bad_outcome(BadRow(row.line, reason, row.id), internal=True))
            continue
        out.append(outcome_of(row, report, keys))
    return out


_linters: dict[str, Linter] = {}
_linters_lock = threading.Lock()


def process_linter(config: Config | None = None) -> Linter:
    """The linter of this process for a configuration: built on first use, then shared (a Linter is
    thread-safe after construction)."""
    config = config or Config()
    key = config.model_dump_json(by_alias=True)
    with _linters_lock:
        linter = _linters.get(key)
        if linter is None:
            linter = _linters[key] = Linter(config)
        return linter


def linters_built() -> int:
    """How many linters this process has built through :func:`process_linter`."""
    return len(_linters)


_worker: tuple[Linter, Language | None] | None = None


def _init_worker(config: Config, language: Language | None) -> None:
    global _worker
    _worker = (process_linter(config), language)


def _lint_chunk(rows: list[Row | BadRow]) -> list[Outcome]:
    assert _worker is not None, "worker not initialised"
    return lint_rows(_worker[0], rows, _worker[1])


def _chunks(rows: Iterator[Row | BadRow], size: int) -> Iterator[list[Row | BadRow]]:
    chunk: list[Row | BadRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def auto_jobs(path: str) -> int:
    """Worker processes for ``--jobs auto``: one per usable core, fewer for a small file (standard input: the cores)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        size = os.stat(path).st_size if path != "-" else None
    except OSError:
        return 1  # the audit itself reports the missing file
    return cores if size is None else max(1, min(cores, size // AUTO_BYTES_PER_WORKER))


def lint_stream(
    rows: Iterator[Row | BadRow],
    config: Config | None = None,
    language: Language | None = None,
    jobs: int = 1,
) -> Iterator[Outcome]:
    """Outcomes in input order. With ``jobs > 1``, chunks go to worker processes that each build one linter;
    at most ``jobs * CHUNKS_PER_WORKER`` chunks are in flight, so memory stays bounded."""
    config = config or Config()
    if jobs <= 1:
        linter = process_linter(config)
        for chunk in _chunks(rows, CHUNK_ROWS):
            yield from lint_rows(linter, chunk, language)
        return
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(config, language)) as pool:
        pending: deque[Future[list[Outcome]]] = deque()
        for chunk in _chunks(rows, CHUNK_ROWS):
            pending.append(pool.submit(_lint_chunk, chunk))
            if len(pending) >= jobs * CHUNKS_PER_WORKER:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


# --- summary -------------------------------------------------------------------------------------------------


def _bounded_add(counter: Counter[str], key: str, limit: int) -> None:
    counter[key] += 1
    if len(counter) > 2 * limit:
        kept = counter.most_common(limit)
        counter.clear()
        counter.update(dict(kept))


@dataclass
class RuleStats:
    """Findings of one rule across the audit."""

    code: str
    rule: str
    category: str
    severity: str
    findings: int = 0
    replies: int = 0
    matches: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class GroupStats:
    """Counts for one agent, team or company."""

    replies: int = 0
    flagged: int = 0
    errored: int = 0
    score_sum: int = 0
    severities: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)

    @property
    def mean_score(self) -> float:
        """Mean tone score of the group's replies."""
        return self.score_sum / self.replies if self.replies else 0.0

    @property
    def error_rate(self) -> float:
        """Share of the group's replies with an error finding."""
        return self.errored / self.replies if self.replies else 0.0


def groups_by_error_rate(groups: dict[str, GroupStats]) -> list[tuple[str, GroupStats]]:
    """Groups worst first: the highest share of replies with an error, then the lowest mean score, then the most
    replies."""
    return sorted(groups.items(), key=lambda item: (-item[1].error_rate, item[1].mean_score, -item[1].replies, item[0]))


def _worst_key(reply: dict[str, Any]) -> tuple[int, int]:
    return reply["score"], reply["line"]


@dataclass
class AuditSummary:
    """Counts of an audit; two summaries of disjoint parts of an export :meth:`merge` into the whole's."""

    rows: int = 0
    replies: int = 0
    flagged: int = 0
    findings: int = 0
    score_sum: int = 0
    #: Tone scores in bins of ten (0–9 … 90–99) and a last bin for 100.
    score_bins: list[int] = field(default_factory=lambda: [0] * 11)
    replies_by_severity: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    channels: Counter[str] = field(default_factory=Counter)
    contexts: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    replies_by_category: Counter[str] = field(default_factory=Counter)
    rules: dict[str, RuleStats] = field(default_factory=dict)
    groups: dict[str, GroupStats] = field(default_factory=dict)
    bad_reasons: Counter[str] = field(default_factory=Counter)
    bad_rows: list[dict[str, Any]] = field(default_factory=list)
    #: Rows the linter failed on (bugs in replylint).
    internal_errors: int = 0
    #: Why the input ended before its end (a truncated or corrupt ``.gz``, a read error, a worker that died).
    incomplete: str | None = None
    #: The replies with the lowest scores, lowest first.
    worst: list[dict[str, Any]] = field(default_factory=list)
    grouped: bool = False
    source: str = ""
    elapsed: float = 0.0

    @property
    def bad(self) -> int:
        """Rows that could not be linted."""
        return sum(self.bad_reasons.values())

    @property
    def mean_score(self) -> float:
        """Mean tone score of the linted replies."""
        return self.score_sum / self.replies if self.replies else 0.0

    def add(self, outcome: Outcome) -> None:
        """Count one row."""
        self.rows += 1
        if outcome.error is not None:
            self.internal_errors += outcome.internal
            self.bad_reasons[outcome.error] += 1
            if len(self.bad_rows) < BAD_ROWS_LISTED:
                self.bad_rows.append({"line": outcome.line, "id": outcome.id, "reason": outcome.error})
            return
        self.replies += 1
        self.score_sum += outcome.score
        self.score_bins[min(outcome.score // 10, 10)] += 1
        self.languages[outcome.language] += 1
        self.channels[outcome.channel or "default"] += 1
        self.contexts[outcome.context] += 1
        self.findings += len(outcome.findings)
        group = self._group(outcome.group) if self.grouped else None
        if group is not None:
            group.replies += 1
            group.score_sum += outcome.score
        if not outcome.findings:
            return
        self._keep_worst(outcome)
        self.flagged += 1
        severities = {brief[3] for brief in outcome.findings}
        categories = {brief[2] for brief in outcome.findings}
        self.replies_by_severity.update(severities)
        self.replies_by_category.update(categories)
        if group is not None:
            group.flagged += 1
            group.errored += "error" in severities
            group.severities.update(brief[3] for brief in outcome.findings)
            group.categories.update(brief[2] for brief in outcome.findings)
        seen: set[str] = set()
        for code, rule, category, severity, match, excerpt in outcome.findings:
            self.categories[category] += 1
            stats = self.rules.get(code)
            if stats is None:
                stats = self.rules[code] = RuleStats(code, rule, category, severity)
            stats.findings += 1
            if code not in seen:
                seen.add(code)
                stats.replies += 1
                if len(stats.examples) < EXAMPLES_PER_RULE:
                    stats.examples.append(
                        {
                            "line": outcome.line,
                            "id": outcome.id,
                            "excerpt": excerpt,
                            "match": match,
                            "customer": outcome.customer,
                        }
                    )
            if match and len(match) < MATCH_CHARS:
                _bounded_add(stats.matches, " ".join(match.lower().split())[:80], MATCHES_PER_RULE)

    def _keep_worst(self, outcome: Outcome) -> None:
        if len(self.worst) >= WORST_KEPT and (outcome.score, outcome.line) >= _worst_key(self.worst[-1]):
            return
        self.worst.append(
            {
                "line": outcome.line,
                "id": outcome.id,
                "group": outcome.group,
                "score": outcome.score,
                "reply": outcome.reply,
                "customer": outcome.customer,
                "marks": [list(mark) for mark in outcome.marks],
                "rules": sorted({(brief[0], brief[1], brief[3]) for brief in outcome.findings}),
            }
        )
        self.worst = sorted(self.worst, key=_worst_key)[:WORST_KEPT]

    def _group(self, name: str | None) -> GroupStats:
        key = name if name is not None else NO_GROUP
        stats = self.groups.get(key)
        if stats is None:
            stats = self.groups[key] = GroupStats()
        return stats

    def merge(self, other: AuditSummary) -> AuditSummary:
        """Add another summary's counts to this one (examples and bad rows stay bounded); return self."""
        self.incomplete = self.incomplete or other.incomplete
        for name in ("rows", "replies", "flagged", "findings", "score_sum", "internal_errors"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.score_bins = [a + b for a, b in zip(self.score_bins, other.score_bins, strict=True)]
        for name in ("replies_by_severity", "languages", "channels", "contexts", "categories", "replies_by_category"):
            getattr(self, name).update(getattr(other, name))
        self.bad_reasons.update(other.bad_reasons)
        self.bad_rows = [*self.bad_rows, *other.bad_rows][:BAD_ROWS_LISTED]
        self.worst = sorted([*self.worst, *other.worst], key=_worst_key)[:WORST_KEPT]
        for code, theirs in other.rules.items():
            mine = self.rules.get(code)
            if mine is None:
                mine = self.rules[code] = RuleStats(theirs.code, theirs.rule, theirs.category, theirs.severity)
            mine.findings += theirs.findings
            mine.replies += theirs.replies
            mine.matches.update(theirs.matches)
            if len(mine.matches) > 2 * MATCHES_PER_RULE:
                mine.matches = Counter(dict(mine.matches.most_common(MATCHES_PER_RULE)))
            mine.examples = [*mine.examples, *theirs.examples][:EXAMPLES_PER_RULE]
        self.grouped = self.grouped or other.grouped
        for name, theirs_group in other.groups.items():
            group = self._group(name)
            group.replies += theirs_group.replies
            group.flagged += theirs_group.flagged
            group.errored += theirs_group.errored
            group.score_sum += theirs_group.score_sum
            group.severities.update(theirs_group.severities)
            group.categories.update(theirs_group.categories)
        self.elapsed = max(self.elapsed, other.elapsed)
        return self

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data; rules by findings, groups by replies, top matches per rule."""
        rules = sorted(self.rules.values(), key=lambda r: (-r.findings, r.code))
        groups = groups_by_error_rate(self.groups)
        return {
            "source": self.source,
            "rows": self.rows,
            "replies": self.replies,
            "bad_rows": self.bad,
            "bad_reasons": dict(self.bad_reasons.most_common()),
            "bad_row_examples": self.bad_rows,
            "internal_errors": self.internal_errors,
            "incomplete": self.incomplete,
            "flagged": self.flagged,
            "findings": self.findings,
            "mean_score": round(self.mean_score, 2),
            "score_bins": self.score_bins,
            "replies_by_severity": dict(self.replies_by_severity),
            "languages": dict(self.languages.most_common()),
            "channels": dict(self.channels.most_common()),
            "contexts": dict(self.contexts.most_common()),
            "categories": {
                name: {"findings": count, "replies": self.replies_by_category[name]}
                for name, count in self.categories.most_common()
            },
            "rules": [
                {
                    "code": r.code,
                    "rule": r.rule,
                    "category": r.category,
                    "severity": r.severity,
                    "findings": r.findings,
                    "replies": r.replies,
                    "top_matches": dict(r.matches.most_common(10)),
                    "examples": r.examples,
                }
                for r in rules
            ],
            "groups": {
                name: {
                    "replies": g.replies,
                    "flagged": g.flagged,
                    "with_error": g.errored,
                    "error_rate": round(g.error_rate, 4),
                    "mean_score": round(g.mean_score, 2),
                    "severities": dict(g.severities),
                    "categories": dict(g.categories.most_common()),
                }
                for name, g in groups
            },
            "worst_replies": self.worst,
            "elapsed_seconds": round(self.elapsed, 3),
        }


# --- the whole run -------------------------------------------------------------------------------------------


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0.0%"


def render_summary(summary: AuditSummary, top_groups: int = 20) -> str:
    """The summary as text for a terminal."""
    s = summary
    out = [
        f"Audited {s.source or 'the export'}: {s.rows:,} rows, {s.replies:,} replies linted, "
        f"{s.bad:,} bad row{'' if s.bad == 1 else 's'}"
    ]
    if s.incomplete:
        out.append(f"  INCOMPLETE: {s.incomplete}")
    if s.bad:
        out.append("  bad rows: " + ", ".join(f"{reason}: {n:,}" for reason, n in s.bad_reasons.most_common()))
    errors = s.replies_by_severity["error"]
    out.append(
        f"Replies with findings: {s.flagged:,} ({_pct(s.flagged, s.replies)}), with an error: {errors:,} "
        f"({_pct(errors, s.replies)}); mean tone score {s.mean_score:.1f}"
    )
    if s.categories:
        out.append("\nBy category:")
        for name, count in s.categories.most_common():
            replies = s.replies_by_category[name]
            out.append(f"  {name:<18} {count:>8,} findings in {replies:>8,} replies ({_pct(replies, s.replies)})")
        out.append("\nBy rule:")
        for r in sorted(s.rules.values(), key=lambda r: (-r.findings, r.code)):
            top = ", ".join(f"{m!r}×{n}" for m, n in r.matches.most_common(3))
            out.append(f"  {r.code} {r.rule:<28} {r.severity:<8} {r.findings:>8,} findings  {top}")
    if s.groups:
        shown = groups_by_error_rate(s.groups)[:top_groups]
        out.append(f"\nBy group ({len(shown)} of {len(s.groups):,}, highest share of replies with an error first):")
        for name, g in shown:
            out.append(
                f"  {name[:30]:<30} {g.replies:>8,} replies  {_pct(g.errored, g.replies):>6} with an error  "
                f"{_pct(g.flagged, g.replies):>6} flagged  score {g.mean_score:5.1f}"
            )
    rate = s.rows / s.elapsed if s.elapsed else 0.0
    out.append(f"\n{s.elapsed:.1f} s, {rate:,.0f} rows/s")
    return "\n".join(out) + "\n"


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
        if fmt is None:
            raise AuditError("reading a stream needs a format")
        stream, total, name = source, None, "<stdin>"
    summary = AuditSummary(grouped=columns.group is not None, source=name)
    cross: CrossReplies | None = None
    started = time.perf_counter()
    with stream if isinstance(source, Path) else nullcontext(stream):
        lines = _Lines(stream)
        rows = _iter_rows(lines, fmt, columns)
        bar = _progress_bar(total) if progress else None

        def record(outcome: Outcome) -> None:
            nonlocal cross
            if outcome.keys:
                cross = cross or CrossReplies(process_linter(config))
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
        except (AuditError, OSError):
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
        raise AuditError(f"{path}: no such file")
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
            from replylint.audit_html import render_html

            Path(html).write_text(render_html(summary), encoding="utf-8", errors="backslashreplace")
        if summary_json:
            summary_text = json.dumps(summary.to_dict(), ensure_ascii=False, indent=2)
            Path(summary_json).write_text(summary_text, encoding="utf-8", errors="backslashreplace")
    except OSError as exc:
        raise AuditError(f"{exc.filename}: {exc.strerror or exc}") from exc
    return summary
