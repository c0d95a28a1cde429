"""Helpdesk exports read without configuration, at exact positions; files without reply text; keys; fragments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replylint.cli import main
from replylint.keys import DEFAULT_KEYS
from replylint.lines import LineIndex
from replylint.sources import read_source

HELPDESK = Path(__file__).parent / "fixtures" / "helpdesk"

#: Each export (tests/fixtures/helpdesk, shapes documented in docs/templates.md): how many replies it holds, the
#: key whose value is read (of a plain and an HTML copy, the plain one), and findings that must be reported at
#: the very characters of their phrase in that value.
EXPORTS = {
    "zendesk_macros.json": (
        2,
        '"actions"',
        [("RL201", "You should have read"), ("RL401", "There is nothing we can"), ("RL301", "Obviously")],
    ),
    "freshdesk_canned_responses.json": (1, '"content"', [("RL301", "As I already said")]),
    "intercom_macros.json": (1, '"body_text"', [("RL401", "not our problem"), ("RL402", "talk to your bank")]),
    "helpscout_saved_replies.json": (1, '"text"', [("RL201", "your fault")]),
    "gorgias_macros.json": (1, '"body_text"', [("RL503", "Calm down")]),
    "omnidesk_macros.json": (2, '"email_to_user"', [("RL201", "по вашей вине"), ("RL401", "Ничем не можем помочь")]),
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_each_export_is_read_with_the_default_keys(name: str) -> None:
    path = HELPDESK / name
    source = read_source(path, path.read_bytes())
    assert len(source.segments) == EXPORTS[name][0], [s.text for s in source.segments]
    for segment in source.segments:
        assert "<" not in segment.text, segment.text  # HTML values are read as HTML
        assert "{{" not in segment.text or "}}" in segment.text


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_findings_point_at_their_phrase_in_the_export(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = HELPDESK / name
    assert main(["check", "--format", "json", str(path)]) == 1
    found = {(f["code"], f["line"], f["column"], f["match"]) for f in json.loads(capsys.readouterr().out)}
    text = path.read_text(encoding="utf-8")
    lines = LineIndex(text)
    _, key, expected = EXPORTS[name]
    for code, phrase in expected:
        line, column = lines.line_col(text.index(phrase, text.index(key)))
        assert (code, line, column, phrase) in found, (code, phrase, sorted(found))


def test_the_zendesk_macro_of_the_issue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    macro = {
        "macros": [
            {
                "title": "Refund",
                "actions": [
                    {"field": "status", "value": "solved"},
                    {
                        "field": "comment_value",
                        "value": "You should have read the refund policy!!! There is nothing we can do.",
                    },
                ],
            }
        ]
    }
    export = tmp_path / "macros.json"
    export.write_text(json.dumps(macro, indent=2), encoding="utf-8")
    assert main(["check", "-q", str(export)]) == 1
    out = capsys.readouterr().out
    text = export.read_text(encoding="utf-8")
    line, column = LineIndex(text).line_col(text.index("You should"))
    assert f"{export}:{line}:{column}: RL201 [error] Blames the customer: “You should have read”." in out
    assert "All checks passed." not in out


def test_other_actions_of_a_macro_are_not_replies() -> None:
    path = HELPDESK / "omnidesk_macros.json"
    texts = [s.text for s in read_source(path, path.read_bytes()).segments]
    assert not any("Проверить дату" in t for t in texts)  # an internal note
    assert "3" not in texts  # a status id
    path = HELPDESK / "zendesk_macros.json"
    assert "solved" not in [s.text for s in read_source(path, path.read_bytes()).segments]


def test_a_file_without_reply_text_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "macros.json"
    export.write_text('{"macros": [{"title": "Hi", "actions": [{"field": "status", "value": "solved"}]}]}\n')
    assert main(["check", str(export)]) == 1
    out = capsys.readouterr().out
    assert f"no reply text found in {export}; set `keys`" in out
    assert "All checks passed." not in out
    assert out.rstrip().endswith("No findings in 0 files; 1 file skipped.")


def test_extend_keys_adds_and_keys_replace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "macros.yaml"
    export.write_text("- body: Hi!!!\n  answer: Hello!!!\n", encoding="utf-8")
    (tmp_path / ".replylint.toml").write_text('select = ["RL101"]\nextend-keys = ["answer"]\n', encoding="utf-8")
    assert main(["check", "--format", "json", str(export)]) == 1
    assert [f["line"] for f in json.loads(capsys.readouterr().out)] == [1, 2]
    (tmp_path / ".replylint.toml").write_text('select = ["RL101"]\nkeys = ["answer"]\n', encoding="utf-8")
    assert main(["check", "--format", "json", str(export)]) == 1
    assert [f["line"] for f in json.loads(capsys.readouterr().out)] == [2]
    (tmp_path / ".replylint.toml").write_text('select = ["RL101"]\n', encoding="utf-8")
    assert main(["check", "--format", "json", "--extend-keys", "answer", str(export)]) == 1
    assert [f["line"] for f in json.loads(capsys.readouterr().out)] == [1, 2]


def test_a_key_that_cannot_be_read_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--keys", "value[field=", str(tmp_path)]) == 2
    assert "cannot read key" in capsys.readouterr().err
    (tmp_path / ".replylint.toml").write_text('keys = ["a[b"]\n', encoding="utf-8")
    (tmp_path / "macros.json").write_text('{"a": "Hi"}\n', encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 2
    assert "keys" in capsys.readouterr().err


def test_default_keys_are_readable() -> None:
    assert main(["check", "--keys", ",".join(DEFAULT_KEYS), str(HELPDESK / "gorgias_macros.json")]) == 1


def test_po_entries_are_fragments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalogue = tmp_path / "ui.po"
    catalogue.write_text(
        '#: views.py:1\nmsgid "Lost"\nmsgstr "Your parcel was lost. That is not our problem."\n\n'
        '#: views.py:2\nmsgid "Your fault"\nmsgstr "Это ваша вина"\n',
        encoding="utf-8",
    )
    reply = tmp_path / "reply.txt"
    reply.write_text("Your parcel was lost. That is not our problem.\n", encoding="utf-8")
    assert main(["check", "--format", "json", str(catalogue), str(reply)]) == 1
    found = {(Path(f["path"]).name, f["category"]) for f in json.loads(capsys.readouterr().out)}
    assert ("ui.po", "blame") in found
    assert not any(name == "ui.po" and cat.startswith("missing-") for name, cat in found)
    assert ("reply.txt", "missing-apology") in found  # the same words as a whole reply
    (tmp_path / ".replylint.toml").write_text("fragment-ignore = []\n", encoding="utf-8")
    assert main(["check", "--format", "json", str(catalogue)]) == 1
    assert ("ui.po", "missing-apology") in {
        (Path(f["path"]).name, f["category"]) for f in json.loads(capsys.readouterr().out)
    }


def test_excluded_files_are_not_linted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tsconfig.json").write_text('{\n  // JSONC\n  "compilerOptions": {}\n}\n', encoding="utf-8")
    (tmp_path / "reply.txt").write_text("Thanks, we will call you tomorrow.\n", encoding="utf-8")
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "old.txt").write_text("Your fault!!!\n", encoding="utf-8")
    assert main(["check", str(tmp_path / "tsconfig.json"), str(tmp_path / "reply.txt")]) == 0
    assert capsys.readouterr().out == "All checks passed.\n"
    assert main(["check", str(tmp_path)]) == 1
    capsys.readouterr()
    (tmp_path / ".replylint.toml").write_text('extend-exclude = ["archive"]\n', encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0
    assert main(["check", str(archive / "old.txt")]) == 0
