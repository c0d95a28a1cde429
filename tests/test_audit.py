"""``replylint audit``: streaming CSV / JSON Lines exports, bad rows, workers, summary numbers and the HTML report."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from replylint import Linter
from replylint.audit import AuditError, AuditSummary, Columns, Row, audit, lint_stream, pool, read_rows, run
from replylint.audit.html import render_html
from replylint.audit.read import SNIFF_BYTES
from replylint.cli import main

BLAMING_EN = "You should have read the terms before ordering!!!"
CLEAN_EN = "Thank you for your message. We will send a replacement tomorrow."
BLAMING_RU = "Вы сами виноваты, надо было читать условия!!!"
CLEAN_RU = "Здравствуйте! Приносим извинения за задержку, курьер привезёт заказ завтра."


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def jsonl_export(tmp_path: Path) -> Path:
    rows = [
        json.dumps({"id": 1, "agent": "anna", "body": BLAMING_EN, "customer": "My order is late, this is awful."}),
        json.dumps({"id": 2, "agent": "anna", "body": CLEAN_EN}),
        "",
        json.dumps({"id": 3, "agent": "boris", "body": BLAMING_RU}, ensure_ascii=False),
        json.dumps({"id": 4, "agent": "boris", "text": "no body key"}),
        json.dumps({"id": 5, "agent": "boris", "body": 42}),
        "{not json",
        json.dumps({"id": 7, "body": CLEAN_RU}, ensure_ascii=False),
        json.dumps(["a", "list"]),
        json.dumps({"id": 9, "agent": "anna", "body": "   "}),
    ]
    return _write_jsonl(tmp_path / "export.jsonl", rows)


COLUMNS = Columns(text="body", context="customer", id="id", group="agent")


def test_jsonl_audit_counts_rows_findings_and_bad_rows(jsonl_export: Path, linter: Linter) -> None:
    out = io.StringIO()
    summary = audit(jsonl_export, columns=COLUMNS, output=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]

    assert [r["line"] for r in records] == [1, 2, 4, 5, 6, 7, 8, 9, 10]
    assert summary.rows == 9
    assert summary.replies == 4
    assert summary.bad == 5
    assert summary.bad_reasons == {
        "missing column 'body'": 1,
        "text is not a string (int)": 1,
        "invalid JSON": 1,
        "not a JSON object": 1,
        "empty text": 1,
    }
    errors = {r["line"]: r["error"] for r in records if "error" in r}
    assert errors[5] == "missing column 'body'" and errors[7] == "invalid JSON"

    linted = {r["line"]: r for r in records if "error" not in r}
    assert linted[1]["id"] == "1" and linted[1]["group"] == "anna"
    assert linted[1]["context"] == "complaint"  # classified from the customer column
    assert linted[4]["language"] == "ru"
    # Every linted row carries exactly what Linter.lint reports for it.
    expected = linter.lint(BLAMING_EN, context="My order is late, this is awful.")
    assert [f["code"] for f in linted[1]["findings"]] == [f.code for f in expected.findings]
    assert linted[1]["score"] == expected.score
    assert any(f["category"] == "blame" for f in linted[1]["findings"])
    assert any(f["category"] == "blame" for f in linted[4]["findings"])

    total_findings = sum(len(r["findings"]) for r in linted.values())
    assert summary.findings == total_findings
    assert summary.flagged == sum(1 for r in linted.values() if r["findings"])
    assert summary.score_sum == sum(r["score"] for r in linted.values())
    assert sum(summary.score_bins) == summary.replies
    assert summary.languages == {"en": 2, "ru": 2}
    assert summary.replies_by_category["blame"] == 2
    by_rule = {code: stats.findings for code, stats in summary.rules.items()}
    assert sum(by_rule.values()) == total_findings


def test_groups_are_summarised_per_agent(jsonl_export: Path) -> None:
    summary = audit(jsonl_export, columns=COLUMNS)
    assert set(summary.groups) == {"anna", "boris", "(none)"}
    anna, boris = summary.groups["anna"], summary.groups["boris"]
    assert (anna.replies, boris.replies, summary.groups["(none)"].replies) == (2, 1, 1)
    assert boris.flagged == 1 and boris.categories["blame"] == 2  # «сами виноваты», «надо было читать»
    data = summary.to_dict()
    assert list(data["groups"]) == ["boris", "anna", "(none)"]  # highest error rate first, then lowest score
    assert data["groups"]["anna"]["replies"] == 2


def test_csv_with_named_columns_quoted_newlines_and_short_rows(tmp_path: Path) -> None:
    path = tmp_path / "replies.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ticket", "team", "channel", "reply"])
        writer.writerow(["T1", "north", "email", f"Hello,\n\n{BLAMING_EN}"])
        writer.writerow(["T2", "south", "chat", CLEAN_EN])
        writer.writerow(["T3", "south"])
        writer.writerow(["T4", "north", "fax", CLEAN_EN])
        writer.writerow(["T5", "north", "", BLAMING_RU])
    out = io.StringIO()
    columns = Columns(text="reply", id="ticket", group="team", channel="channel")
    summary = audit(path, columns=columns, output=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]

    # A record's line is where it starts in the file, header included, even after a quoted newline.
    assert [r["line"] for r in records] == [2, 5, 6, 7, 8]
    assert records[0]["channel"] == "email" and records[1]["channel"] == "chat"
    assert records[4]["channel"] is None
    assert records[2] == {"line": 6, "id": "T3", "error": "missing column 'reply'"}
    assert records[3]["error"] == "unknown channel 'fax'"
    assert summary.replies == 3 and summary.bad == 2
    assert summary.groups["north"].replies == 2 and summary.groups["south"].replies == 1
    assert summary.channels == {"email": 1, "chat": 1, "default": 1}


def test_tsv_and_gzip_are_read(tmp_path: Path) -> None:
    path = tmp_path / "replies.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("text\n" + BLAMING_EN + "\n" + CLEAN_EN + "\n")
    summary = audit(path)
    assert summary.replies == 2 and summary.flagged >= 1


def test_invalid_utf8_line_is_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_bytes(
        b'\xef\xbb\xbf{"text": "Hello"}\n{"text": "caf\xe9"}\n' + json.dumps({"text": CLEAN_EN}).encode() + b"\n"
    )
    summary = audit(path)
    assert summary.replies == 2
    assert summary.bad_reasons == {"not valid UTF-8": 1}
    assert summary.bad_rows == [{"line": 2, "id": None, "reason": "not valid UTF-8"}]


def test_jsonl_row_with_a_duplicate_key_is_a_bad_row_and_the_audit_goes_on(tmp_path: Path) -> None:
    # json.loads keeps the last of two equal keys; which value the export meant is unknown, so the row is not
    # linted (as `check` refuses a macro export with a duplicate key), and the rows after it are.
    path = tmp_path / "replies.jsonl"
    path.write_text(
        f'{{"text": "a", "text": "{CLEAN_EN}"}}\n'
        f'{{"id": 2, "text": "{CLEAN_EN}", "meta": {{"agent": "x", "agent": "y"}}}}\n'
        + json.dumps({"id": 3, "text": CLEAN_EN})
        + "\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    summary = audit(path, columns=Columns(id="id"), output=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records[0] == {"line": 1, "id": None, "error": "duplicate key 'text'"}
    assert records[1] == {"line": 2, "id": "2", "error": "duplicate key 'agent'"}
    assert records[2]["id"] == "3" and "findings" in records[2]
    assert summary.replies == 1
    assert summary.bad_reasons == {"duplicate key 'text'": 1, "duplicate key 'agent'": 1}
    assert summary.bad_rows[0] == {"line": 1, "id": None, "reason": "duplicate key 'text'"}
    assert summary.bad_rows[1] == {"line": 2, "id": "2", "reason": "duplicate key 'agent'"}


def test_jsonl_row_with_a_duplicate_key_keeps_its_id_unless_the_id_itself_is_ambiguous(tmp_path: Path) -> None:
    # The row is still not linted, but the user can find it again by its id; an id named twice with two values
    # could be either row, so none is given; one value named twice is still that value.
    path = _write_jsonl(
        tmp_path / "replies.jsonl",
        [
            '{"ticket": {"id": 7}, "text": "a", "text": "b"}',
            '{"ticket": {"id": 8, "id": 9}, "text": "a"}',
            '{"ticket": {"id": 10, "id": 10}, "text": "a"}',
            '{"ticket": {"id": 11, "agent": "x", "agent": "y"}, "text": "a"}',
            '{"ticket": 12, "ticket": 13, "text": "a", "text": "b"}',
        ],
    )
    out = io.StringIO()
    audit(path, columns=Columns(id="ticket.id"), output=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in records] == ["7", None, "10", "11", None]
    assert [r["error"] for r in records] == [
        "duplicate key 'text'",
        "duplicate key 'id'",
        "duplicate key 'id'",
        "duplicate key 'agent'",
        "duplicate key 'ticket'",
    ]


def test_broken_csv_record_is_a_bad_row_and_the_audit_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "replies.csv"
    path.write_text(f'text,id\nhello,1\n"never closed,2\n{CLEAN_EN},3\n', encoding="utf-8")
    out = io.StringIO()
    summary = audit(path, columns=Columns(id="id"), output=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r.get("id") for r in records] == ["1", None, "3"]
    assert records[1] == {"line": 3, "id": None, "error": "CSV error: quote not closed on this line"}
    assert summary.replies == 2 and summary.bad == 1


def test_column_missing_from_csv_header_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "replies.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    with pytest.raises(AuditError, match="column 'text' is not in the header; columns: id, body"):
        audit(path)


def test_a_named_column_twice_in_the_csv_header_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The csv reader would take the last column of the name silently: the reply linted may be the wrong one.
    path = tmp_path / "replies.csv"
    path.write_text(f"id,text,text,agent,agent\n1,Hello,{BLAMING_EN},a,b\n", encoding="utf-8")
    with pytest.raises(AuditError, match=r"column 'text' is named twice in the header \(columns 2 and 3\)"):
        audit(path)
    with pytest.raises(AuditError, match=r"column 'agent' is named twice in the header \(columns 4 and 5\)"):
        audit(path, columns=Columns(text="id", group="agent"))
    tsv = tmp_path / "replies.tsv"
    tsv.write_text("text\tx\t text\ttext\nHello\t1\t2\t3\n", encoding="utf-8")
    assert main(["audit", str(tsv), "--no-progress"]) == 2
    assert "column 'text' is named 3 times in the header (columns 1, 3 and 4)" in capsys.readouterr().err
    audit(path, columns=Columns(text="id"))  # a name repeated but not used is no ambiguity


def _zip(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as book:
        book.writestr("xl/workbook.xml", "<workbook/>")


NOT_EXPORTS = {
    "png named .csv": (
        "logo.csv",
        lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        "not a text export: binary data (a NUL byte on line 3)",
    ),
    "utf-16 text": (
        "replies.tsv",
        lambda p: p.write_bytes("text\tid\nThanks for waiting\t1\n".encode("utf-16")),
        "not a text export: UTF-16 text; save the export as UTF-8",
    ),
    "workbook": ("replies.csv", _zip, "not a text export: a ZIP archive (an .xlsx or .ods workbook?)"),
    "gzip without .gz": (
        "replies.jsonl",
        lambda p: p.write_bytes(gzip.compress(b'{"text": "Thanks for waiting"}\n')),
        "not a text export: gzip-compressed data; name the file with .gz at the end",
    ),
    ".gz that is not gzip": (
        "replies.jsonl.gz",
        lambda p: p.write_text('{"text": "Thanks for waiting"}\n', encoding="utf-8"),
        "not gzip-compressed data, though the name ends in .gz",
    ),
    "prose": (
        "notes.csv",
        lambda p: p.write_text("Call the courier about the late parcel\nand the refund\n", encoding="utf-8"),
        "column 'text' is not in the header; line 1 has no comma, so it is read as one column: "
        "'Call the courier about the late parcel'; an export starts with a header row of column names",
    ),
    "semicolons": (
        "replies.csv",
        lambda p: p.write_text("id;text\n1;Thanks for waiting\n", encoding="utf-8"),
        "read as one column: 'id;text' (it has semicolons: save it with commas between fields)",
    ),
    "tabs in a .csv": (
        "replies.csv",
        lambda p: p.write_text("id\ttext\n1\tThanks for waiting\n", encoding="utf-8"),
        "read as one column: 'id\\ttext' (it has tabs: read it with --format tsv)",
    ),
}


@pytest.mark.parametrize("case", NOT_EXPORTS)
def test_a_file_that_is_no_export_is_named_with_the_reason_and_nothing_is_audited(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    name, write, reason = NOT_EXPORTS[case]
    path = tmp_path / name
    write(path)
    results = tmp_path / "results.jsonl"
    assert main(["audit", str(path), "--output", str(results), "--no-progress"]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"replylint: {path}: ") and reason in captured.err
    assert captured.out == "" and results.read_text(encoding="utf-8") == ""


def test_standard_input_without_a_format_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(AuditError, match=r"^<stdin>: a stream has no file name .*; pass --format \(csv, tsv, jsonl\)"):
        audit(io.BytesIO(b"text\nThanks\n"))


def test_unknown_suffix_asks_for_a_format(tmp_path: Path) -> None:
    path = tmp_path / "replies.dat"
    path.write_text('{"text": "hi"}\n', encoding="utf-8")
    with pytest.raises(AuditError, match="--format"):
        audit(path)
    assert audit(path, fmt="jsonl").replies == 1


def test_reading_is_streamed() -> None:
    """Rows come one at a time: asking for the first two reads no further than the first SNIFF_BYTES (where
    binary data is looked for) and the line that crosses them."""
    consumed: list[bytes] = []

    def stream() -> Iterator[bytes]:
        for i in range(10_000):
            consumed.append(json.dumps({"text": f"reply {i}"}).encode() + b"\n")
            yield consumed[-1]

    rows = read_rows(stream(), "jsonl", Columns())  # type: ignore[arg-type]
    first = [next(rows), next(rows)]
    assert [r.line for r in first] == [1, 2]
    assert sum(map(len, consumed[:-1])) < SNIFF_BYTES <= sum(map(len, consumed))


def test_linting_is_streamed_in_bounded_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "CHUNK_ROWS", 5)
    consumed: list[int] = []

    def rows() -> Iterator[Row]:
        for i in range(1, 1_000):
            consumed.append(i)
            yield Row(i, CLEAN_EN)

    outcomes = lint_stream(rows())
    assert next(outcomes).line == 1
    assert len(consumed) <= 5


def test_two_workers_give_the_same_results_in_order(
    tmp_path: Path, jsonl_export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool, "CHUNK_ROWS", 3)
    lines = jsonl_export.read_text(encoding="utf-8").splitlines() * 4
    path = _write_jsonl(tmp_path / "bigger.jsonl", lines)
    one, two = io.StringIO(), io.StringIO()
    s1 = audit(path, columns=COLUMNS, output=one)
    s2 = audit(path, columns=COLUMNS, output=two, jobs=2)
    assert one.getvalue() == two.getvalue()
    d1, d2 = s1.to_dict(), s2.to_dict()
    d1.pop("elapsed_seconds")
    d2.pop("elapsed_seconds")
    assert d1 == d2
    assert s2.rows == 36 and s2.replies == 16


def test_summaries_of_parts_merge_into_the_whole(jsonl_export: Path) -> None:
    whole = audit(jsonl_export, columns=COLUMNS)
    outcomes = list(lint_stream(read_rows(jsonl_export.open("rb"), "jsonl", COLUMNS)))
    first, second = AuditSummary(grouped=True), AuditSummary(grouped=True)
    for outcome in outcomes[:4]:
        first.add(outcome)
    for outcome in outcomes[4:]:
        second.add(outcome)
    merged = first.merge(second).to_dict()
    expected = whole.to_dict()
    for data in (merged, expected):
        data.pop("elapsed_seconds")
        data.pop("source")
    assert merged == expected


def test_html_report_is_self_contained(tmp_path: Path, jsonl_export: Path) -> None:
    hostile = {"id": "<b>x</b>", "body": "<script>alert(1)</script> " + BLAMING_EN}
    lines = [json.dumps(hostile), *jsonl_export.read_text(encoding="utf-8").splitlines()]
    summary = audit(_write_jsonl(tmp_path / "x.jsonl", lines), columns=COLUMNS)
    page = render_html(summary)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<svg" in page and "<style>" in page
    assert page.count("<script") == 1 and "<script>" in page  # the one inline script that sorts tables
    for external in ("<link", "src=", "href=", "@import", "url("):
        assert external not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;x&lt;/b&gt;" in page
    for code in summary.rules:
        assert code in page
    assert "anna" in page and "boris" in page
    assert "invalid JSON" in page


def test_cli_audit_writes_results_html_and_summary(
    tmp_path: Path, jsonl_export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, html, summary_path = tmp_path / "out.jsonl", tmp_path / "report.html", tmp_path / "summary.json"
    code = main(
        [
            "audit",
            str(jsonl_export),
            "--text-column",
            "body",
            "--context-column",
            "customer",
            "--id-column",
            "id",
            "--group-column",
            "agent",
            "--output",
            str(out),
            "--html",
            str(html),
            "--summary",
            str(summary_path),
            "--no-progress",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "9 rows, 4 replies linted, 5 bad rows" in printed
    assert "By group" in printed and "anna" in printed
    assert len(out.read_text(encoding="utf-8").splitlines()) == 9
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    data = json.loads(summary_path.read_text(encoding="utf-8"))
    assert data["replies"] == 4 and data["bad_rows"] == 5
    assert data["categories"]["blame"]["replies"] == 2


def test_cli_audit_results_to_stdout_summary_to_stderr(jsonl_export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["audit", str(jsonl_export), "--text-column", "body", "--output", "-", "--no-progress"])
    captured = capsys.readouterr()
    assert code == 0
    assert len(captured.out.splitlines()) == 9
    assert all(json.loads(line)["line"] for line in captured.out.splitlines())
    assert "replies linted" in captured.err


def test_cli_audit_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(tmp_path / "missing.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    path = tmp_path / "r.csv"
    path.write_text("id,body\n1,hi\n", encoding="utf-8")
    assert main(["audit", str(path), "--no-progress"]) == 2
    assert "column 'text' is not in the header" in capsys.readouterr().err
    assert main(["audit", str(path), "--text-column", "body", "--jobs", "0"]) == 2


def test_progress_bar_goes_to_stderr(jsonl_export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    audit(jsonl_export, columns=COLUMNS, progress=True)
    assert "audit" in capsys.readouterr().err


def test_jobs_auto_picks_workers_from_the_cores_and_the_file_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(pool.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    small, big = tmp_path / "small.jsonl", tmp_path / "big.jsonl"
    small.write_text('{"text": "Thanks!"}\n', encoding="utf-8")
    with big.open("wb") as handle:
        handle.truncate(3 * pool.AUTO_BYTES_PER_WORKER)
    assert [pool.auto_jobs(str(p)) for p in (small, big, tmp_path / "none")] == [1, 3, 1]
    assert pool.auto_jobs("-") == 4
    used: list[int] = []
    monkeypatch.setattr(run, "audit", lambda *a, jobs, **k: used.append(jobs) or AuditSummary())
    assert main(["audit", str(small), "--jobs", "auto", "--no-progress"]) == 0
    assert used == [1]
    with pytest.raises(SystemExit):
        main(["audit", str(small), "--jobs", "many"])
    assert "not a number or 'auto'" in capsys.readouterr().err
