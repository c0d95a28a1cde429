"""Hostile configuration and rule packs: every shape is a ConfigError naming the file, the key and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from replylint import ConfigError, Linter, discover_config, load_config_file
from replylint.cli import main

PACK = """[[rule]]
code = "TM001"
name = "test-rule"
category = "blame"
severity = "warning"
check = "phrase"
rationale = "A test rule."
message = {en = "MESSAGE", ru = "Сообщение"}
[rule.en]
phrases = ["your fault"]
"""


@pytest.mark.parametrize(
    ("name", "content", "key", "reason"),
    [
        ("pyproject.toml", "tool = 5\n", "tool", "must be a table, not int"),
        ("pyproject.toml", "[tool]\nreplylint = 5\n", "tool.replylint", "must be a table, not int"),
        ("pyproject.toml", "[tool]\nreplylint = ['a']\n", "tool.replylint", "must be a table, not list"),
        (".replylint.toml", "x = " + "[" * 3_000 + "]" * 3_000 + "\n", "", "nested too deeply"),
        (".replylint.toml", "x = " + "{a = " * 3_000 + "1" + "}" * 3_000 + "\n", "", "nested too deeply"),
    ],
)
def test_config_shapes_are_config_errors(tmp_path: Path, name: str, content: str, key: str, reason: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config_file(path)
    assert (caught.value.path, caught.value.key) == (str(path), key)
    assert reason in caught.value.reason


def test_discovery_of_a_malformed_pyproject_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("tool = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="tool: must be a table"):
        discover_config(tmp_path / "reply.txt")


@pytest.mark.parametrize(
    ("pack", "key", "reason"),
    [
        ("rule = [1, 2]\n", "rule[0]", "must be a table ([[rule]]), not int"),
        ("rule = 5\n", "rule", "must be an array of tables"),
        ("[rule]\ncode = 'TM001'\n", "rule", "must be an array of tables"),
        ("x = " + "[" * 3_000 + "]" * 3_000 + "\n", "", "nested too deeply"),
        (PACK.replace("MESSAGE", "Found {match!z}"), "rule[0].message", "'{' that is no field"),
        (PACK.replace("MESSAGE", "Found {match"), "rule[0].message", "'{' that is no field"),
        (PACK.replace("MESSAGE", "Found {0}"), "rule[0].message", "'{' that is no field"),
        (PACK.replace("MESSAGE", "Found {match.upper}"), "rule[0].message", "'{' that is no field"),
        (PACK.replace("MESSAGE", "Found {match[9]}"), "rule[0].message", "'{' that is no field"),
        (PACK.replace("MESSAGE", "Found match}"), "rule[0].message", "'}' that is no field"),
        (
            PACK.replace("message", 'suggestion = {en = "a", ru = "{match!x}"}\nmessage'),
            "rule[0].suggestion",
            "{match!x}",
        ),
    ],
)
def test_pack_shapes_are_config_errors(tmp_path: Path, pack: str, key: str, reason: str) -> None:
    (tmp_path / "pack.toml").write_text(pack, encoding="utf-8")
    (tmp_path / ".replylint.toml").write_text("packs = ['pack.toml']\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Linter(load_config_file(tmp_path / ".replylint.toml"))
    assert (caught.value.path, caught.value.key) == (str(tmp_path / "pack.toml"), key)
    assert reason in caught.value.reason


def test_a_valid_message_template_still_formats(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text(PACK.replace("MESSAGE", "Found {match} {{literal}}"), encoding="utf-8")
    (tmp_path / ".replylint.toml").write_text("packs = ['pack.toml']\nselect = ['TM001']\n", encoding="utf-8")
    report = Linter(load_config_file(tmp_path / ".replylint.toml")).lint("This is your fault.", "en")
    assert [f.message for f in report.findings] == ["Found your fault {literal}"]


def test_cli_reports_a_bad_config_shape_and_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool]\nreplylint = 5\n", encoding="utf-8")
    reply = tmp_path / "reply.txt"
    reply.write_text("Hello.", encoding="utf-8")
    assert main(["check", str(reply)]) == 2
    err = capsys.readouterr().err
    assert f"configuration error: {tmp_path / 'pyproject.toml'}: tool.replylint: must be a table" in err
