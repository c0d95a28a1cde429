"""The rule registry: metadata without the analysis, rule status, renamed codes, pack categories, and the
configured packs in `rules`, `explain` and SARIF."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from replylint import Linter
from replylint.cli import main
from replylint.config import config_from_mapping
from replylint.errors import ConfigError, ReplylintWarning
from replylint.registry import registry_for

RULE = """
[[rule]]
code = "{code}"
name = "{name}"
category = "{category}"
severity = "warning"
check = "phrase"
rationale = "House style."
message.en = "No “{{match}}”."
message.ru = "Без «{{match}}»."
{extra}
[rule.en]
phrases = ["{en}"]
flag = ["We value your {en}."]
pass = ["Hello."]
[rule.ru]
phrases = ["{ru}"]
flag = ["Ценим вашу {ru}."]
pass = ["Здравствуйте."]
"""


def _rule(code: str, name: str, en: str, ru: str, category: str = "jargon", extra: str = "") -> str:
    return RULE.format(code=code, name=name, category=category, extra=extra, en=en, ru=ru)


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """A pack with a category of its own, a preview rule, a deprecated rule and a renamed code."""
    pack = tmp_path / "team.toml"
    pack.write_text(
        '[categories]\nteam-style = "Words the team does not use."\n[redirects]\nTM900 = "TM101"\n'
        + _rule("TM101", "team-synergy", "synergy", "синергия", "team-style")
        + _rule("TM102", "team-leverage", "leverage", "рычаг", extra='status = "preview"')
        + _rule("TM103", "team-paradigm", "paradigm", "парадигма", extra='status = "deprecated"'),
        encoding="utf-8",
    )
    return pack


def _config(team: Path, **settings: object) -> Path:
    lines = [f"packs = [{str(team)!r}]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    path = team.parent / "replylint.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _codes(linter: Linter) -> set[str]:
    return {rule.spec.code for rule in linter.rules if rule.spec.code.startswith("TM")}


@pytest.mark.parametrize("args", [["rules"], ["explain", "RL201"], ["rules", "--format", "json"]])
def test_rule_metadata_loads_without_the_analysis(args: list[str]) -> None:
    heavy = ("spacy", "pymorphy3", "replylint.analysis", "replylint.checks")
    script = (
        "import sys; from replylint.cli import main; code = main(sys.argv[1:]); "
        f"heavy = sorted(m for m in {heavy!r} if m in sys.modules); assert code == 0 and not heavy, heavy"
    )
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_preview_rules_run_only_when_named_or_with_preview(team: Path) -> None:
    pack = [str(team)]
    assert _codes(Linter(config_from_mapping({"packs": pack}))) == {"TM101", "TM103"}
    assert "TM102" not in _codes(Linter(config_from_mapping({"packs": pack, "select": ["TM1"]})))
    assert "TM102" in _codes(Linter(config_from_mapping({"packs": pack, "extend-select": ["TM102"]})))
    assert "TM102" in _codes(Linter(config_from_mapping({"packs": pack, "preview": True})))


def test_selecting_a_deprecated_rule_by_code_warns(team: Path) -> None:
    with pytest.warns(ReplylintWarning, match=r"TM103 \(team-paradigm\) is deprecated"):
        Linter(config_from_mapping({"packs": [str(team)], "select": ["TM103"]}))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReplylintWarning)
        Linter(config_from_mapping({"packs": [str(team)]}))  # selected by ALL: no warning


def test_a_renamed_code_acts_on_the_new_one_with_a_warning(team: Path) -> None:
    with pytest.warns(ReplylintWarning, match="ignore: TM900 has been renamed to TM101; acting on TM101"):
        linter = Linter(config_from_mapping({"packs": [str(team)], "ignore": ["TM900"]}))
    assert "TM101" not in _codes(linter)
    with pytest.warns(ReplylintWarning, match="rules.TM900: TM900 has been renamed to TM101"):
        linter = Linter(config_from_mapping({"packs": [str(team)], "rules": {"TM900": {"severity": "error"}}}))
    assert next(r for r in linter.rules if r.spec.code == "TM101").severity == "error"


def test_a_renamed_code_in_a_directive_suppresses_the_new_one(
    team: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(team)
    reply = tmp_path / "reply.md"
    reply.write_text("<!-- replylint: disable=TM900 -->\nWe value your synergy.\n", encoding="utf-8")
    assert main(["check", "--config", str(config), "--format", "json", str(reply)]) == 0
    out, err = capsys.readouterr()
    assert "TM101" not in out
    assert "TM900 has been renamed to TM101; acting on TM101" in err


def test_explain_finds_a_renamed_code(team: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--config", str(_config(team)), "tm900"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("TM101 team-synergy (team-style, warning)")
    assert "Formerly TM900." in out and "Category team-style: Words the team does not use." in out


def test_a_pack_category_is_reported_and_selects(team: Path) -> None:
    linter = Linter(config_from_mapping({"packs": [str(team)], "select": ["team-style"]}))
    assert [rule.spec.code for rule in linter.rules] == ["TM101"]
    finding = linter.lint("We value your synergy.", language="en").findings[0]
    assert (finding.code, finding.category) == ("TM101", "team-style")
    assert linter.lint("We value your synergy.", language="en").summary.by_category == {"team-style": 1}


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        (_rule("TM101", "team-a", "a", "а", "team-style"), "TM101.category", "unknown category 'team-style'"),
        ('[categories]\nblame = "Mine."\n', "categories.blame", "already defined in the packaged categories"),
        ('[redirects]\nRL999 = "TM555"\n', "redirects.RL999", "'TM555' is no rule"),
        ('[redirects]\nRL201 = "RL202"\n', "redirects.RL201", "the code is in use"),
        ('[redirects]\nRL999 = "rl201"\n', "redirects.RL999", "must be a rule code"),
    ],
)
def test_bad_categories_and_redirects_name_the_file_and_key(tmp_path: Path, text: str, key: str, reason: str) -> None:
    pack = tmp_path / "bad.toml"
    pack.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        registry_for(config_from_mapping({"packs": [str(pack)]}))
    assert (raised.value.path, raised.value.key) == (str(pack), key)
    assert reason in raised.value.reason


def test_an_unknown_check_kind_is_an_error_when_the_linter_is_built(tmp_path: Path) -> None:
    pack = tmp_path / "bad.toml"
    pack.write_text(_rule("TM101", "team-a", "a", "а").replace('check = "phrase"', 'check = "nope"'), "utf-8")
    with pytest.raises(ConfigError, match=r"TM101.check: unknown check kind 'nope'; known: .*phrase"):
        Linter(config_from_mapping({"packs": [str(pack)]}))


def test_rules_show_status_and_json_fields(team: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(_config(team))
    assert main(["rules", "--config", config, "TM1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("TM102  team-leverage") and lines[1].endswith("(preview)") and " off " in lines[1]
    assert lines[2].endswith("(deprecated)")
    assert main(["rules", "--config", config, "--format", "json", "TM1"]) == 0
    rules = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert rules["TM101"]["renamed_from"] == ["TM900"] and rules["TM101"]["category"] == "team-style"
    assert (rules["TM102"]["status"], rules["TM102"]["selected"]) == ("preview", False)
    assert rules["TM103"]["status"] == "deprecated"


def test_sarif_lists_the_configured_packs_rules(team: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text("Thank you for writing to us.\n", encoding="utf-8")
    main(["check", "--config", str(_config(team)), "--format", "sarif", str(reply)])
    rules = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]
    team_rules = {r["id"]: r for r in rules if r["id"].startswith("TM")}
    assert set(team_rules) == {"TM101", "TM102", "TM103"}  # no finding needed to be listed
    assert team_rules["TM101"]["properties"]["category"] == "team-style" and "helpUri" not in team_rules["TM101"]


def test_reading_a_pack_skips_what_needs_the_analysis_and_the_linter_checks_it(tmp_path: Path) -> None:
    pack = tmp_path / "team.toml"
    text = _rule("TM101", "team-a", "synergy", "синергия").replace("Без «{match}».", "{count} {count|очень}")
    pack.write_text(text, encoding="utf-8")
    config = config_from_mapping({"packs": [str(pack)]})
    assert [spec.code for spec in registry_for(config).rules if spec.code.startswith("TM")] == ["TM101"]
    with pytest.raises(ConfigError, match=r"TM101\.message\.ru: no noun to agree with the number in 'очень'"):
        Linter(config)
