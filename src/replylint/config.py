"""Configuration: the model, its discovery in ``.replylint.toml`` / ``pyproject.toml``, and its errors."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from replylint.errors import ConfigError
from replylint.keys import DEFAULT_KEYS, KeySpecError, parse_key
from replylint.models import Channel, Language, Severity

CONFIG_FILES = (".replylint.toml", "pyproject.toml")
#: Files that are never reply templates, though they sit beside them (glob patterns, see :func:`excluded`).
DEFAULT_EXCLUDE = (
    ".*",
    "node_modules",
    "package.json",
    "package-lock.json",
    "tsconfig*.json",
    "jsconfig*.json",
    "composer.json",
    "docker-compose*.y*ml",
    "compose*.y*ml",
    "README*",
    "CHANGELOG*",
    "CONTRIBUTING*",
    "LICENSE*",
)
#: Categories of the rules that judge a whole reply, off for fragments (UI strings of a ``.po`` catalogue).
WHOLE_REPLY = ("missing-apology", "missing-next-step", "missing-greeting", "length")


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
    preview: bool = Field(False, description="Run the preview rules too, not only those selected by code or name.")
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
    extend_keys: list[str] = Field(default_factory=list, alias="extend-keys", description="Added to keys.")
    exclude: list[str] = Field(
        default_factory=lambda: list(DEFAULT_EXCLUDE), description="Files never linted (glob patterns)."
    )
    extend_exclude: list[str] = Field(default_factory=list, alias="extend-exclude", description="Added to exclude.")
    fragments: list[str] = Field(
        default_factory=lambda: ["*.po"], description="Files whose replies are fragments, not whole replies."
    )
    fragment_ignore: list[str] = Field(
        default_factory=lambda: list(WHOLE_REPLY),
        alias="fragment-ignore",
        description="Rules that do not run on fragments (codes, prefixes, names or categories).",
    )
    source: Path | None = Field(None, exclude=True, description="The file this configuration came from.")

    @field_validator("keys", "extend_keys")
    @classmethod
    def _readable_keys(cls, value: list[str]) -> list[str]:
        for key in value:
            try:
                parse_key(key)
            except KeySpecError as exc:
                raise ValueError(str(exc)) from exc
        return value

    @property
    def all_keys(self) -> list[str]:
        """``keys`` then ``extend-keys``."""
        return [*self.keys, *self.extend_keys]

    @property
    def all_exclude(self) -> list[str]:
        """``exclude`` then ``extend-exclude``."""
        return [*self.exclude, *self.extend_exclude]


def excluded(path: Path, patterns: list[str]) -> bool:
    """Whether a path is excluded: a pattern without ``/`` matches any one part of it (``tsconfig*.json``,
    ``archive``), a pattern with ``/`` matches the path's end (``replies/archive/*``)."""
    parts = [p for p in path.parts if p not in (".", "..")]
    for pattern in patterns:
        if "/" in pattern.rstrip("/"):
            if PurePosixPath(path.as_posix()).match(pattern.rstrip("/")):
                return True
        elif any(fnmatch(part, pattern.rstrip("/")) for part in parts):
            return True
    return False


def read_toml(source: Path | Traversable, label: Path | str, what: str = "configuration") -> dict[str, Any]:
    """A TOML file's top-level table; :class:`ConfigError` when it cannot be read or parsed."""
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(label, "", f"cannot read {what}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(label, "", f"invalid TOML: {exc}") from exc
    except RecursionError as exc:  # tomllib recurses once per level of nested arrays and inline tables
        raise ConfigError(label, "", "invalid TOML: arrays or inline tables nested too deeply") from exc


def _table(raw: dict[str, Any], path: Path, *keys: str) -> dict[str, Any]:
    """The table at dotted ``keys`` (empty when absent); :class:`ConfigError` when a value on the way is not one."""
    for depth, key in enumerate(keys, 1):
        raw = raw.get(key, {})
        if not isinstance(raw, dict):
            raise ConfigError(path, ".".join(keys[:depth]), f"must be a table, not {type(raw).__name__}")
    return raw


def load_config_file(path: Path) -> Config:
    """Read ``[tool.replylint]`` from a ``pyproject.toml`` or the top level of any other TOML file."""
    raw = read_toml(path, path)
    prefix = ""
    if path.name == "pyproject.toml":
        raw = _table(raw, path, "tool", "replylint")
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
    return "replylint" in _table(read_toml(pyproject, pyproject), pyproject, "tool")


def discover_config(start: Path) -> Config:
    """The configuration that applies to a file or folder, or the defaults."""
    found = find_config_file(start)
    return load_config_file(found) if found else Config()
