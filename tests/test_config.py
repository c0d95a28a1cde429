"""Configuration: discovery, selection, per-rule settings, and errors that name file, key and reason."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from replylint import Config, ConfigError, Linter, Severity, discover_config, load_config_file
from replylint.config import config_from_mapping


def test_pathspec_loads_with_the_first_pattern_read() -> None:
    """The default configuration and a linter built on it leave ``pathspec`` out (an audit reads no path pattern);
    the first pattern read brings it in and matches as git does."""
    script = (
        "import json, sys; from pathlib import Path; import replylint.cli; "
        "from replylint import Config, Linter; from replylint.config import excluded; Linter(Config()); "
        "before = 'pathspec' in sys.modules; "
        "hits = [excluded(Path(p), ['drafts/*', '*.bak'], Path('.')) for p in ('drafts/a.md', 'b.bak', 'c.md')]; "
        "print(json.dumps([before, 'pathspec' in sys.modules, hits]))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    assert json.loads(done.stdout) == [False, True, [True, True, False]]


def _codes(linter: Linter, text: str, **kwargs: str) -> list[str]:
    return [f.code for f in linter.lint(text, **kwargs).findings]


def _write_pack(path: Path, code: str, check: str, tail: str = "") -> Path:
    """A one-rule pack with the given code and check kind, followed by ``tail`` (its tables)."""
    path.write_text(
        f'[[rule]]\ncode = "{code}"\nname = "{code.lower()}"\ncategory = "jargon"\nseverity = "info"\n'
        f'check = "{check}"\nrationale = "x"\nmessage = {{ en = "x", ru = "x" }}\n{tail}',
        encoding="utf-8",
    )
    return path


def test_defaults_select_every_rule() -> None:
    assert Config().select == ["ALL"]
    assert "RL101" in _codes(Linter(), "No!!!")


def test_select_and_ignore_by_code_prefix_and_category() -> None:
    linter = Linter(config_from_mapping({"select": ["blame"], "ignore": ["RL101"]}))
    assert {r.spec.category for r in linter.rules} == {"blame"}
    linter = Linter(config_from_mapping({"select": ["RL1"], "extend-select": ["blaming-phrase"]}))
    assert _codes(linter, "Your fault!!!") == ["RL201", "RL101"]


def test_rule_severity_and_options_override() -> None:
    config = config_from_mapping(
        {"rules": {"RL102": {"options": {"max-per-reply": 0}}, "exclamation-run": {"severity": "error"}}}
    )
    report = Linter(config).lint("Hi! Great!!!")
    by_code = {f.code: f for f in report.findings}
    assert by_code["RL101"].severity is Severity.ERROR
    assert "RL102" in by_code


def test_extra_phrases_extend_a_rule() -> None:
    config = config_from_mapping({"rules": {"RL201": {"extra-phrases": {"en": ["read the manual"]}}}})
    assert "RL201" in _codes(Linter(config), "Read the manual next time.")
    assert "RL201" not in _codes(Linter(), "Read the manual next time.")


def test_discovery_walks_up_to_replylint_toml(tmp_path: Path) -> None:
    (tmp_path / ".replylint.toml").write_text('ignore = ["RL101"]\n', encoding="utf-8")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    config = discover_config(nested / "reply.txt")
    assert config.ignore == ["RL101"]
    assert config.source == tmp_path / ".replylint.toml"


def test_discovery_reads_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.replylint]\nfail-on = "error"\n', encoding="utf-8")
    assert discover_config(tmp_path).fail_on is Severity.ERROR


def test_pyproject_without_tool_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    assert discover_config(tmp_path / "sub").source != tmp_path / "pyproject.toml"


@pytest.mark.parametrize(
    ("content", "key", "reason"),
    [
        ('selct = ["RL1"]\n', "selct", "unknown key (did you mean 'select'?)"),
        ("colour = true\n", "colour", "unknown key; known here: select, extend-select, ignore, preview, fail-on,"),
        # `extend` is read before the rest is validated, and is a key known there too.
        ('extnd = "base.toml"\n', "extnd", "unknown key (did you mean 'extend'?)"),
        ("colour = true\n", "colour", "fragments, fragment-ignore, extend"),
        ("[rules.RL101]\nsevrity = 'error'\n", "rules.RL101.sevrity", "unknown key (did you mean 'severity'?)"),
        (
            "[channels.social.rules.RL101]\nseverty = 'error'\n",
            "channels.social.rules.RL101.severty",
            "unknown key (did you mean 'severity'?)",
        ),
        ("[channels.sms]\ndisable = ['RL101']\n", "channels.sms", "the key should be 'review', 'social', 'chat'"),
        ("keys = ['a[b']\n", "keys", "cannot read key 'a[b': expected name"),
        ("packs = ['team.toml']\n", "packs", "'team.toml': no such rule pack file"),
        ('fail-on = "fatal"\n', "fail-on", "Input should be 'info', 'warning' or 'error'"),
        ('select = ["RL999"]\n', "select", "'RL999' matches no rule code, name or category"),
        ("[rules.RL777]\nseverity = 'error'\n", "rules.RL777", "no rule has this code or name"),
        ("[rules.RL102.options]\nmax-per-reply = -1\n", "rules.RL102.options.max-per-reply", "greater than or equal"),
        ("[rules.RL102.options]\nbogus = 1\n", "rules.RL102.options.bogus", "unknown key; known here: max-per-reply"),
        ("[rules.RL901.options]\nmax-char = 280\n", "rules.RL901.options.max-char", "did you mean 'max-chars'?"),
        ("[rules.RL102]\nextra-phrases = { en = ['x'] }\n", "rules.RL102.extra-phrases", "takes no phrases"),
        ("select = [\n", "", "invalid TOML"),
        # TOML values are typed: a boolean or number of another type is an error, not read as one.
        ("max-reply-chars = true\n", "max-reply-chars", "should be a number, not true"),
        ('max-reply-chars = "500"\n', "max-reply-chars", "should be a number, not '500'"),
        ('preview = "yes"\n', "preview", "should be true or false, not 'yes'"),
        ("preview = 1\n", "preview", "should be true or false, not 1"),
        ("[rules.RL102.options]\nmax-per-reply = true\n", "rules.RL102.options.max-per-reply", "should be a number"),
        ("[rules.RL901.options]\nmax-chars = '300'\n", "rules.RL901.options.max-chars", "should be a number"),
        ("[rules.RL101.options]\nskip-quoted = 'no'\n", "rules.RL101.options.skip-quoted", "should be true or false"),
        ("[rules.RL101.options]\nskip-quoted = 0\n", "rules.RL101.options.skip-quoted", "should be true or false"),
    ],
)
def test_invalid_config_names_file_key_and_reason(tmp_path: Path, content: str, key: str, reason: str) -> None:
    path = tmp_path / ".replylint.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Linter(load_config_file(path))
    error = caught.value
    assert error.path == str(path)
    assert error.key == key
    assert reason in error.reason
    assert str(error).startswith(f"{path}: ")


def test_typed_settings_keep_their_values(tmp_path: Path) -> None:
    """Values of the right type are read as before: a float with no fraction counts as an integer."""
    path = tmp_path / ".replylint.toml"
    path.write_text("preview = true\nmax-reply-chars = 500.0\n[rules.RL102.options]\nmax-per-reply = 3\n", "utf-8")
    config = load_config_file(path)
    assert (config.preview, config.max_reply_chars) == (True, 500)
    Linter(config)


def test_pyproject_errors_carry_the_tool_prefix(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.replylint]\nignore = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config_file(path)
    assert caught.value.key == "tool.replylint.ignore"


def test_user_pack_adds_a_rule(tmp_path: Path) -> None:
    pack = tmp_path / "team.toml"
    pack.write_text(
        """
