"""Directive hygiene: a directive naming no rule (RL001) and one that suppressed nothing (RL002)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from replylint import Linter
from replylint.cli import main
from replylint.config import config_from_mapping
from replylint.files import lint_source
from replylint.models import Finding
from replylint.sources import Suppressions


def check(path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[tuple[str, int, int, str | None]]:
    main(["check", "--format", "json", *args, str(path)])
    return [(f["code"], f["line"], f["column"], f["match"]) for f in json.loads(capsys.readouterr().out)]


def write(tmp_path: Path, name: str, text: str, config: str = 'select = ["RL101", "RL201", "RL0"]\n') -> Path:
    (tmp_path / ".replylint.toml").write_text(config, encoding="utf-8")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_misspelt_code_is_reported_where_it_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "r.j2", "{# replylint: disable-next-line=RL2O1 #}\nIt is your fault.\n")
    assert check(path, capsys) == [("RL001", 1, 33, "RL2O1"), ("RL201", 2, 7, "your fault")]


def test_only_the_unused_selector_of_a_directive_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "r.txt", "# replylint: disable-next-line=rl101,blame -- kept for later\nThanks!!!\n")
    assert check(path, capsys) == [("RL002", 1, 38, "blame")]


@pytest.mark.parametrize(
    ("text", "unused"),
    [
        ("<!-- replylint: disable-file -->\nThanks for waiting.\n", "replylint: disable-file"),
        ("Thanks for waiting. <!-- replylint: noqa -->\n", "replylint: noqa"),
        ("<!-- replylint: disable -->\nThanks.\n<!-- replylint: enable -->\nNo!!!\n", "replylint: disable"),
        ("Thanks.\n<!-- replylint: disable-next-line=RL101 -->\n", "RL101"),
    ],
)
def test_directives_that_suppress_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, unused: str
) -> None:
    found = check(write(tmp_path, "r.md", text), capsys)
    assert [(code, match) for code, _, _, match in found if code == "RL002"] == [("RL002", unused)]


def test_a_used_block_and_its_enable_are_not_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "<!-- replylint: disable=RL101 -->\nWow!!!\n<!-- replylint: enable=rl101 -->\nOk.\n"
    assert check(write(tmp_path, "r.md", text), capsys) == []


def test_bare_noqa_belongs_to_any_tool_and_is_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(write(tmp_path, "r.md", "Thanks. <!-- noqa: E501 -->\n"), capsys) == []


def test_the_hygiene_rules_follow_the_configuration(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "{# replylint: disable-file=RL201 #}\nThanks for waiting.\n"
    path = write(tmp_path, "r.j2", text, 'select = ["ALL"]\nignore = ["unused-directive"]\n')
    assert check(path, capsys) == []
    path = write(tmp_path, "r.j2", text, 'select = ["ALL"]\n[rules.RL002]\nseverity = "error"\n')
    assert main(["check", "--fail-on", "error", str(path)]) == 1
    assert "RL002 [error]" in capsys.readouterr().out


def test_only_a_directive_naming_it_silences_a_hygiene_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    named = "{# replylint: disable-file=RL002 #}\n{# replylint: disable-next-line=RL101 #}\nThanks.\n"
    assert check(write(tmp_path, "r.j2", named), capsys) == []
    blanket = "{# replylint: disable-file #}\nThanks.\n"
    assert check(write(tmp_path, "r.j2", blanket), capsys) == [("RL002", 1, 4, "replylint: disable-file")]


def test_messages_follow_the_language_of_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "r.txt", "# replylint: disable-next-line=RL101\nСпасибо за ожидание.\n")
    main(["check", "--format", "json", str(path)])
    [finding] = json.loads(capsys.readouterr().out)
    assert finding["message"] == "Директива «RL101» ничего не отключила."


def test_the_bundled_examples_raise_no_hygiene_finding(capsys: pytest.CaptureFixture[str]) -> None:
    examples = Path(__file__).parent.parent / "examples"
    main(["check", "--format", "json", str(examples)])
    assert not [f for f in json.loads(capsys.readouterr().out) if f["category"] == "directive"]


def test_the_python_api_and_lint_source_report_them_too(linter: Linter) -> None:
    template = "{# replylint: disable-next-line=RL2O1 #}\nIt is your fault.\n"
    report = linter.lint(template, "en", template=True)
    assert [(f.code, f.line, f.column) for f in report.findings if f.category == "directive"] == [("RL001", 1, 33)]
    from_text = lint_source(template, name="reply.j2", linter=linter, language="en")
    assert [(f.code, f.line, f.column) for f in from_text.findings if f.category == "directive"] == [("RL001", 1, 33)]
    assert "RL201" in [f.code for f in report.findings] and "RL201" in [f.code for f in from_text.findings]


def test_per_file_ignores_apply_to_them(linter: Linter) -> None:
    config = config_from_mapping({"per-file-ignores": {"legacy/**": ["directive"]}})
    text = "# replylint: disable-next-line=RL2O1\nThanks.\n"
    assert [f.code for f in lint_source(text, name="legacy/a.txt", config=config).findings] == []
    assert [f.code for f in lint_source(text, name="new/a.txt", config=config).findings] == ["RL001"]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("# replylint: disable-next-line=\nIt is your fault!!!\n", "replylint: disable-next-line="),
        ("# replylint: disable= -- later\nIt is your fault!!!\n", "replylint: disable="),
        ("# replylint: disable-file=\nIt is your fault!!!\n", "replylint: disable-file="),
        ("It is your fault!!! {# replylint: noqa: #}\n", "replylint: noqa:"),
        ("# replylint: disable-next-line=\nЭто ваша вина!!!\n", "replylint: disable-next-line="),
    ],
)
def test_an_empty_list_names_no_rule_and_suppresses_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, match: str
) -> None:
    found = check(write(tmp_path, "r.j2" if "{#" in text else "r.txt", text), capsys)
    assert ("RL001", 1, text.index("replylint") + 1, match) in found
    assert {"RL101", "RL201"} <= {code for code, *_ in found}
    assert "RL002" not in {code for code, *_ in found}


def test_an_empty_enable_list_turns_nothing_back_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "# replylint: disable=RL101\nWow!!!\n# replylint: enable=\nNo!!!\n"
    found = check(write(tmp_path, "r.txt", text), capsys)
    assert [(code, line, match) for code, line, _, match in found] == [("RL001", 3, "replylint: enable=")]


def test_a_directive_without_a_list_still_means_every_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "# replylint: disable-next-line -- quoted\nIt is your fault!!!\n"
    assert check(write(tmp_path, "r.txt", text), capsys) == []


def _placeholders(lines: int, directive_at: int, directive: str) -> str:
    text = ["Dear [CUSTOMER NAME], thank you."] * lines
    text.insert(directive_at, directive)
    return "\n".join(text) + "\n"


def test_a_directive_past_the_cap_of_findings_a_reply_is_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 110 placeholders, one rule: a reply reports at most 100 of a rule's findings, and the suppressed one past
    # the first 100 is suppressed (its directive used), not cut by the cap before the directive saw it.
    text = _placeholders(110, 104, "# replylint: disable-next-line=RL911")
    found = check(write(tmp_path, "r.txt", text, 'select = ["RL911", "RL0"]\n'), capsys)
    assert [code for code, *_ in found] == ["RL911"] * 100
    assert (106, 6) not in [(line, column) for _, line, column, _ in found]


def test_suppressed_findings_do_not_take_the_place_of_reported_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The first 105 placeholders are disabled: the cap counts the findings reported, so the last 5 are shown.
    text = _placeholders(110, 105, "# replylint: enable=RL911")
    text = "# replylint: disable=RL911\n" + text
    found = check(write(tmp_path, "r.txt", text, 'select = ["RL911", "RL0"]\n'), capsys)
    assert [(code, line) for code, line, *_ in found] == [("RL911", line) for line in range(108, 113)]


def test_a_template_directive_past_the_cap_is_used_through_the_api(linter: Linter) -> None:
    template = "\n".join(["Thanks!!!"] * 110 + ["Thanks!!! {# replylint: noqa: RL101 #}"] + ["Спасибо!!!"] * 5)
    report = linter.lint(template, "en", template=True)
    assert [f.code for f in report.findings if f.category == "directive"] == []
    assert [f.line for f in report.findings if f.code == "RL101"] == list(range(1, 101))


class _Client:
    """A linter seen as a service client is: ``lint`` only, so a file's findings are decided after mapping."""

    def __init__(self, linter: Linter) -> None:
        self.lint = linter.lint


