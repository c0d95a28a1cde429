"""Hostile input on every door, found in a reviewer's pass: each test is one fix, with its bound."""

from __future__ import annotations

import json
import os
import tracemalloc
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pathspec
import pytest

from conftest import cpu_seconds, serving
from replylint import Config, Linter
from replylint import config as config_module
from replylint.audit import AuditSummary, Columns, lint_rows, make_row
from replylint.cli import EXIT_FINDINGS, main
from replylint.config import excluded
from replylint.files import lint_source
from replylint.service import client as service_client
from replylint.sources import SourceError, read_text


def _peak_bytes(read: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        read()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _small_limit(folder: Path) -> None:
    (folder / ".replylint.toml").write_text("max-reply-chars = 1000\n", encoding="utf-8")


def test_a_file_over_the_size_limit_is_skipped_and_the_others_linted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It was an internal error with a traceback (exit 3); it is a file that could not be linted (exit 1)."""
    _small_limit(tmp_path)
    long, fine = tmp_path / "long.txt", tmp_path / "fine.txt"
    long.write_text("Thank you for writing. " * 100, encoding="utf-8")
    fine.write_text("This is your fault.", encoding="utf-8")
    code = main(["check", "--format", "json", str(long), str(fine)])
    captured = capsys.readouterr()
    assert code == EXIT_FINDINGS
    assert "Traceback" not in captured.err and "internal error" not in captured.err
    assert f"{long}: skipped: the reply is 2,300 characters long; the maximum is 1,000" in captured.err
    assert [(f["path"], f["code"]) for f in json.loads(captured.out)] == [(str(fine), "RL201")]


def test_a_value_over_the_size_limit_is_named_by_its_key() -> None:
    content = json.dumps({"macros": [{"body": "Sorry for the wait."}, {"body": "x " * 600}]})
    report = lint_source(content, name="macros.json", config=Config.model_validate({"max-reply-chars": 1000}))
    assert report.error == "macros[1].body is 1,200 characters long; the maximum is 1,000 (setting max-reply-chars)"
    assert report.findings == []


def test_a_reply_the_service_refuses_skips_that_file_only(
    linter: Linter, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check --server``: a 422 or 413 answer stopped the whole run; now it skips the file it was for."""

    def answer(self: service_client.RemoteLinter, text: str, *args: object, **kwargs: object) -> bytes:
        if len(text) > 100:
            raise service_client.ServiceRefused("the service refused it (422): text: text is too long")
        return linter.lint(text).model_dump_json().encode()

    monkeypatch.setattr(service_client.RemoteLinter, "lint_json", answer)
    long, fine = tmp_path / "long.txt", tmp_path / "fine.txt"
    long.write_text("Thank you. " * 20, encoding="utf-8")
    fine.write_text("This is your fault.", encoding="utf-8")
    code = main(["check", "-q", "--server", "http://127.0.0.1:9", str(long), str(fine)])
    captured = capsys.readouterr()
    assert code == EXIT_FINDINGS
    assert f"{long}: skipped: the service refused it (422)" in captured.out
    assert f"{fine}:1:9: RL201" in captured.out


@pytest.mark.parametrize(("status", "refused"), [(422, True), (413, True), (404, False), (500, False)])
def test_only_a_refusal_of_the_reply_is_told_apart(status: int, refused: bool) -> None:
    """A 413 or 422 refuses one reply; any other failure (404, 5xx) still stops the run."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            body = json.dumps({"error": "text is too long", "field": "text"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as server:
        remote = service_client.RemoteLinter(f"http://127.0.0.1:{server.server_address[1]}")
        with pytest.raises(service_client.ServiceError, match="text: text is too long") as raised:
            remote.lint("Hello.")
    assert isinstance(raised.value, service_client.ServiceRefused) is refused


@pytest.mark.parametrize(
    "reply",
    ["Вы сами виноваты. " * 300, "This is your fault. " * 300],
)
def test_rules_that_run_after_the_others_report_at_most_one_hundred_findings(linter: Linter, reply: str) -> None:
    """The learned-act rule (RL205) ran after the others without the cap: 900 findings on 1,000 sentences."""
    counts = Counter(f.code for f in linter.lint(reply).findings)
    assert max(counts.values()) <= 100
    assert counts["RL205"] == 100  # the sentences RL201's hundred findings leave are read by RL205


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("long.po", 'msgid "a"\nmsgstr "' + "Thank you for writing. " * 90_000 + '"\n'),
        ("long.json", json.dumps({"body": "Thank you for writing. " * 90_000})),
    ],
)
def test_a_long_quoted_string_is_read_in_constant_memory(name: str, text: str) -> None:
    """The string patterns backtracked: a 2 MB ``msgstr`` held 0.3 GB of matcher states (5 MB: 0.7 GB)."""
    read = read_text(Path(name), text)
    assert len(read.segments[0].text) == 23 * 90_000
    assert _peak_bytes(lambda: read_text(Path(name), text)) < 40_000_000  # the segment and its copies, ~10 MB


def test_deep_flow_nesting_in_yaml_is_refused_before_the_scanner_slows_down() -> None:
    """PyYAML's scanner reads every open level at each token: 1,000 nested ``[`` (2 KB) took about 1 s of CPU."""
    text = "body: Hi\nx: " + "[" * 100_000 + "]" * 100_000 + "\n"
    with cpu_seconds() as spent, pytest.raises(SourceError, match=r"nested more than 200 levels deep \(line 2\)"):
        read_text(Path("deep.yaml"), text)
    assert spent() < 0.25  # about 5 ms here


def test_rows_over_the_size_limit_are_one_reason_in_the_summary() -> None:
    """Each row's own length made a reason of its own: 667 'reasons' for 667 long rows of an export."""
    linter = Linter(Config.model_validate({"max-reply-chars": 100}))
    records = [{"text": "Thanks! " * n} for n in (20, 30, 40)] + [{"text": "Sorry for the wait."}]
    rows = [make_row(i, record, Columns()) for i, record in enumerate(records, 1)]
    summary = AuditSummary()
    for outcome in lint_rows(linter, rows):
        summary.add(outcome)
    assert summary.bad_reasons == {"text longer than 100 characters (setting max-reply-chars)": 3}
    assert summary.replies == 1


@pytest.mark.parametrize(
    ("setting", "key"),
    [('exclude = ["[z-a]"]', "exclude"), ('[per-file-ignores]\n"[z-a]" = ["RL201"]', "per-file-ignores")],
)
def test_a_pattern_the_regex_engine_refuses_is_a_configuration_error(
    setting: str, key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pathspec raised ``re.error`` (not a ``ValueError``) from the validator: a traceback, exit 3."""
    (tmp_path / ".replylint.toml").write_text(setting + "\n", encoding="utf-8")
    reply = tmp_path / "reply.txt"
    reply.write_text("Thank you for writing.", encoding="utf-8")
    code = main(["check", "-q", str(reply)])
    captured = capsys.readouterr()
    assert code == 2 and "Traceback" not in captured.err
    assert f".replylint.toml: {key}: invalid pattern '[z-a]': bad character range z-a" in captured.err


def test_a_symbolic_link_loop_is_an_error_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``extend`` or a file beside ``--baseline`` that is a link loop: ``Path.resolve`` raised RuntimeError."""
    (tmp_path / "a.toml").symlink_to(tmp_path / "b.toml")
    (tmp_path / "b.toml").symlink_to(tmp_path / "a.toml")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    reply = tmp_path / "reply.txt"
    reply.write_text("This is your fault.", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert main(["check", "-q", "--write-baseline", str(baseline), str(reply)]) == 0
    code = main(["check", "-q", "--baseline", str(baseline), str(tmp_path / "loop.txt"), str(reply)])
    captured = capsys.readouterr()
    assert code == EXIT_FINDINGS and "Traceback" not in captured.err
    assert f"{tmp_path / 'loop.txt'}: skipped: Too many levels of symbolic links" in captured.out

    (tmp_path / ".replylint.toml").write_text('extend = "a.toml"\n', encoding="utf-8")
    code = main(["check", "-q", str(reply)])
    captured = capsys.readouterr()
    assert code == 2 and "Traceback" not in captured.err
    assert ".replylint.toml: extend: 'a.toml': Symlink loop" in captured.err


def test_audit_says_what_a_path_that_is_not_a_file_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A FIFO or a link loop was reported as "no such file"."""
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "loop.csv").symlink_to(tmp_path / "loop.csv")
    expected = {
        "pipe.csv": "not a regular file (a FIFO, socket or device): pipe it to standard input, `-`",
        "loop.csv": "a symbolic link to nothing (or a link loop)",
        "none.csv": "no such file",
    }
    for name, reason in expected.items():
        assert main(["audit", str(tmp_path / name), "--no-progress"]) == 2
        assert capsys.readouterr().err == f"replylint: {tmp_path / name}: {reason}\n"


def test_sarif_names_a_file_whose_name_is_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its bytes come back as lone surrogates, which ``quote`` could not encode: a traceback, exit 3."""
    (tmp_path / os.fsdecode(b"\xff\xfe.txt")).write_text("This is your fault.", encoding="utf-8")
    (tmp_path / "r\u202eeman.txt").write_text("This is your fault.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--format", "sarif", "."])
    captured = capsys.readouterr()
    assert code == EXIT_FINDINGS and "Traceback" not in captured.err
    results = json.loads(captured.out)["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"%FF%FE.txt", "r%E2%80%AEeman.txt"}


@pytest.mark.parametrize("backend", ["simple", "re2"])
def test_exclude_patterns_read_a_file_name_that_is_not_utf8(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pathspec picks its re2 backend when google-re2 is installed, and re2 cannot encode the lone surrogates such a
    name decodes to: the run stopped with exit 3 there, while the default backend matched."""
    if backend == "re2":
        pytest.importorskip("re2")
    monkeypatch.setattr(
        config_module, "_spec", lambda patterns: pathspec.GitIgnoreSpec.from_lines(patterns, backend=backend)
    )
    draft = tmp_path / "drafts" / os.fsdecode(b"\xff\xfe.txt")
    assert excluded(draft, ["drafts/*.txt"], tmp_path)
    assert not excluded(draft, ["published/*"], tmp_path)