[[rule]]
code = "TM001"
name = "no-competitor-names"
category = "jargon"
severity = "warning"
check = "phrase"
rationale = "Do not name competitors."
message = { en = "Names a competitor: {match}.", ru = "Упоминание конкурента: {match}." }
[rule.en]
phrases = ["acme"]
flag = ["Try Acme instead."]
pass = ["Try us again."]
[rule.ru]
phrases = ["акме"]
flag = ["Попробуйте Акме."]
pass = ["Попробуйте снова."]
""",
        encoding="utf-8",
    )
    (tmp_path / ".replylint.toml").write_text('packs = ["team.toml"]\n', encoding="utf-8")
    linter = Linter(discover_config(tmp_path))
    assert _codes(linter, "Try Acme instead.") == ["TM001"]
    assert _codes(linter, "В Акме тоже есть эта модель.") == ["TM001"]


def test_invalid_pack_names_pack_file_and_rule_key(tmp_path: Path) -> None:
    pack = tmp_path / "bad.toml"
    pack.write_text('[[rule]]\ncode = "bad"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Linter(config_from_mapping({"packs": [str(pack)]}))
    assert caught.value.path == str(pack)
    assert caught.value.key.startswith("rule[0].")


def test_pack_with_duplicate_code_is_rejected(tmp_path: Path) -> None:
    pack = _write_pack(tmp_path / "dup.toml", "RL101", "phrase")
    with pytest.raises(ConfigError, match="already defined"):
        Linter(config_from_mapping({"packs": [str(pack)]}))


def test_malformed_extra_phrase_names_the_key(tmp_path: Path) -> None:
    path = tmp_path / ".replylint.toml"
    path.write_text("[rules.RL201]\nextra-phrases = { ru = [':VERB,imp'] }\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Linter(load_config_file(path))
    assert caught.value.key == "rules.RL201.extra-phrases.ru"
    assert "unknown pymorphy3 grammeme(s) imp" in caught.value.reason


def test_malformed_pack_phrase_names_pack_and_rule(tmp_path: Path) -> None:
    pack = _write_pack(tmp_path / "team.toml", "TM002", "phrase", '[rule.en]\nphrases = ["word *"]\n')
    with pytest.raises(ConfigError) as caught:
        Linter(config_from_mapping({"packs": [str(pack)]}))
    assert (caught.value.path, caught.value.key) == (str(pack), "TM002")


@pytest.mark.parametrize(
    ("check", "table", "key"),
    [
        ("pattern", "[rule.en]\npatterns = ['(unclosed']\n", "TM003.en.patterns"),
        ("presence", "[rule.options]\npatterns = ['[z-a]']\n", "TM003.options.patterns"),
    ],
)
def test_pack_regex_that_does_not_compile_is_a_config_error(tmp_path: Path, check: str, table: str, key: str) -> None:
    pack = _write_pack(tmp_path / "team.toml", "TM003", check, table)
    with pytest.raises(ConfigError) as caught:
        Linter(config_from_mapping({"packs": [str(pack)]}))
    assert caught.value.path == str(pack)
    assert caught.value.key == key
    assert "invalid regular expression" in caught.value.reason