FILES = {
    "r.txt": "# replylint: disable-next-line=RL201,RL102 -- quoted\nIt is your fault!!!\n"
    "# replylint: disable=RL101\nWow!!!\n# replylint: enable=RL101\nNo!!! Your fault.\n",
    "r.j2": "{# replylint: disable=RL201 #}\nHi {{ name }}, it is your fault!!!\n{# replylint: disable=RL999 #}\n",
    "m.yaml": "macros:\n  # replylint: disable-next-line=RL101\n  - body: It is your fault!!!\n"
    '  - body: "{# replylint: disable=RL201,RL102 #}It is your fault!!!"\n',
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_finding_of_a_file_is_decided_once(name: str, linter: Linter, monkeypatch: pytest.MonkeyPatch) -> None:
    """A local linter decides a file's findings before each rule's cap and marks the directives used then; they are
    not decided again after mapping, and the findings and unused directives are those a one-pass-after client sees
    (which reports no directive hygiene)."""
    decided: list[tuple[str, int, int]] = []
    suppresses = Suppressions.suppresses

    def counting(self: Suppressions, finding: Finding, *args: Any, **kwargs: Any) -> bool:
        decided.append((finding.code, finding.line, finding.column))
        return suppresses(self, finding, *args, **kwargs)

    monkeypatch.setattr(Suppressions, "suppresses", counting)
    local = lint_source(FILES[name], name=name, linter=linter, language="en")
    assert len(decided) == len(set(decided)), sorted(decided)
    remote = lint_source(FILES[name], name=name, linter=_Client(linter), language="en")  # type: ignore[arg-type]
    tone = [(f.code, f.line, f.column) for f in local.findings if f.category != "directive"]
    assert tone == [(f.code, f.line, f.column) for f in remote.findings if f.category != "directive"]
    assert [r.score for r in local.replies] == [r.score for r in remote.replies]
    unused = [(f.code, f.match) for f in local.findings if f.category == "directive"]
    assert unused == {"r.txt": [("RL002", "RL102")], "r.j2": [("RL001", "RL999")], "m.yaml": [("RL002", "RL102")]}[name]
