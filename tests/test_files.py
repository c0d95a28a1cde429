"""One file pipeline (replylint.files): the same answer through the command line and the Python API, positions
counted as editors count lines, and each reply's score kept."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from replylint import Linter
from replylint.audit import audit
from replylint.cli import main
from replylint.files import lint_source
from replylint.lines import LineIndex
from replylint.models import Finding

BLAMING = "Hello {{ customer.name }}, this is your fault: you should have read the delivery terms.\n"
DIRECTIVE = "{# replylint: disable=RL201 -- the agents' training set quotes it on purpose #}\n"


def _codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


@pytest.mark.parametrize("directive", ["", DIRECTIVE])
def test_a_template_directive_reads_the_same_through_the_cli_and_the_api(
    directive: str, linter: Linter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = directive + "{% if late %}\n" + BLAMING + "{% endif %}\n"
    path = tmp_path / "reply.j2"
    path.write_text(text, encoding="utf-8")
    flagged = not directive
    assert (main(["check", str(path)]) == 1) is flagged
    capsys.readouterr()
    assert ("RL201" in _codes(lint_source(path, linter=linter).findings)) is flagged
    assert ("RL201" in _codes(lint_source(text, format="j2", linter=linter).findings)) is flagged
    api = linter.lint(text, template=True)
    assert ("RL201" in _codes(api.findings)) is flagged
    # The API's offsets are in the caller's text, the same as the file's.
    assert [(f.start, f.line, f.column) for f in api.findings] == [
        (f.start, f.line, f.column) for f in lint_source(path, linter=linter).findings
    ]


def test_the_api_reads_template_tags_as_the_file_reader_does(linter: Linter) -> None:
    text = "{% if vip %}Dear {{ name }},{% else %}Hello,{% endif %}\nThis is your fault.\n"
    report = linter.lint(text, template=True)
    (blame,) = [f for f in report.findings if f.code == "RL201"]
    assert text[blame.start : blame.end] == "your fault"
    assert (blame.line, blame.column) == (2, 9)
    assert report.score == linter.lint("Dear {{ name }}, Hello,\nThis is your fault.\n", template=True).score


def test_a_template_without_tags_or_comments_lints_as_before(linter: Linter) -> None:
    text = "Hi {{ name }}, this is your fault."
    as_template = linter.lint(text, template=True).findings
    assert as_template == [f for f in linter.lint(text).findings if f.code != "RL911"]  # placeholders expected
    assert [f.code for f in as_template] == ["RL201"]


@pytest.mark.parametrize("separator", ["\n", "\r\n", "\r", "\u2028", "\u2029"])
def test_lines_break_where_editors_break_them(separator: str) -> None:
    text = f"one{separator}two{separator}three"
    lines = LineIndex(text)
    assert lines.line_col(text.index("two")) == (2, 1)
    assert lines.line_col(text.index("three") + 2) == (3, 3)
    assert [lines.line_text(n) for n in (1, 2, 3, 4)] == ["one", "two", "three", ""]


def test_the_caret_line_after_a_line_separator_is_the_finding_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "reply.txt"
    path.write_text("Hello,\u2028this is your fault.\r\nThanks\n", encoding="utf-8")
    assert main(["check", "--no-color", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:2:9: RL201" in out
    assert "2 | this is your fault." in out
    report = lint_source(path)
    (blame,) = report.findings
    assert (blame.line, blame.column) == (2, 9)
    assert report.line(blame.line) == "this is your fault."


def test_each_reply_keeps_its_score_and_the_file_its_lowest(linter: Linter) -> None:
    macros = (
        "macros:\n"
        "  - body: Thank you for writing, we will send the refund by Friday.\n"
        "  # replylint: disable-next-line=RL201\n"
        "  - body: This is your fault.\n"
        "  - body: It is your fault!!!\n"
    )
    report = lint_source(macros, name="macros.yaml", linter=linter)
    assert [r.key for r in report.replies] == ["macros[0].body", "macros[1].body", "macros[2].body"]
    scores = [r.score for r in report.replies]
    assert scores[0] > scores[2] and scores[1] > scores[2]  # the suppressed blame does not count
    assert report.score == scores[2] == min(scores)
    assert report.summary.errors == 1
    assert [r.line for r in report.replies] == [2, 4, 5]


def test_bytes_are_decoded_as_files_are_and_unreadable_ones_say_why(linter: Linter, tmp_path: Path) -> None:
    text = "Спасибо за отзыв, мы всё исправим до пятницы."
    assert lint_source(text.encode("utf-16"), name="a.txt", linter=linter).replies[0].language == "ru"
    assert lint_source(b"\x00\x01binary", name="a.txt", linter=linter).error == "binary file (contains NUL bytes)"
    assert lint_source("\x00\x01binary", name="a.txt", linter=linter).error == "binary file (contains NUL bytes)"
    assert lint_source(tmp_path / "missing.txt", linter=linter).error == "No such file or directory"
    empty = lint_source("{# only a comment #}", format="j2", linter=linter)
    assert empty.error == "no reply text found in -"
    assert lint_source("a: 1\n", name="x.yaml", linter=linter).error == "no reply text found in x.yaml; set `keys`"


@pytest.mark.parametrize("format", ["md", ".J2", "html.j2", "YAML", "yaml.j2"])
def test_a_format_names_a_reader_in_any_case(format: str, linter: Linter) -> None:
    macros = "macros:\n  - body: This is your fault.\n"
    report = lint_source(macros, format=format, linter=linter)
    assert report.error is None and [reply.key for reply in report.replies] == [
        "macros[0].body" if format.lower() == "yaml" else None
    ]


@pytest.mark.parametrize("format", ["yamll", "markdwon", "exe.j2", "", "md."])
def test_a_format_no_reader_reads_is_refused_not_read_as_plain_text(format: str, linter: Linter) -> None:
    with pytest.raises(ValueError, match=f"no reader for format {format!r}: one of .*yaml"):
        lint_source("macros:\n  - body: This is your fault.\n", format=format, linter=linter)


def test_malformed_directives_are_reported_with_their_position(linter: Linter) -> None:
    report = lint_source("Thanks!\n# replylint: disabel=RL101\n", name="a.txt", linter=linter)
    assert report.problems == [
        "2:3: unknown directive 'replylint: disabel' (expected one of disable-next-line, disable, enable, "
        "disable-file, noqa)"
    ]


def test_sentences_carry_file_positions(linter: Linter) -> None:
    report = lint_source("# Title\n\nWe are **sorry**. We will call you today.\n", name="a.md", linter=linter)
    sentences = report.replies[0].sentences
    assert [(s.line, s.column, s.text) for s in sentences][-2:] == [
        (3, 1, "We are sorry."),
        (3, 19, "We will call you today."),
    ]


def test_the_audit_counts_lines_as_the_file_and_the_api_do(linter: Linter, tmp_path: Path) -> None:
    reply = "Hello,\u2028this is your fault."
    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps({"text": reply}) + "\n", encoding="utf-8")
    out = io.StringIO()
    audit(export, output=out)
    (record,) = [json.loads(line) for line in out.getvalue().splitlines()]
    in_audit = [(f["code"], f["line"], f["column"]) for f in record["findings"] if f["code"] == "RL201"]
    in_api = [(f.code, f.line, f.column) for f in linter.lint(reply).findings if f.code == "RL201"]
    in_file = [(f.code, f.line, f.column) for f in lint_source(reply, linter=linter).findings if f.code == "RL201"]
    assert in_audit == in_api == in_file == [("RL201", 2, 9)]
