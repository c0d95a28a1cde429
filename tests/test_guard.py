"""The pre-send guard: ``Linter.check`` in Python and ``replylint check -`` in a shell, with their exit codes."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from replylint import Linter, ReplylintError, ReplyRejected, Report, Severity
from replylint.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main

COMPLAINT = "Заказ так и не привезли, это ужасно."


def test_error_finding_rejects_the_reply_with_its_report(linter: Linter) -> None:
    with pytest.raises(ReplyRejected) as caught:
        linter.check("This is your fault.", fail_on="error")
    rejected = caught.value
    assert isinstance(rejected, ReplylintError)
    assert isinstance(rejected.report, Report)
    assert [f.code for f in rejected.report.findings] == ["RL201"]
    assert rejected.fail_on == "error"
    assert str(rejected) == "reply rejected: findings at or above error: RL201"


def test_the_rejection_names_only_the_codes_at_or_above_the_fail_level(linter: Linter) -> None:
    with pytest.raises(ReplyRejected) as caught:
        linter.check("This is your fault!!!", fail_on="error")
    assert {(f.code, f.severity) for f in caught.value.report.findings} == {
        ("RL201", Severity.ERROR),
        ("RL101", Severity.WARNING),
    }
    assert str(caught.value) == "reply rejected: findings at or above error: RL201"


def test_findings_below_the_threshold_pass_and_return_the_report(linter: Linter) -> None:
    report = linter.check("Thanks for writing!!!", fail_on="error")
    assert [(f.code, f.severity) for f in report.findings] == [("RL101", Severity.WARNING)]


def test_default_threshold_is_the_configured_fail_on(linter: Linter) -> None:
    assert linter.config.fail_on is Severity.WARNING
    with pytest.raises(ReplyRejected) as caught:
        linter.check("Thanks for writing!!!")
    assert caught.value.fail_on == "warning"


def test_context_decides_what_the_reply_owes(linter: Linter) -> None:
    assert linter.check("Ожидайте.", fail_on="warning").findings == []
    with pytest.raises(ReplyRejected) as caught:
        linter.check("Ожидайте.", fail_on="warning", context=COMPLAINT, channel="chat")
    report = caught.value.report
    assert {f.code for f in report.findings} == {"RL601", "RL603"}
    assert report.channel is not None and report.channel.value == "chat"
    assert report.context.kind.value == "complaint"


def test_clean_reply_passes_even_at_info(linter: Linter) -> None:
    report = linter.check("Thank you for the kind words, see you soon.", fail_on="info")
    assert report.findings == [] and report.score == 100


def test_unknown_threshold_is_an_error(linter: Linter) -> None:
    with pytest.raises(ValueError):
        linter.check("Hello.", fail_on="fatal")


def _shell(
    args: list[str], stdin: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def msg(tmp_path: Path) -> Path:
    path = tmp_path / "msg.txt"
    path.write_text(COMPLAINT, encoding="utf-8")
    return path


GUARD = ["check", "-", "--fail-on", "error", "--channel", "chat", "--context-file"]


def test_shell_guard_exit_zero_when_only_warnings(
    msg: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = _shell([*GUARD, str(msg)], "Ожидайте.", capsys, monkeypatch)
    assert code == EXIT_OK == 0
    assert "RL601" in out and "RL603" in out  # reported, but below --fail-on error


def test_shell_guard_exit_one_on_an_error(
    msg: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = _shell([*GUARD, str(msg), "-q"], "Это ваша вина.", capsys, monkeypatch)
    assert code == EXIT_FINDINGS == 1
    lines = out.splitlines()  # --quiet: one line per finding, no source lines or totals
    assert [line.split("] ")[0] for line in lines] == [
        "-:1:1: RL601 [warning",
        "-:1:1: RL603 [warning",
        "-:1:5: RL201 [error",
    ]
    assert lines[2].endswith("«ваша вина».")


def test_shell_guard_exit_two_on_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = _shell([*GUARD, str(tmp_path / "missing.txt")], "Hello.", capsys, monkeypatch)
    assert code == EXIT_USAGE == 2
    assert "cannot read context file" in err
    bad = tmp_path / "bad.toml"
    bad.write_text('fail-on = "fatal"\n', encoding="utf-8")
    code, _, err = _shell(["check", "-", "--config", str(bad)], "Hello.", capsys, monkeypatch)
    assert code == EXIT_USAGE
    assert "configuration error" in err and "fail-on" in err
    with pytest.raises(SystemExit) as caught:
        main(["check", "-", "--channel", "fax"])
    assert caught.value.code == EXIT_USAGE
