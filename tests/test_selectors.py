"""One selector function: the configuration, inline directives and ``replylint rules`` read selectors alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replylint import Config, ConfigError, Linter, load_config_file
from replylint.cli import main
from replylint.config import config_from_mapping
from replylint.packs import RuleStatus, builtin_specs
from replylint.selectors import matches, selects, unknown

KEYS = [(s.code, s.name, str(s.category)) for s in builtin_specs()]


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("RL201", True),
        ("rl201", True),
        ("Rl2", True),
        ("RL", True),
        ("all", True),
        ("ALL", True),
        ("blaming-phrase", True),
        ("Blaming-Phrase", True),
        ("BLAME", True),
        ("RL3", False),
        ("RL2O1", False),
        ("RL20*", False),
        ("", False),
        ("  ", False),
    ],
)
def test_one_selector_reads_codes_prefixes_names_categories_in_any_case(selector: str, expected: bool) -> None:
    assert matches(selector, "RL201", "blaming-phrase", "blame") is expected


def test_unknown_lists_the_selectors_that_name_nothing() -> None:
    assert unknown(["rl2", "RL2O1", "jargon", "nosuch"], KEYS) == ["RL2O1", "nosuch"]


@pytest.mark.parametrize("selector", ["rl2", "RL2", "blame", "Blame", "rl201", "blaming-phrase", "ALL"])
def test_ignore_disable_and_rules_agree(tmp_path: Path, capsys: pytest.CaptureFixture[str], selector: str) -> None:
    kept = {r.spec.code for r in Linter(config_from_mapping({"ignore": [selector]})).rules}
    named = {code for code, name, category in KEYS if selects([selector], code, name, category)}
    running = {r.spec.code for r in Linter().rules}  # without the preview rules, which run only when selected
    assert named and running - kept == named & running
    assert main(["rules", "--format", "json", selector]) == 0
    assert {r["code"] for r in json.loads(capsys.readouterr().out)} == named
    reply = tmp_path / "reply.txt"
    reply.write_text(f"# replylint: disable-file={selector}\nThis is your fault!!!\n", encoding="utf-8")
    main(["check", "--format", "json", str(reply)])
    reported = {f["code"] for f in json.loads(capsys.readouterr().out)}
    assert not reported & named
    assert reported or selector == "ALL", "other rules still flag the reply"


def test_a_selector_naming_no_rule_is_a_config_error_naming_file_key_and_value(tmp_path: Path) -> None:
    path = tmp_path / ".replylint.toml"
    path.write_text('ignore = ["rl2", "RL2O1"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Linter(load_config_file(path))
    assert (caught.value.path, caught.value.key) == (str(path), "ignore")
    assert "'RL2O1' matches no rule" in caught.value.reason


def test_lower_case_selectors_work_everywhere_in_the_configuration() -> None:
    config = Config(select=["rl1", "blame"], ignore=["rl102"])
    assert {r.spec.code for r in Linter(config).rules} == {
        s.code
        for s in builtin_specs()
        if (s.code.startswith("RL1") or str(s.category) == "blame") and s.status is not RuleStatus.PREVIEW
    } - {"RL102"}
    social = config_from_mapping({"channels": {"social": {"disable": ["exclamation-run"]}}})
    assert "RL101" not in [f.code for f in Linter(social).lint("No!!!", channel="social").findings]
