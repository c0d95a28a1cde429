"""Bad input in one run with good files: each bad file is reported (file, key, reason) and skipped, never a
traceback, and the good files are still linted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from replylint.cli import EXIT_FINDINGS, EXIT_USAGE, main

GOOD = "This is your fault."


def _binary(folder: Path) -> Path:
    (folder / "logo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return folder / "logo.txt"


def _latin1(folder: Path) -> Path:
    (folder / "latin1.txt").write_bytes("Le café est fermé.".encode("latin-1"))
    return folder / "latin1.txt"


def _empty(folder: Path) -> Path:
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder / "empty.txt"


def _missing(folder: Path) -> Path:
    return folder / "nowhere.txt"


def _yaml(folder: Path) -> Path:
    (folder / "macros.yaml").write_text('macros:\n  - title: Refund\n    body: "We are sorry\n', encoding="utf-8")
    return folder / "macros.yaml"


def _json(folder: Path) -> Path:
    (folder / "macros.json").write_text('{"macros": [{"body": "Sorry for the wait"}, ', encoding="utf-8")
    return folder / "macros.json"


def _yaml_duplicate(folder: Path) -> Path:
    (folder / "dup.yaml").write_text(
        'macros:\n  - body: "Sorry for the wait."\n    body: "Your fault."\n', encoding="utf-8"
    )
    return folder / "dup.yaml"


def _json_duplicate(folder: Path) -> Path:
    (folder / "dup.json").write_text('[{"body": "Sorry for the wait.",\n  "body": "Your fault."}]', encoding="utf-8")
    return folder / "dup.json"


def _configured(pyproject: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / "team").mkdir()
        (folder / "team" / "pyproject.toml").write_text(f"[tool.replylint]\n{pyproject}\n", encoding="utf-8")
        (folder / "team" / "reply.txt").write_text(GOOD, encoding="utf-8")
        return folder / "team" / "reply.txt"

    return make


CASES = {
    "binary": (_binary, EXIT_FINDINGS, "binary file (contains NUL bytes)"),
    "not utf-8": (_latin1, EXIT_FINDINGS, "not valid UTF-8 (byte 6: b'\\xe9')"),
    "empty": (_empty, EXIT_FINDINGS, "no reply text found in"),
    "missing": (_missing, EXIT_USAGE, "no such file or folder (named on the command line)"),
    "broken yaml": (
        _yaml,
        EXIT_FINDINGS,
        "invalid YAML at line 4, column 1: found unexpected end of stream (while scanning a quoted scalar)",
    ),
    "broken json": (_json, EXIT_FINDINGS, "invalid JSON: Expecting value: line 1 column 45"),
    "yaml duplicate key": (
        _yaml_duplicate,
        EXIT_FINDINGS,
        "invalid YAML at line 3, column 5: duplicate key 'body' (first at line 2)",
    ),
    "json duplicate key": (
        _json_duplicate,
        EXIT_FINDINGS,
        "invalid JSON at line 2, column 3: duplicate key 'body' (first at line 1)",
    ),
    "config wrong type": (
        _configured('select = "RL2"'),
        EXIT_USAGE,
        "configuration error: {config}: tool.replylint.select: Input should be a valid list",
    ),
    "config unknown key": (
        _configured("colour = true"),
        EXIT_USAGE,
        "configuration error: {config}: tool.replylint.colour: unknown key; known here: select, extend-select,",
    ),
    "config unknown rule code": (
        _configured('ignore = ["RL999"]'),
        EXIT_USAGE,
        "configuration error: {config}: tool.replylint.ignore: 'RL999' matches no rule code, name or category",
    ),
    "config invalid TOML": (
        _configured("select = ["),
        EXIT_USAGE,
        "configuration error: {config}: invalid TOML",
    ),
}


def _good(folder: Path, name: str) -> Path:
    (folder / name).write_text(GOOD, encoding="utf-8")
    return folder / name


@pytest.mark.parametrize("case", CASES)
def test_a_bad_input_is_reported_and_skipped_and_the_good_files_linted(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make, exit_code, reason = CASES[case]
    first, bad, last = _good(tmp_path, "a.txt"), make(tmp_path), _good(tmp_path, "z.txt")
    code = main(["check", "--quiet", str(first), str(bad), str(last)])
    out, err = capsys.readouterr()
    assert code == exit_code
    expected = reason.format(config=bad.parent / "pyproject.toml")
    assert f"{bad}: skipped: {expected}" in out
    assert f"{first}:1:9: RL201" in out and f"{last}:1:9: RL201" in out
    assert "Traceback" not in err


def test_every_bad_input_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bad = []
    for i, (make, _, _) in enumerate(CASES.values()):
        (tmp_path / str(i)).mkdir()
        bad.append(make(tmp_path / str(i)))
    (tmp_path / "folder").mkdir()
    good = [_good(tmp_path, "a.txt"), _good(tmp_path / "folder", "b.txt")]
    code = main(["check", "--quiet", str(good[0]), *map(str, bad), str(tmp_path / "folder")])
    out, err = capsys.readouterr()
    assert code == EXIT_USAGE  # an invalid configuration outranks findings and unreadable files
    assert [line.split(": skipped: ")[0] for line in out.splitlines() if ": skipped: " in line] == list(map(str, bad))
    assert all(f"{path}:1:9: RL201" in out for path in good)
    assert "Traceback" not in err
    assert err.count("replylint: configuration error:") == 4  # once per invalid configuration file


def test_an_unclosed_placeholder_is_a_finding_at_its_delimiter_and_the_other_files_are_linted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "greeting.j2").write_text("Thanks for writing in.\nHello {{ name, see you soon.\n", encoding="utf-8")
    _good(tmp_path, "a.txt")
    code = main(["check", "--quiet", "a.txt", "greeting.j2"])
    out = capsys.readouterr().out
    assert code == EXIT_FINDINGS
    assert "greeting.j2:2:7: RL914 [error] Unclosed template tag: “{{” opens or closes no placeholder or tag." in out
    assert "a.txt:1:9: RL201" in out


def test_a_folder_under_an_invalid_configuration_is_skipped_file_by_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reply = _configured("colour = true")(tmp_path)
    _good(reply.parent, "other.txt")
    good = _good(tmp_path, "good.txt")
    code = main(["check", "--quiet", "--format", "json", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == EXIT_USAGE
    assert f'"path": "{good}"' in out
    config = reply.parent / "pyproject.toml"
    assert err.count(f"replylint: configuration error: {config}: tool.replylint.colour") == 1
    assert f"{reply.parent / 'other.txt'}: skipped: configuration error: {config}" in err
    assert f"{reply}: skipped: configuration error: {config}" in err


def test_an_invalid_configuration_named_with_config_stops_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "team.toml"
    config.write_text('ignore = ["RL999"]\n', encoding="utf-8")
    good = _good(tmp_path, "good.txt")
    code = main(["check", "--config", str(config), str(good)])
    out, err = capsys.readouterr()
    assert code == EXIT_USAGE
    assert out == ""
    assert err == f"replylint: configuration error: {config}: ignore: 'RL999' matches no rule code, name or category\n"


def test_a_baseline_that_cannot_be_written_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _good(tmp_path, "good.txt")
    (tmp_path / "baseline.json").mkdir()
    code = main(["check", "--write-baseline", str(tmp_path / "baseline.json"), str(good)])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert err == f"replylint: cannot write baseline {tmp_path / 'baseline.json'}: Is a directory\n"


def test_a_file_whose_fixes_cannot_be_written_is_reported_and_the_others_fixed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    locked, other = tmp_path / "locked.txt", tmp_path / "other.txt"
    for path in (locked, other):
        path.write_text("Thank you!!!\n", encoding="utf-8")
    write_bytes = Path.write_bytes

    def refuse(self: Path, data: bytes) -> int:
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", refuse)
    code = main(["check", "--fix", "--quiet", str(locked), str(other)])
    out, err = capsys.readouterr()
    assert code == EXIT_FINDINGS
    assert f"{locked}: skipped: cannot write the fixes: Permission denied" in out
    assert other.read_text(encoding="utf-8") == "Thank you!\n"
    assert locked.read_text(encoding="utf-8") == "Thank you!!!\n"
    assert "Traceback" not in err


def test_a_folder_with_nothing_to_lint_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "logo.png").write_bytes(b"\x89PNG")
    good = _good(tmp_path, "good.txt")
    code = main(["check", "--quiet", str(tmp_path / "drafts"), str(good)])
    out, err = capsys.readouterr()
    assert code == EXIT_FINDINGS
    assert f"{good}:1:9: RL201" in out
    assert err == f"replylint: warning: {tmp_path / 'drafts'}: no file to lint in this folder\n"


@pytest.mark.parametrize(("name", "reason"), [("exports", "a folder, not a file"), ("gone.csv", "no such file")])
def test_audit_of_a_folder_or_a_missing_export_says_which(
    name: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "exports").mkdir()
    assert main(["audit", str(tmp_path / name)]) == EXIT_USAGE
    assert capsys.readouterr().err == f"replylint: {tmp_path / name}: {reason}\n"


@pytest.mark.parametrize(
    "command", [["audit", "replies.csv", "--jobs", "2"], ["serve", "--port", "0", "--workers", "2"]]
)
def test_audit_and_serve_refuse_an_unknown_rule_code_before_their_workers_start(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker used to fail on it alone: audit said "internal error" (exit 3), serve restarted its workers."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.replylint]\nignore = ["RL999"]\n', encoding="utf-8")
    (tmp_path / "replies.csv").write_text("text\nThis is your fault.\n", encoding="utf-8")
    assert main(command) == EXIT_USAGE
    out, err = capsys.readouterr()
    reason = "tool.replylint.ignore: 'RL999' matches no rule code, name or category"
    assert err == f"replylint: configuration error: {tmp_path / 'pyproject.toml'}: {reason}\n"
    assert out == ""


def test_a_missing_path_is_a_usage_error_but_a_link_to_nothing_is_an_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Thanks for writing in.\n", encoding="utf-8")
    assert main(["check", "--quiet", "a.txt", "gone.txt"]) == EXIT_USAGE
    assert "gone.txt: skipped: no such file or folder (named on the command line)" in capsys.readouterr().out
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    assert main(["check", "--quiet", "a.txt", "dangling.txt"]) == EXIT_FINDINGS
    assert "dangling.txt: skipped: " in capsys.readouterr().out
