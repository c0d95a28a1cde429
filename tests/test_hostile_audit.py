"""Hostile exports: audit keeps every row it can read, reports every row it cannot, and always summarises."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from replylint.audit import Columns, audit
from replylint.cli import EXIT_INTERNAL, main
from replylint.engine import Linter

CLEAN = "Thank you for writing. We will call you tomorrow."
COLUMNS = Columns(text="text", channel="channel", id="id")


def _audit(path: Path, columns: Columns = COLUMNS) -> tuple[list[dict[str, object]], object]:
    out = io.StringIO()
    summary = audit(path, columns=columns, output=out)
    return [json.loads(line) for line in out.getvalue().splitlines()], summary


def test_a_broken_quote_costs_its_own_row_only(tmp_path: Path) -> None:
    path = tmp_path / "replies.csv"
    path.write_text(
        "id,text,channel\n"
        f"1,{CLEAN},chat\n"
        '2,"Broken quote,chat\n'
        f"3,{CLEAN},email\n"
        f'4,"{CLEAN} Quoted, with a comma.",chat\n'
        f'5,"Two\nlines",review\n'
        f"6,{CLEAN},chat\n",
        encoding="utf-8",
    )
    records, summary = _audit(path)
    assert [(r["line"], r["id"]) for r in records] == [(2, "1"), (3, None), (4, "3"), (5, "4"), (6, "5"), (8, "6")]
    assert records[1]["error"] == "CSV error: unbalanced quote on this line"
    assert [r.get("channel") for r in records] == ["chat", None, "email", "chat", "review", "chat"]
    assert summary.replies == 5 and summary.bad == 1  # type: ignore[attr-defined]


def test_a_quote_never_closed_costs_its_own_row_only(tmp_path: Path) -> None:
    path = tmp_path / "replies.csv"
    path.write_text("id,text,channel\n" + '1,"Never closed,chat\n' + f"2,{CLEAN},email\n" * 50, encoding="utf-8")
    records, _ = _audit(path)
    assert records[0] == {"line": 2, "id": None, "error": "CSV error: quote not closed on this line"}
    assert len(records) == 51 and all(r["channel"] == "email" for r in records[1:])


def test_a_200_kb_field_neither_shifts_columns_nor_adds_a_row(tmp_path: Path) -> None:
    path = tmp_path / "replies.csv"
    big = "note " * 40_000
    path.write_text(
        f'id,note,text,channel\n1,"{big}",{CLEAN},chat\n2,{big},{CLEAN},email\n3,short,{CLEAN},review\n',
        encoding="utf-8",
    )
    records, summary = _audit(path)
    located = [(r["line"], r["id"], r["channel"]) for r in records]
    assert located == [(2, "1", "chat"), (3, "2", "email"), (4, "3", "review")]
    assert summary.bad == 0  # type: ignore[attr-defined]


def _gzip_rows(count: int) -> bytes:
    lines = "".join(json.dumps({"id": i, "text": CLEAN}) + "\n" for i in range(1, count + 1))
    return gzip.compress(lines.encode("utf-8"))


def test_trailing_garbage_after_a_gzip_keeps_every_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "replies.jsonl.gz"
    path.write_bytes(_gzip_rows(100) + b"this is not gzip")
    records, summary = _audit(path, Columns(id="id"))
    assert [r["id"] for r in records[:100]] == [str(i) for i in range(1, 101)]
    assert records[100]["error"].startswith("input ends early after line 100")
    assert summary.replies == 100 and summary.incomplete  # type: ignore[attr-defined]
    assert main(["audit", str(path), "--no-progress"]) == 1
    assert "INCOMPLETE: input ends early after line 100" in capsys.readouterr().out


@pytest.mark.parametrize("damage", ["truncated", "corrupt"])
def test_damaged_gzip_keeps_the_rows_before(tmp_path: Path, damage: str) -> None:
    data = bytearray(_gzip_rows(2_000))
    if damage == "truncated":
        data = data[: len(data) // 2]
    else:
        data[len(data) // 2 : len(data) // 2 + 64] = b"\xff" * 64
    path = tmp_path / "replies.jsonl.gz"
    path.write_bytes(bytes(data))
    records, summary = _audit(path, Columns(id="id"))
    read = [r for r in records if "error" not in r]
    # Deflate notices corruption only later (or at the checksum): rows from before the damaged bytes are whole.
    assert [r["id"] for r in read[:500]] == [str(i) for i in range(1, 501)]
    assert records[-1]["error"].startswith("input ends early")
    assert summary.incomplete is not None  # type: ignore[attr-defined]


def test_a_row_that_crashes_the_linter_is_an_error_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lint = Linter.lint_keyed

    def fragile(self: Linter, text: str, *args: object, **kwargs: object) -> object:
        if "boom" in text:
            raise RuntimeError("simulated bug")
        return lint(self, text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Linter, "lint_keyed", fragile)
    path = tmp_path / "replies.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate([CLEAN, "boom", CLEAN])))
    records, summary = _audit(path, Columns(id="id"))
    assert records[1] == {"line": 2, "id": "1", "error": "internal error: RuntimeError: simulated bug"}
    assert summary.replies == 2 and summary.internal_errors == 1  # type: ignore[attr-defined]
    assert main(["audit", str(path), "--no-progress"]) == EXIT_INTERNAL
    assert "Audited" in capsys.readouterr().out


def test_jsonl_rows_the_parser_refuses_are_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "replies.jsonl"
    path.write_text(
        '{"text": "Hi", "n": ' + "9" * 5_001 + "}\n" + '{"text": ' + "[" * 100_000 + "\n" + json.dumps({"text": CLEAN}),
        encoding="utf-8",
    )
    records, summary = _audit(path, Columns())
    assert [r.get("error") for r in records[:2]] == ["JSON the parser refuses (a huge number or deep nesting)"] * 2
    assert summary.replies == 1  # type: ignore[attr-defined]


def test_lone_surrogates_never_stop_the_audit_or_break_its_files(tmp_path: Path) -> None:
    path = tmp_path / "replies.jsonl"
    path.write_text('{"id": "a\\ud800", "text": "This is your fault \\udc00."}\n{"id": "b", "text": "Your fault."}\n')
    out, summary_json, html = tmp_path / "out.jsonl", tmp_path / "summary.json", tmp_path / "report.html"
    args = ["--id-column", "id", "--output", str(out), "--summary", str(summary_json), "--html", str(html)]
    code = main(["audit", str(path), *args, "--no-progress"])
    assert code in (0, EXIT_INTERNAL)  # linted, or reported as an error row: either way the audit finished
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a\ud800", "b"]
    assert json.loads(summary_json.read_text(encoding="utf-8"))["rows"] == 2
    assert html.stat().st_size > 0
