"""Property-based tests of the doors (Hypothesis, a fixed budget of derandomised examples): the file readers,
configuration and rule packs, the service's request parsing and audit's readers take any input and either
read it or refuse it with their documented error, never anything else."""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_server, serving
from replylint import ConfigError, Linter
from replylint.audit import AuditError, BadRow, Columns, Row, audit, read_rows
from replylint.config import config_from_mapping, load_config_file
from replylint.service.limits import RequestError, parse_json
from replylint.service.requests import LintBatch, LintRequest, validate
from replylint.service.runner import Server as LintServer
from replylint.sources import SourceError, read_source, read_text

BUDGET = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

MARKUP = "[]()!*_`<>{}%#&;:=|-~+.,'\"\\/\n\t abcxyzAБвя01"
SUFFIXES = [".txt", ".md", ".html", ".j2", ".html.j2", ".md.liquid", ".hbs", ".po", ".yaml", ".json"]


# --- file readers --------------------------------------------------------------------------------------------


@BUDGET
@given(text=st.text(alphabet=MARKUP, max_size=400), suffix=st.sampled_from(SUFFIXES))
def test_readers_map_every_segment_back_into_the_file(text: str, suffix: str) -> None:
    try:
        source = read_text(Path("reply" + suffix), text)
    except SourceError:
        return
    assert source.text == text
    for segment in source.segments:
        previous = 0
        for seg_start, file_start, length in segment.pieces:
            assert 0 <= seg_start <= len(segment.text)
            assert file_start >= 0 and file_start + length <= len(text)
        for offset, char in enumerate(segment.text):
            at = segment.file_offset(offset)
            assert 0 <= at <= len(text) and at >= previous
            previous = at
            if char.isalnum() and at < len(text):  # a letter comes from itself, or from an escape or entity
                assert text[at] == char or text[at] in "\\&"
    for comment in source.comments:
        assert 0 <= comment.start <= comment.body_start <= comment.body_end <= comment.end <= len(text)


@BUDGET
@given(data=st.binary(max_size=300), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_are_read_or_refused_with_a_source_error(data: bytes, suffix: str) -> None:
    with contextlib.suppress(SourceError):
        read_source(Path("reply" + suffix), data)


# --- configuration -------------------------------------------------------------------------------------------

KEYS = ["select", "extend-select", "ignore", "fail-on", "channel", "rules", "channels", "keys", "company-domains"]
_scalars = st.one_of(
    st.text(alphabet="RL0123456789abcdefxyz-_.*{}!: ", max_size=12),
    st.sampled_from(["RL101", "RL2", "blame", "ALL", "error", "chat", "social", "ru", "en", "severity", "options"]),
    st.integers(-5, 5),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from([*KEYS, "RL101", "RL201", "en", "ru", "severity", "options", "x"]), inner, max_size=3
        ),
    ),
    max_leaves=8,
)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"


@BUDGET
@given(raw=st.dictionaries(st.sampled_from([*KEYS, "source", "x"]), _values, max_size=4), pyproject=st.booleans())
def test_any_configuration_is_read_or_a_config_error(
    raw: dict[str, Any], pyproject: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("config")
    body = "\n".join(f"{json.dumps(key)} = {_toml_value(value)}" for key, value in raw.items())
    path = folder / ("pyproject.toml" if pyproject else ".replylint.toml")
    path.write_text(f"[tool.replylint]\n{body}\n" if pyproject else body + "\n", encoding="utf-8")
    try:
        config = load_config_file(path)
        Linter(config).lint("This is your fault!!!")
    except ConfigError:
        pass
    with contextlib.suppress(ConfigError):
        config_from_mapping(raw)


RULE_KEYS = ["code", "name", "category", "severity", "check", "rationale", "message", "suggestion", "en", "ru"]
_rule_values = st.one_of(
    _values,
    st.sampled_from(["TM001", "test-rule", "blame", "warning", "phrase", "pattern", "Why."]),
    st.fixed_dictionaries({"en": st.text(alphabet="ab {}!:match0.[]", max_size=10), "ru": st.just("Текст")}),
    st.fixed_dictionaries({"phrases": st.lists(st.text(alphabet="ab *", max_size=8), max_size=2)}),
)


@BUDGET
@given(rules=st.lists(st.dictionaries(st.sampled_from(RULE_KEYS), _rule_values, max_size=10), max_size=2))
def test_any_rule_pack_is_loaded_or_a_config_error(
    rules: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("pack")
    pack = "\n".join(
        "[[rule]]\n" + "\n".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in rule.items()) for rule in rules
    )
    (folder / "pack.toml").write_text(pack + "\n", encoding="utf-8")
    (folder / ".replylint.toml").write_text("packs = ['pack.toml']\n", encoding="utf-8")
    try:
        linter = Linter(load_config_file(folder / ".replylint.toml"))
    except ConfigError:
        return
    linter.lint("This is your fault, ab ab!!!", "en")


# --- the service ---------------------------------------------------------------------------------------------

_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), st.sampled_from(["ru", "chat", "text"])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["text", "language", "channel", "context", "template", "items", "x"]), inner),
    ),
    max_leaves=10,
)


