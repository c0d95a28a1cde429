"""Honest output: the summary line, the hook's file selection, --version, rules/explain, closed pipes, empty replies."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import replylint
from replylint import Linter, ReplyRejected, Severity
from replylint.cli import main
from replylint.config import Config, excluded

ROOT = Path(__file__).resolve().parents[1]
NOT_TEMPLATES = [
    "tsconfig.json",
    "web/tsconfig.app.json",
    "package.json",
    "node_modules/x/y.json",
    ".github/workflows/ci.yml",
    ".pre-commit-config.yaml",
    "docker-compose.yml",
    "README.md",
    "replies/CHANGELOG.md",
]
TEMPLATES = ["replies/refund_en.j2", "macros.yaml", "zendesk/macros.json", "locale/ru.po", "replies/readme_reply.txt"]


def test_never_all_checks_passed_with_a_non_zero_exit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Thanks, we will call you tomorrow.\n", encoding="utf-8")
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\xff\xfe")
    assert main(["check", str(good), str(broken)]) == 1
    out = capsys.readouterr().out
    assert "All checks passed." not in out
    assert out.rstrip().endswith("No findings in 1 file; 1 file skipped.")
    bad = tmp_path / "bad.txt"
    bad.write_text("Your fault!!!\n", encoding="utf-8")
    assert main(["check", str(bad), str(broken)]) == 1
    assert capsys.readouterr().out.rstrip().endswith("Found 2 findings in 1 file; 1 file skipped.")


def test_the_hook_and_the_configuration_leave_out_files_that_are_not_templates() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    patterns = Config().all_exclude
    for name in NOT_TEMPLATES:
        assert not files.search(name) or exclude.search(name), name
        assert excluded(Path(name), patterns), name
    for name in TEMPLATES:
        assert files.search(name) and not exclude.search(name), name
        assert not excluded(Path(name), patterns), name


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"replylint {replylint_version()}"


def replylint_version() -> str:
    from importlib.metadata import version

    return version("replylint")


def test_explain_in_any_case_with_channels_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "rl110"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("RL110 shouting (shouting, warning")
    assert re.search(r"^  review +error$", out, re.MULTILINE)  # the review profile raises it
    assert re.search(r"^  chat +warning$", out, re.MULTILINE)
    assert "Russian, flags:" in out and "English, passes:" in out
    assert main(["explain", "Blaming-Phrase"]) == 0
    assert capsys.readouterr().out.startswith("RL201 blaming-phrase")
    assert main(["explain", "RL999"]) == 2


def test_rules_with_a_configured_pack_and_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "team.toml"
    pack.write_text(
        '[[rule]]\ncode = "TM101"\nname = "team-word"\ncategory = "jargon"\nseverity = "info"\ncheck = "phrase"\n'
        'rationale = "House style."\nmessage.en = "No."\nmessage.ru = "Нет."\n'
        '[rule.en]\nphrases = ["synergy"]\nflag = ["Synergy!"]\npass = ["Hi."]\n'
        '[rule.ru]\nphrases = ["синергия"]\nflag = ["Синергия!"]\npass = ["Привет."]\n',
        encoding="utf-8",
    )
    config = tmp_path / "replylint.toml"
    config.write_text(
        'packs = ["team.toml"]\nignore = ["RL102"]\n[channels.chat.rules.RL201]\nseverity = "warning"\n',
        encoding="utf-8",
    )
    assert main(["rules", "--config", str(config), "--format", "json"]) == 0
    rules = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert rules["TM101"]["origin"].endswith("team.toml")
    assert rules["TM101"]["examples"]["en"]["flag"] == [{"text": "Synergy!"}]
    assert rules["RL102"]["selected"] is False
    assert rules["RL201"]["severity_by_channel"]["chat"] == "warning"
    assert rules["RL201"]["severity_by_channel"]["review"] == "error"
    assert rules["RL901"]["severity_by_channel"]["chat"] is None  # the length rule is off in chat
    assert main(["rules", "--config", str(config), "tm1"]) == 0
    assert capsys.readouterr().out.startswith("TM101  team-word")
    assert main(["explain", "--config", str(config), "tm101"]) == 0
    assert "Synergy!" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [["explain", "RL201"], ["rules"], ["audit", "-", "--format", "csv", "--output", "-"]],
    ids=["explain", "rules", "audit"],
)
def test_a_closed_pipe_ends_quietly(args: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader (`| head`) is gone before replylint writes
    rows = "text\n" + "".join(f"Reply {i}: your fault!!!\n" for i in range(50))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "replylint", *args],
            input=rows.encode(),
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    assert done.stderr.decode() == ""
    assert done.returncode == 0


@pytest.mark.parametrize("text", ["", "  \n\t "])
def test_an_empty_reply_is_an_error(text: str) -> None:
    report = replylint.lint(text)
    assert [f.code for f in report.findings] == ["RL913"]
    assert report.score < 100
    with pytest.raises(ReplyRejected):
        Linter().check(text, fail_on="error")


def test_at_or_above_takes_strings_like_check(linter: Linter) -> None:
    report = linter.lint("Your fault!!!")
    assert report.at_or_above("warning") == report.at_or_above(Severity.WARNING)
    assert {f.code for f in report.at_or_above("error")} == {"RL201"}


def test_lint_and_check_take_template(linter: Linter) -> None:
    text = "Hi {{ first_name }}, your refund is on its way."
    assert "RL911" in [f.code for f in replylint.lint(text).findings]
    assert "RL911" not in [f.code for f in replylint.lint(text, template=True).findings]
    with pytest.raises(ReplyRejected):
        linter.check(text, fail_on="error")
    assert linter.check(text, fail_on="error", template=True).score == 100
