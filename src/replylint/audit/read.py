"""Reading exports: rows of a CSV, TSV or JSON Lines file (optionally ``.gz``), one at a time, each a reply
ready to lint or the reason it cannot be."""

from __future__ import annotations

import codecs
import gzip
import itertools
import json
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Any, cast

from replylint.errors import ReplylintError
from replylint.jsonkeys import DuplicateKey, unique_keys
from replylint.models import Channel

#: File formats ``audit`` reads, by the name ``--format`` takes.
FORMATS = ("csv", "tsv", "jsonl")


_SUFFIX_FORMATS = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}


#: Longest CSV record read, in characters; a quote left open is looked for no further than this.
MAX_RECORD_CHARS = 4 * 1024 * 1024

#: Bytes at the start of an export where a NUL byte means binary data, not text (as git and grep decide).
SNIFF_BYTES = 8192

#: How files that are not UTF-8 text start, and what to say of them (UTF-32 first: its mark starts like UTF-16's).
_SIGNATURES = (
    (codecs.BOM_UTF32_LE, "UTF-32 text; save the export as UTF-8"),
    (codecs.BOM_UTF32_BE, "UTF-32 text; save the export as UTF-8"),
    (codecs.BOM_UTF16_LE, "UTF-16 text; save the export as UTF-8"),
    (codecs.BOM_UTF16_BE, "UTF-16 text; save the export as UTF-8"),
    (b"\x1f\x8b", "gzip-compressed data; name the file with .gz at the end, or pipe it through gunzip"),
    (b"PK\x03\x04", "a ZIP archive (an .xlsx or .ods workbook?); save the sheet as CSV"),
)

#: What a header read as one column holds instead of the delimiter, and what to do.
_OTHER_DELIMITERS = {
    "\t": "tabs: read it with --format tsv",
    ",": "commas: read it with --format csv",
    ";": "semicolons: save it with commas between fields",
}


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


def _not_text(head: list[bytes]) -> str | None:
    """Why a stream whose first lines are ``head`` is no text export, or None."""
    for signature, what in _SIGNATURES:
        if head and head[0].startswith(signature):
            return f"not a text export: {what}"
    for number, raw in enumerate(head, 1):
        if b"\x00" in raw:
            return f"not a text export: binary data (a NUL byte on line {number})"
    return None


class ExportLines:
    """Numbered, decoded lines of a binary stream, each with whether it was valid UTF-8; counts bytes read.

    A stream that breaks off (a truncated or corrupt ``.gz``, a read error) ends the lines there: the lines
    before are kept and ``damage`` says what happened. A stream that is no UTF-8 text (binary data in its first
    :data:`SNIFF_BYTES`, a UTF-16 mark, a ZIP archive, a ``.gz`` that is not gzip) raises :class:`AuditError`
    before any line is given.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.bytes_read = 0
        self.lines_read = 0
        self.damage: str | None = None

    def _raw_lines(self) -> Iterator[bytes]:
        raws = iter(self.stream)
        read = 0
        while True:
            try:
                raw = next(raws)
            except StopIteration:
                return
            except (OSError, EOFError, zlib.error) as exc:
                if isinstance(exc, gzip.BadGzipFile) and read == 0:
                    raise AuditError(f"not gzip-compressed data, though the name ends in .gz ({exc})") from exc
                self.damage = f"input ends early after line {read}: {exc}"
                return
            read += 1
            yield raw

    def __iter__(self) -> Iterator[tuple[int, str, bool]]:
        raws = self._raw_lines()
        head: list[bytes] = []
        size = 0
        while size < SNIFF_BYTES and (raw := next(raws, None)) is not None:
            head.append(raw)
            size += len(raw)
        if reason := _not_text(head):
            raise AuditError(reason)
        for raw in itertools.chain(head, raws):
            self.bytes_read += len(raw)
            self.lines_read += 1
            line = raw.removeprefix(b"\xef\xbb\xbf") if self.lines_read == 1 else raw
            try:
                yield self.lines_read, line.decode("utf-8"), True
            except UnicodeDecodeError:
                yield self.lines_read, line.decode("utf-8", "replace"), False


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


class _Ambiguous:
    """The value of a key named twice in one object with different values: no value can be read from it."""


_AMBIGUOUS = _Ambiguous()


def _marking_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys named twice with different values hold :data:`_AMBIGUOUS` (one value repeated stays)."""
    record: dict[str, Any] = {}
    for key, value in pairs:
        record[key] = _AMBIGUOUS if key in record and record[key] != value else value
    return record