@BUDGET
@given(body=st.one_of(st.binary(max_size=200), _json.map(lambda v: json.dumps(v).encode())))
def test_any_request_body_is_a_request_or_a_request_error(body: bytes) -> None:
    for model in (LintRequest, LintBatch):
        try:
            validate(model, parse_json(body))
        except RequestError as exc:
            assert exc.status in (400, 422)


@pytest.fixture(scope="module")
def live(linter: Linter) -> Iterator[LintServer]:
    with serving(make_server(linter, "127.0.0.1", 0, timeout=1.0, lint_workers=1)) as srv:
        yield srv


@settings(BUDGET, max_examples=25)
@given(head=st.binary(max_size=120))
def test_any_request_head_gets_an_answer_with_a_status_line(live: LintServer, head: bytes) -> None:
    with socket.create_connection(live.server_address[:2], timeout=5) as sock:
        sock.sendall(head.replace(b"\r\n\r\n", b"") + b"\r\n\r\n")
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
    assert answer == b"" or answer.startswith(b"HTTP/1.1 ")


# --- audit's readers -----------------------------------------------------------------------------------------

_fields = st.text(alphabet='ab ,"\n\r\tЖ', max_size=12)


@BUDGET
@given(rows=st.lists(st.tuples(_fields, _fields, _fields), max_size=8))
def test_csv_written_by_the_csv_module_is_read_back_exactly(rows: list[tuple[str, str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "text", "group"])
    writer.writerows(rows)
    read = list(read_rows(io.BytesIO(buffer.getvalue().encode()), "csv", Columns(id="id", group="group")))
    assert len(read) == len(rows)
    for got, (row_id, text, group) in zip(read, rows, strict=True):
        if isinstance(got, Row):
            assert (got.id, got.text, got.group) == (row_id or None, text, group or None)
        else:
            assert got.reason == "empty text" and not text.strip()


@BUDGET
@given(text=st.text(alphabet='ab,"\n\r ', max_size=200), fmt=st.sampled_from(["csv", "tsv", "jsonl"]))
def test_any_export_is_read_row_by_row_in_order(text: str, fmt: str) -> None:
    try:
        data = (("text\n" if fmt != "jsonl" else "") + text).encode()
        rows = list(read_rows(io.BytesIO(data), fmt, Columns()))
    except AuditError:
        return
    lines = [r.line for r in rows]
    assert lines == sorted(set(lines))
    assert all(1 <= line <= text.count("\n") + 2 for line in lines)
    assert all(isinstance(r, Row | BadRow) for r in rows)


@BUDGET
@given(cut=st.integers(0, 2_000), junk=st.binary(max_size=20))
def test_any_damaged_gzip_keeps_a_prefix_of_the_rows(cut: int, junk: bytes) -> None:
    rows = [json.dumps({"id": i, "text": f"Reply {i}."}) for i in range(60)]
    data = gzip.compress(("\n".join(rows) + "\n").encode())
    damaged = data[: min(cut, len(data))] + junk if cut < len(data) else data + junk
    try:
        read = list(read_rows(gzip.GzipFile(fileobj=io.BytesIO(damaged)), "jsonl", Columns(id="id")))
    except AuditError as refused:  # no gzip header, or binary data decompressed: refused whole, with the reason
        assert str(refused).startswith(("not gzip-compressed data", "not a text export"))
        return
    ids = [r.id for r in read if isinstance(r, Row)]
    assert ids == [str(i) for i in range(len(ids))]  # rows before the damage, in order; none invented


def test_damaged_stream_reaches_the_summary(tmp_path: Path) -> None:
    path = tmp_path / "replies.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "Hello there."}\n' * 10)[:-6])
    summary = audit(path)
    assert summary.replies == 10 and summary.incomplete is not None
