"""Configuration: the model, its discovery in ``.replylint.toml`` / ``pyproject.toml``, and its errors."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from replylint.errors import ConfigError
from replylint.models import Channel, Language, Severity

CONFIG_FILES = (".replylint.toml", "pyproject.toml")
#: Keys whose string values are replies in YAML and JSON exports of macros.
DEFAULT_KEYS = ("body", "reply", "comment.body", "comment.value")


class RuleSettings(BaseModel):
    """Per-rule settings, keyed by code (``RL101``) or name (``exclamation-run``)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    severity: Severity | None = None
    options: dict[str, Any] = Field(default_factory=dict, description="Check options, e.g. max-per-reply.")
    extra_phrases: dict[Language, list[str]] = Field(
        default_factory=dict, alias="extra-phrases", description="More phrases per language: {ru = [...]}."
    )

    @field_validator("extra_phrases")
    @classmethod
    def _no_mixed(cls, value: dict[Language, list[str]]) -> dict[Language, list[str]]:
        if Language.MIXED in value:
            raise ValueError("extra phrases are given per language: 'ru' or 'en'")
        return value


class ChannelSettings(BaseModel):
    """A channel profile: which rules apply in the channel and how (``[tool.replylint.channels.social]``).

    ``enable`` and ``disable`` take codes, prefixes, names or categories, like ``select``; an enabled rule applies
    in the channel even when its own ``channels`` list leaves the channel out, and ``enable`` wins over ``disable``
    in the same table. ``rules`` holds per-rule settings with the same keys as ``[tool.replylint.rules.X]``.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    enable: list[str] = Field(default_factory=list, description="Rules that apply in this channel.")
    disable: list[str] = Field(default_factory=list, description="Rules that do not apply in this channel.")
    rules: dict[str, RuleSettings] = Field(default_factory=dict, description="Settings per rule in this channel.")

    @model_validator(mode="after")
    def _not_both(self) -> ChannelSettings:
        both = sorted(set(self.enable) & set(self.disable))
        if both:
            raise ValueError(f"{', '.join(both)} both enabled and disabled")
        return self


class Config(BaseModel):
    """Everything a user can configure. Unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    select: list[str] = Field(default_factory=lambda: ["ALL"], description="Codes, prefixes, names or categories.")
    extend_select: list[str] = Field(default_factory=list, alias="extend-select")
    ignore: list[str] = Field(default_factory=list)
    fail_on: Severity = Field(Severity.WARNING, alias="fail-on", description="Lowest severity that fails a run.")
    channel: Channel | None = Field(None, description="Default channel of the replies.")
    max_reply_chars: int = Field(
        1_000_000,
        ge=1,
        alias="max-reply-chars",
        description="Longest reply or customer message linted, in characters; a longer one is an error.",
    )
    packs: list[Path] = Field(default_factory=list, description="Extra rule-pack files.")
    company_domains: list[str] = Field(
        default_factory=list, alias="company-domains", description="E-mail domains that are the company's own."
    )
    rules: dict[str, RuleSettings] = Field(default_factory=dict)
    channels: dict[Channel, ChannelSettings] = Field(
        default_factory=dict, description="Per-channel overrides of the channel profiles in rules/channels.toml."
    )
    keys: list[str] = Field(
        default_factory=lambda: list(DEFAULT_KEYS),
        description="Keys whose string values are replies in YAML/JSON files; dotted for nesting (comment.value).",
    )
    source: Path | None = Field(None, exclude=True, description="The file this configuration came from.")


def load_config_file(path: Path) -> Config:
    """Read ``[tool.replylint]`` from a ``pyproject.toml`` or the top level of any other TOML file."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, "", f"cannot read configuration: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "", f"invalid TOML: {exc}") from exc
    prefix = ""
    if path.name == "pyproject.toml":
        raw = raw.get("tool", {}).get("replylint", {})
        prefix = "tool.replylint"
    return config_from_mapping(raw, path, prefix)


def config_from_mapping(raw: dict[str, Any], path: Path | None = None, prefix: str = "") -> Config:
    """Validate a configuration mapping; relative pack paths are taken from the file's folder."""
    if "source" in raw:
        raise ConfigError(path, f"{prefix}.source" if prefix else "source", "unknown key")
    try:
        config = Config.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError.from_validation(path, exc, prefix) from exc
    base = path.parent if path is not None else Path.cwd()
    packs = [p if p.is_absolute() else base / p for p in config.packs]
    return config.model_copy(update={"packs": packs, "source": path})


def find_config_file(start: Path) -> Path | None:
    """The nearest ``.replylint.toml``, or ``pyproject.toml`` with a ``[tool.replylint]`` table."""
    folder = start if start.is_dir() else start.parent
    for candidate_dir in (folder.resolve(), *folder.resolve().parents):
        for name in CONFIG_FILES:
            candidate = candidate_dir / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and not _has_tool_table(candidate):
                continue
            return candidate
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        return "replylint" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(pyproject, "", f"cannot read configuration: {exc}") from exc


def discover_config(start: Path) -> Config:
    """The configuration that applies to a file or folder, or the defaults."""
    found = find_config_file(start)
    return load_config_file(found) if found else Config()
