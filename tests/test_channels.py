"""Channel profiles: the packaged defaults of rules/channels.toml, their configuration overrides, and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from replylint import ConfigError, Linter, Severity, load_config_file
from replylint.config import config_from_mapping
from replylint.profiles import builtin_profiles

SHOUT = "WE CANNOT REFUND opened items."
PHONE = "Мы перезвоним вам на номер +7 (916) 123-45-67."
LONG = "Спасибо, что написали нам. " * 90  # 2,430 characters


def _severities(linter: Linter, text: str, code: str, channel: str | None) -> list[Severity]:
    return [f.severity for f in linter.lint(text, channel=channel).findings if f.code == code]


def test_packaged_profiles_load_and_cover_every_channel() -> None:
    assert {c.value for c in builtin_profiles()} == {"review", "social", "chat", "email"}


def test_profiles_set_severities(linter: Linter) -> None:
    assert _severities(linter, SHOUT, "RL110", "social") == [Severity.ERROR]
    assert _severities(linter, SHOUT, "RL110", "review") == [Severity.ERROR]
    assert _severities(linter, SHOUT, "RL110", "chat") == [Severity.WARNING]
    assert _severities(linter, SHOUT, "RL110", None) == [Severity.WARNING]


def test_profiles_enable_rules_with_their_own_options(linter: Linter) -> None:
    assert _severities(linter, LONG, "RL901", "social") == [Severity.WARNING]
    assert _severities(linter, LONG, "RL901", "review") == []
    assert _severities(linter, LONG * 2, "RL901", "review") == [Severity.WARNING]
    assert _severities(linter, LONG * 2, "RL901", "email") == []


def test_a_rules_own_channels_still_decide_by_default(linter: Linter) -> None:
    assert _severities(linter, PHONE, "RL801", "review") == [Severity.WARNING]
    assert _severities(linter, PHONE, "RL801", "chat") == []
    assert _severities(linter, PHONE, "RL801", None) == []


def test_configuration_layers_over_the_profiles() -> None:
    config = config_from_mapping(
        {
            "select": ["RL901", "RL110"],
            "rules": {"RL901": {"options": {"max-chars": 200}}, "RL110": {"severity": "info"}},
            "channels": {"social": {"rules": {"too-long": {"options": {"max-chars": 100}, "severity": "error"}}}},
        }
    )
    linter = Linter(config)
    text = "x" * 150
    assert _severities(linter, text, "RL901", "social") == [Severity.ERROR]
    assert _severities(linter, "x" * 250, "RL901", "review") == [Severity.WARNING]
    assert _severities(linter, text, "RL901", "review") == []
    assert _severities(linter, SHOUT, "RL110", "social") == [Severity.INFO]
    assert _severities(linter, SHOUT, "RL110", "chat") == [Severity.INFO]


def test_configuration_enables_and_disables_rules_per_channel() -> None:
    config = config_from_mapping(
        {
            "channels": {
                "chat": {"enable": ["RL801"]},
                "review": {"disable": ["privacy"], "enable": ["card-number"]},
                "social": {"disable": ["RL110"]},
            }
        }
    )
    linter = Linter(config)
    assert _severities(linter, PHONE, "RL801", "chat") == [Severity.WARNING]
    assert _severities(linter, PHONE, "RL801", "review") == []
    assert _severities(linter, "Карта 4276 3800 1234 5679.", "RL803", "review") == [Severity.ERROR]
    assert _severities(linter, SHOUT, "RL110", "social") == []
    assert _severities(linter, SHOUT, "RL110", "review") == [Severity.ERROR]


def test_a_configured_profile_can_re_enable_what_the_packaged_one_enables_elsewhere() -> None:
    linter = Linter(config_from_mapping({"channels": {"review": {"disable": ["too-long"]}}}))
    assert _severities(linter, LONG * 2, "RL901", "review") == []
    assert _severities(linter, LONG, "RL901", "social") == [Severity.WARNING]


@pytest.mark.parametrize(
    ("raw", "key", "reason"),
    [
        ({"channels": {"sms": {}}}, "channels.sms", "the key should be 'review', 'social', 'chat' or 'email'"),
        ({"channels": {"social": {"colour": "red"}}}, "channels.social.colour", "unknown key; known here: enable,"),
        ({"channels": {"chat": {"enable": ["RL1"], "disable": ["RL1"]}}}, "channels.chat", "both enabled and disabled"),
        ({"channels": {"chat": {"enable": ["RL999"]}}}, "channels.chat.enable", "'RL999' matches no rule"),
        ({"channels": {"email": {"disable": ["nope"]}}}, "channels.email.disable", "'nope' matches no rule"),
        ({"channels": {"social": {"rules": {"RL999": {}}}}}, "channels.social.rules.RL999", "no rule has this code"),
        (
            {"channels": {"social": {"rules": {"RL901": {"options": {"max-chars": 0}}}}}},
            "channels.social.rules.RL901.options.max-chars",
            "greater than or equal to 1",
        ),
        (
            {"channels": {"social": {"rules": {"RL901": {"options": {"colour": 1}}}}}},
            "channels.social.rules.RL901.options.colour",
            "unknown key",
        ),
        (
            {"channels": {"social": {"rules": {"RL901": {"extra-phrases": {"en": ["x"]}}}}}},
            "channels.social.rules.RL901.extra-phrases",
            "takes no phrases",
        ),
    ],
)
def test_invalid_channel_settings_name_the_key_and_the_reason(raw: dict[str, object], key: str, reason: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Linter(config_from_mapping(raw))
    assert caught.value.key.startswith(key)
    assert reason in caught.value.reason


def test_errors_name_the_file(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.replylint.channels.social.rules.RL901]\noptions = { max-chars = -5 }\n")
    with pytest.raises(ConfigError) as caught:
        Linter(load_config_file(pyproject))
    assert caught.value.path == str(pyproject)
    assert "channels.social.rules.RL901.options.max-chars" in str(caught.value)


def test_channel_settings_load_from_a_file(tmp_path: Path) -> None:
    config_file = tmp_path / ".replylint.toml"
    config_file.write_text('[channels.chat]\nenable = ["phone-in-public"]\n')
    linter = Linter(load_config_file(config_file))
    assert _severities(linter, PHONE, "RL801", "chat") == [Severity.WARNING]
