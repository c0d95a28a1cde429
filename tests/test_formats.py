"""Output formats: SARIF valid against the official 2.1.0 schema, GitHub annotations, JUnit XML, statistics,
quiet and colour."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from replylint import Category, Finding, Linter, Severity
from replylint.cli import main
from replylint.formats import (
    FORMATS,
    FileResult,
    OutputOptions,
    color_enabled,
    render_github,
    render_junit,
    render_statistics,
    render_statistics_json,
    render_text,
    sarif_log,
)
from replylint.formats.github import escape_data, escape_property
from replylint.lines import LineIndex, display_width, printable, source_excerpt
from replylint.packs import builtin_specs
from replylint.ruledoc import render_markdown

FIXTURES = Path(__file__).parent / "fixtures"
BAD = "Hello.\nThis is your fault!!!\n"


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft7Validator:
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


@pytest.fixture(scope="module")
def results(linter: Linter) -> list[FileResult]:
    """A file with findings on line 2, a clean file, and a skipped one."""
    return [
        FileResult("replies/bad reply.txt", BAD, linter.lint(BAD).findings),
        FileResult("replies/ok.txt", "Thank you for the kind words.\n", []),
        FileResult("replies/binary.txt", "", error="binary file (contains NUL bytes)"),
    ]


def _finding(**changes: Any) -> Finding:
    values: dict[str, Any] = {
        "code": "RL201",
        "rule": "blaming-phrase",
        "category": Category.BLAME,
        "severity": Severity.ERROR,
        "message": "Blames the customer.",
        "start": 0,
        "end": 4,
        "line": 1,
        "column": 1,
        "end_line": 1,
        "end_column": 5,
    }
    return Finding(**{**values, **changes})


def test_findings_of_the_fixture(results: list[FileResult]) -> None:
    assert [(f.code, f.line, f.column, f.end_column) for f in results[0].findings] == [
        ("RL201", 2, 9, 19),
        ("RL101", 2, 19, 22),
    ]


def test_sarif_is_valid_against_the_official_schema(
    results: list[FileResult], sarif_validator: jsonschema.Draft7Validator
) -> None:
    log = sarif_log(results)
    errors = sorted(sarif_validator.iter_errors(log), key=str)
    assert errors == []
    assert log["version"] == "2.1.0"
    # the rendered text is that same log
    assert json.loads(FORMATS["sarif"](results, OutputOptions())) == log


def test_the_schema_rejects_what_sarif_forbids(
    results: list[FileResult], sarif_validator: jsonschema.Draft7Validator
) -> None:
    log = sarif_log(results)
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    log["runs"][0]["results"][1]["level"] = "fatal"
    assert len(list(sarif_validator.iter_errors(log))) == 2


def test_sarif_results_rules_and_locations(results: list[FileResult]) -> None:
    run = sarif_log(results)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "replylint"
    assert [r["id"] for r in rules] == sorted(s.code for s in builtin_specs())
    assert run["columnKind"] == "unicodeCodePoints"
    first, second = run["results"]
    assert first["ruleId"] == "RL201" and first["level"] == "error"
    assert second["ruleId"] == "RL101" and second["level"] == "warning"
    assert rules[first["ruleIndex"]]["id"] == "RL201"
    assert first["message"]["text"] == results[0].findings[0].message
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "replies/bad%20reply.txt"
    assert location["region"] == {
        "startLine": 2,
        "startColumn": 9,
        "endLine": 2,
        "endColumn": 19,
        "snippet": {"text": "your fault"},
    }
    assert first["properties"]["suggestion"] == results[0].findings[0].suggestion
    # the skipped file is a tool notification, not a result
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["message"]["text"] == "replies/binary.txt: skipped: binary file (contains NUL bytes)"


def test_sarif_rule_descriptors_link_to_the_rule_reference(results: list[FileResult]) -> None:
    reference = render_markdown(builtin_specs())  # docs/rules.md, which test_docs keeps in step
    anchors = {
        re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-")
        for heading in re.findall(r"^### (.+)$", reference, re.M)
    }
    by_code = {s.code: s for s in builtin_specs()}
    for rule in sarif_log(results)["runs"][0]["tool"]["driver"]["rules"]:
        url = urlsplit(rule["helpUri"])
        assert url.scheme == "https" and url.path.endswith("/docs/rules.md")
        assert url.fragment in anchors, rule["id"]
        spec = by_code[rule["id"]]
        assert rule["name"] == spec.name
        assert (
            rule["defaultConfiguration"]["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[spec.severity.value]
        )
        assert rule["shortDescription"]["text"] and spec.rationale.startswith(rule["shortDescription"]["text"])


def test_sarif_paths_and_rules_from_user_packs(sarif_validator: jsonschema.Draft7Validator) -> None:
    custom = _finding(code="XY001", rule="house-rule", severity=Severity.INFO, start=None, end=None)
    results = [FileResult("/srv/ответы/a.txt", "abcd", [custom]), FileResult("-", "abcd", [_finding()])]
    log = sarif_log(results)
    assert list(sarif_validator.iter_errors(log)) == []
    run = log["runs"][0]
    assert run["tool"]["driver"]["rules"][-1]["id"] == "XY001"
    assert run["results"][0]["level"] == "note"
    assert "snippet" not in run["results"][0]["locations"][0]["physicalLocation"]["region"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]]
    assert uris == ["file:///srv/%D0%BE%D1%82%D0%B2%D0%B5%D1%82%D1%8B/a.txt", "-"]


def test_github_annotations(results: list[FileResult]) -> None:
    lines = render_github(results).splitlines()
    assert lines == [
        "::error file=replies/bad reply.txt,line=2,col=9,endLine=2,endColumn=19,title=RL201::"
        + escape_data(f"{results[0].findings[0].message}\n{results[0].findings[0].suggestion}"),
        "::warning file=replies/bad reply.txt,line=2,col=19,endLine=2,endColumn=22,title=RL101::"
        + escape_data(f"{results[0].findings[1].message}\n{results[0].findings[1].suggestion}"),
        "::error file=replies/binary.txt,title=replylint::skipped: binary file (contains NUL bytes)",
    ]


def test_github_escaping_follows_the_runner() -> None:
    assert escape_data("50% off\r\nnext: a,b") == "50%25 off%0D%0Anext: a,b"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    finding = _finding(severity=Severity.INFO, message="100% sure:\nyes", suggestion=None)
    (line,) = render_github([FileResult("dir,x/a:b.txt", "abcd", [finding])]).splitlines()
    assert line == "::notice file=dir%2Cx/a%3Ab.txt,line=1,col=1,endLine=1,endColumn=5,title=RL201::100%25 sure:%0Ayes"


def test_junit_xml(results: list[FileResult]) -> None:
    root = ET.fromstring(render_junit(results))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert {k: suite.get(k) for k in ("tests", "failures", "errors")} == {"tests": "3", "failures": "1", "errors": "1"}
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["replies/bad reply.txt", "replies/ok.txt", "replies/binary.txt"]
    failures = cases[0].findall("failure")
    assert [f.get("type") for f in failures] == ["RL201", "RL101"]
    assert failures[0].text is not None
    assert failures[0].text.startswith("replies/bad reply.txt:2:9: RL201 [error] ")
    assert "help: " in failures[0].text
    assert list(cases[1]) == []
    (error,) = cases[2].findall("error")
    assert error.get("message") == "binary file (contains NUL bytes)"


def test_junit_xml_stays_well_formed_with_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A vertical tab (a word processor's manual line break) inside a quoted match, and a control character in a
    # file name: XML 1.0 cannot hold them even as references, so a CI server refused the whole report.
    monkeypatch.chdir(tmp_path)
    Path("vt.txt").write_text("Dear customer, this is your\x0bfault.\n", encoding="utf-8")
    Path("a\x01b.txt").write_text("Thanks!!!\n", encoding="utf-8")
    code, out, _ = _cli(["check", "--format", "junit", "vt.txt", "a\x01b.txt"], capsys)
    assert code == 1
    cases = ET.fromstring(out).findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == ["vt.txt", "a\\x01b.txt"]
    failure = cases[0].find("failure")
    assert failure is not None and failure.text is not None
    assert failure.get("message") == "RL201 [error] Blames the customer: \u201cyour\\x0bfault\u201d."
    assert failure.text.startswith("vt.txt:1:24: RL201 [error] Blames the customer: \u201cyour\\x0bfault\u201d.")
    assert cases[1].find("failure") is not None


def test_statistics_count_per_rule(results: list[FileResult]) -> None:
    twice = [*results, FileResult("again.txt", "Thanks!!!", [_finding(code="RL101", rule="exclamation-run")])]
    assert render_statistics(twice) == "2\tRL101\texclamation-run\n1\tRL201\tblaming-phrase\n"
    assert json.loads(render_statistics_json(twice)) == [
        {"code": "RL101", "name": "exclamation-run", "count": 2},
        {"code": "RL201", "name": "blaming-phrase", "count": 1},
    ]
    assert render_statistics([]) == ""


def test_quiet_text_is_one_line_per_finding(results: list[FileResult]) -> None:
    quiet = FORMATS["text"](results, OutputOptions(quiet=True)).splitlines()
    assert [line.split(" [")[0] for line in quiet] == [
        "replies/bad reply.txt:2:9: RL201",
        "replies/bad reply.txt:2:19: RL101",
        "replies/binary.txt: skipped: binary file (contains NUL bytes)",
    ]
    assert FORMATS["text"](results[1:2], OutputOptions(quiet=True)) == ""
    assert render_text(results[1:2]) == "All checks passed.\n"


def test_colour_only_on_a_terminal(results: list[FileResult], monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert color_enabled(Terminal())
    assert not color_enabled(io.StringIO())
    assert not color_enabled(Terminal(), disabled=True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not color_enabled(Terminal())
    monkeypatch.setenv("NO_COLOR", "")
    assert color_enabled(Terminal())
    assert "\033[" in FORMATS["text"](results, OutputOptions(color=True))
    assert "\033[" not in FORMATS["text"](results, OutputOptions())


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_formats_statistics_and_quiet(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sarif_validator: jsonschema.Draft7Validator,
) -> None:
    reply = tmp_path / "bad.txt"
    reply.write_text(BAD, encoding="utf-8")
    code, out, _ = _cli(["check", "--output-format", "sarif", str(reply)], capsys)
    assert code == 1 and list(sarif_validator.iter_errors(json.loads(out))) == []
    code, out, _ = _cli(["check", "--format", "github", str(reply)], capsys)
    assert code == 1 and out.startswith(f"::error file={escape_property(str(reply))},line=2,col=9,")
    code, out, _ = _cli(["check", "--format", "junit", str(reply)], capsys)
    assert code == 1 and ET.fromstring(out).find("testsuite/testcase/failure") is not None
    twin = tmp_path.parent / f"{tmp_path.name}_twin.txt"  # a file of its own: one file named twice is linted once
    twin.write_text(BAD, encoding="utf-8")
    code, out, _ = _cli(["check", "--statistics", str(reply), str(twin)], capsys)
    assert (code, out) == (1, "2\tRL101\texclamation-run\n2\tRL201\tblaming-phrase\n")
    code, out, _ = _cli(["check", "--statistics", "--format", "json", str(reply)], capsys)
    assert [item["count"] for item in json.loads(out)] == [1, 1]
    code, _, err = _cli(["check", "--statistics", "--format", "sarif", str(reply)], capsys)
    assert code == 2 and "--statistics works with --format text or json" in err
    code, out, _ = _cli(["check", "-q", "--fail-on", "error", str(tmp_path)], capsys)
    assert code == 1 and len(out.splitlines()) == 2
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "ok.txt").write_text("Thank you for the kind words.\n", encoding="utf-8")
    assert _cli(["check", "--quiet", str(clean)], capsys)[:2] == (0, "")
    # not a terminal (captured): no colour, whatever NO_COLOR says
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\033[" not in _cli(["check", str(reply)], capsys)[1]
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert "\033[" in _cli(["check", str(reply)], capsys)[1]
    assert "\033[" not in _cli(["check", "--no-color", str(reply)], capsys)[1]


def test_sarif_and_json_carry_the_fix(results: list[FileResult]) -> None:
    """RL101's fix of the fixture's "!!!" (line 2, columns 19–21) as a SARIF fix and in the JSON output."""
    run = sarif_log(results)["runs"][0]
    first, second = run["results"]
    assert "fixes" not in first
    (fix,) = second["fixes"]
    assert fix["description"]["text"] == "safe fix"
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "replies/bad%20reply.txt"
    (replacement,) = change["replacements"]
    region = replacement["deletedRegion"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (2, 19, 2, 22)
    assert BAD[region["charOffset"] : region["charOffset"] + region["charLength"]] == "!!!"
    assert replacement["insertedContent"] == {"text": "!"}
    items = json.loads(FORMATS["json"](results, OutputOptions()))
    assert items[1]["fix"]["applicability"] == "safe"
    assert [BAD[e["start"] : e["end"]] for e in items[1]["fix"]["edits"]] == ["!!!"]


def test_text_marks_the_span_under_tabs_as_the_terminal_shows_them(linter: Linter) -> None:
    text = "Hello.\n\tNote:\tthis is your fault.\n"
    lines = render_text([FileResult("reply.txt", text, linter.lint(text).findings)]).splitlines()
    at = lines.index("2 | \tNote:\tthis is your fault.")
    assert lines[at + 1] == "  | \t     \t        ^^^^^^^^^^"


def test_text_marks_the_span_after_wide_characters_and_emoji_as_the_terminal_shows_them(linter: Linter) -> None:
    # CJK and most emoji take two terminal columns, a skin-tone modifier or a combining accent none.
    text = "您好！😀 This is your fault.\nСпасибо 🙏🏽 е\u0301сли ВЫ САМИ ВИНОВАТЫ.\nDear {{ 名前 }}, ok.\n"
    lines = render_text([FileResult("reply.txt", text, linter.lint(text, template=True).findings)]).splitlines()
    at = lines.index("1 | 您好！😀 This is your fault.")
    assert lines[at + 1] == f"  | {' ' * 17}{'^' * 10}"  # 您好！😀: 8 columns for 4 characters
    at = lines.index("2 | Спасибо 🙏🏽 е\u0301сли ВЫ САМИ ВИНОВАТЫ.")
    assert lines[at + 1] == f"  | {' ' * 16}{'^' * 16}"  # 🙏🏽: 2 columns; е + U+0301: 1
    assert display_width("{{ 名前 }}") == 10 and display_width("\u200d\ufe0f") == 0 and display_width("ab\tc") == 4


def test_the_caret_run_covers_wide_characters_in_the_span() -> None:
    assert source_excerpt("Dear {{ 名前 }}, ok.", 5, 8) == ("Dear {{ 名前 }}, ok.", " " * 5, 10)
    assert source_excerpt("名前: your fault", 4, 10) == ("名前: your fault", " " * 6, 10)


def test_text_escapes_the_control_characters_of_a_reply_and_marks_the_span_under_their_escapes(
    linter: Linter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An escape sequence would clear or retitle the terminal, a carriage return write over the line, a bell ring and
    # a bidi override reorder what is shown: the text format shows each as its escape, JSON keeps the text as it is.
    text = "Hello \x1b]0;owned\x07\x1b[2J.\rOK\u202e: this is \x08your fault!!!\n"
    reply = tmp_path / "ctrl\x1b[31m.txt"
    reply.write_text(text, encoding="utf-8", newline="")
    code, out, _ = _cli(["check", "--explain-acts", str(reply)], capsys)
    assert code == 1
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", out)
    lines = out.splitlines()
    assert f"{printable(str(reply))}:1:1: [greeting, blame] Hello \\x1b]0;owned\\x07\\x1b[2J. OK\\u202e: " in out
    at = lines.index("2 | OK\\u202e: this is \\x08your fault!!!")
    assert lines[at - 2] == f"{tmp_path}/ctrl\\x1b[31m.txt:2:15: RL201 [error] Blames the customer: “your fault”."
    assert lines[at + 1] == f"  | {' ' * 22}{'^' * 10}"  # under the span, after the escapes' columns
    (first, _) = json.loads(_cli(["check", "--format", "json", str(reply)], capsys)[1])
    assert first["path"] == str(reply) and (first["line"], first["column"]) == (2, 15)
    assert source_excerpt("a\tb\x1bc", 3, 2) == ("a\tb\\x1bc", " \t ", 5)
    assert printable("tab\tstays, é and 名前 too") == "tab\tstays, é and 名前 too"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_indexes_a_file_s_lines_once(fmt: str, linter: Linter, monkeypatch: pytest.MonkeyPatch) -> None:
    # A file of many replies has many findings: a line index per finding made rendering quadratic (SARIF of a
    # 10,000-reply JSON file took 72 s of CPU against 18 s for 5,000).
    text = "".join(f"Reply {i}: it is your fault!!!\n" for i in range(200))
    result = FileResult("replies.txt", text, linter.lint(text).findings)
    assert len(result.findings) >= 200
    built = []
    index = LineIndex.__init__
    monkeypatch.setattr(LineIndex, "__init__", lambda self, *a, **k: built.append(1) or index(self, *a, **k))
    FORMATS[fmt]([result], OutputOptions())
    assert len(built) <= 1


def test_text_cuts_a_long_source_line_around_the_span(linter: Linter) -> None:
    text = "a" * 100_000 + " this is your fault. " + "b" * 100_000
    (finding,) = [f for f in linter.lint(text).findings if f.code == "RL201"]
    lines = render_text([FileResult("reply.txt", text, [finding])]).splitlines()
    assert lines[2] == f"1 | …{'a' * 31} this is your fault. {'b' * 38}…"
    assert lines[3] == f"  | {' ' * 41}{'^' * 10}"
    assert max(len(line) for line in lines) < 200


@pytest.mark.parametrize("output", ["text", "json"])
def test_statistics_say_a_file_that_was_skipped(
    output: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"Thanks!!!\x00\x01")
    code, _, err = _cli(["check", "--statistics", "--format", output, str(binary)], capsys)
    assert code == 1 and f"{binary}: skipped: binary file" in err