#: Built once: ``json.loads`` with a hook builds a decoder per call, which costs as much as the parse.
_DECODER = json.JSONDecoder(object_pairs_hook=unique_keys)
_LENIENT_DECODER = json.JSONDecoder(object_pairs_hook=_marking_repeats)


def _id_despite_repeats(line: str, columns: Columns) -> str | None:
    """The id of a row that repeats a key, when its id column is still unambiguous (the repeated key is
    elsewhere, or names one value twice); None otherwise."""
    if columns.id is None:
        return None
    record = _LENIENT_DECODER.decode(line)
    if not isinstance(record, dict):
        return None
    found, value = _lookup(record, columns.id)
    if not found or _holds_ambiguous(value):
        return None
    return _scalar(value)


def _holds_ambiguous(value: Any) -> bool:
    if isinstance(value, _Ambiguous):
        return True
    if isinstance(value, dict):
        return any(_holds_ambiguous(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_ambiguous(v) for v in value)
    return False


def _read_jsonl(lines: ExportLines, columns: Columns) -> Iterator[Row | BadRow]:
    for number, line, valid in lines:
        if not valid:
            yield BadRow(number, "not valid UTF-8")
            continue
        if not line.strip():
            continue
        try:
            record = _DECODER.decode(line)
        except DuplicateKey as exc:  # at any depth: the row is ambiguous, as `check` holds a macro export
            yield BadRow(number, f"duplicate key {exc.key!r}", _id_despite_repeats(line, columns))
            continue
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


def _csv_records(lines: ExportLines, delimiter: str) -> Iterator[tuple[int, list[str] | str, bool]]:
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


def _not_in_header(column: str, names: list[str], delimiter: str) -> str:
    """Why ``column`` is not found in the header ``names``; a header read as one column is quoted, with a hint."""
    if len(names) > 1:
        return f"column {column!r} is not in the header; columns: {', '.join(names)}"
    line = names[0]
    what = "tab" if delimiter == "\t" else "comma"
    hint = next((f" (it has {h})" for d, h in _OTHER_DELIMITERS.items() if d != delimiter and d in line), "")
    shown = line if len(line) <= 60 else line[:59] + "…"
    return (
        f"column {column!r} is not in the header; line 1 has no {what}, so it is read as one column: {shown!r}"
        f"{hint}; an export starts with a header row of column names"
    )


def _read_csv(lines: ExportLines, columns: Columns, delimiter: str) -> Iterator[Row | BadRow]:
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
            raise AuditError(_not_in_header(name, names, delimiter))
        if name is not None and (where := [i + 1 for i, n in enumerate(names) if n.strip() == name])[1:]:
            times = "twice" if len(where) == 2 else f"{len(where)} times"
            at = ", ".join(map(str, where[:-1])) + f" and {where[-1]}"
            raise AuditError(
                f"column {name!r} is named {times} in the header (columns {at}); which one is meant is unknown: "
                "rename the others"
            )

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
    """Rows of an export, one at a time; blank lines are skipped, broken rows come back as :class:`BadRow`.

    Raises :class:`AuditError` for a stream that is no UTF-8 text export, or a CSV header without a named column.
    """
    return rows_from_lines(ExportLines(stream), fmt, columns)


def rows_from_lines(lines: ExportLines, fmt: str, columns: Columns) -> Iterator[Row | BadRow]:
    if fmt == "jsonl":
        return _read_jsonl(lines, columns)
    if fmt in ("csv", "tsv"):
        return _read_csv(lines, columns, "\t" if fmt == "tsv" else ",")
    raise AuditError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
