"""Count phrases in the terminal output agree with their number."""

import re
from pathlib import Path

import pytest

from replylint.cli import main
from replylint.wording import counted, noun_for


def test_one_is_singular_and_other_counts_plural() -> None:
    assert counted(1, "finding") == "1 finding"
    assert counted(0, "finding") == "0 findings"
    assert counted(12_345, "reply", "replies") == "12,345 replies"
    assert noun_for(1, "reply", "replies") == "reply"


def test_an_audit_of_one_reply_speaks_in_the_singular(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "one.jsonl"
    export.write_text('{"text": "Thanks for writing in!!! We will call you tomorrow."}\n', encoding="utf-8")
    assert main(["audit", str(export), "--no-progress", "--output", str(tmp_path / "out.jsonl")]) == 0
    printed = capsys.readouterr().out
    assert "1 row, 1 reply linted, 0 bad rows" in printed
    assert re.search(r"exclamation +1 finding +in +1 reply \(100\.0%\)", printed)
    assert re.search(r"RL101 exclamation-run +warning +1 finding +'!!!'", printed)
