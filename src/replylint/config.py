"""Configuration: the model, its discovery in ``.replylint.toml`` / ``pyproject.toml``, and its errors."""

from __future__ import annotations

import re
import tomllib
import types
from functools import lru_cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from replylint.errors import ConfigError
from replylint.keys import DEFAULT_KEYS, KeySpecError, parse_key
from replylint.models import Channel, Language, Severity

if TYPE_CHECKING:
    import pathspec

CONFIG_FILES = (".replylint.toml", "pyproject.toml")
#: Files that are never reply templates, though they sit beside them (git-style patterns, see :func:`excluded`).
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


def typed_scalar(annotation: Any, value: Any) -> Any:
    """``value`` as given, or a ``ValueError`` when a boolean or number is expected and a value of another type is
    given: TOML's values are typed, so ``"yes"`` or ``1`` is not read as true, nor ``true`` or ``"300"`` as a number
    (pydantic's lax mode would). Lists, tables and the other types are left to the field's own validation."""
    kinds = set(get_args(annotation)) if get_origin(annotation) in (Union, types.UnionType) else {annotation}
    if isinstance(value, bool):
        if bool not in kinds and kinds & {int, float}:
            raise ValueError(f"should be a number, not {str(value).lower()}")
    elif isinstance(value, int | float | str):
        if bool in kinds and not kinds & {int, float, str}:
            raise ValueError(f"should be true or false, not {value!r}")
        if isinstance(value, str) and kinds & {int, float} and str not in kinds:
            raise ValueError(f"should be a number, not {value!r}")
    return value


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
        default_factory=lambda: list(DEFAULT_EXCLUDE), description="Files never linted (git-style patterns)."
    )
    extend_exclude: list[str] = Field(default_factory=list, alias="extend-exclude", description="Added to exclude.")
    per_file_ignores: dict[str, list[str]] = Field(
        default_factory=dict,
        alias="per-file-ignores",
        description="Rules ignored in the files a git-style pattern matches: {'legacy/**' = ['RL1']}.",
    )
    fragments: list[str] = Field(
        default_factory=lambda: ["*.po"], description="Files whose replies are fragments, not whole replies."
    )
    fragment_ignore: list[str] = Field(
        default_factory=lambda: list(WHOLE_REPLY),
        alias="fragment-ignore",
        description="Rules that do not run on fragments (codes, prefixes, names or categories).",
    )
    source: Path | None = Field(None, exclude=True, description="The file this configuration came from.")
    origins: dict[str, Path] = Field(
        default_factory=dict, exclude=True, description="The file each key came from, where `extend` was used."
    )

    @field_validator("preview", "max_reply_chars", mode="before")
    @classmethod
    def _typed(cls, value: Any, info: ValidationInfo) -> Any:
        assert info.field_name is not None
        return typed_scalar(cls.model_fields[info.field_name].annotation, value)

    @field_validator("exclude", "extend_exclude", "fragments")
    @classmethod
    def _patterns(cls, value: list[str]) -> list[str]:
        _compile(value)
        return value

    @field_validator("per_file_ignores")
    @classmethod
    def _per_file_patterns(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        _compile(list(value))
        return value

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

    @property
    def root(self) -> Path:
        """The folder patterns are relative to: the configuration file's, else the current one."""
        return self.source.parent if self.source is not None else Path.cwd()

    def origin(self, key: str) -> Path | None:
        """The file that set a top-level key (the one it extends, or this one)."""
        return self.origins.get(key, self.source)

    def excludes(self, path: Path) -> bool:
        """Whether ``exclude`` or ``extend-exclude`` leaves the file out."""
        return excluded(path, self.all_exclude, self.root)

    def is_fragment(self, path: Path) -> bool:
        """Whether the file's replies are fragments (``fragments``)."""
        return excluded(path, self.fragments, self.root)

    def ignored_in(self, path: Path) -> list[str]:
        """The selectors ``per-file-ignores`` gives the file."""
        return [
            s
            for pattern, selectors in self.per_file_ignores.items()
            if excluded(path, [pattern], self.root)
            for s in selectors
        ]


@lru_cache(maxsize=256)
def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    """The compiled patterns; ``pathspec`` (33 modules, 0.6 MiB) is imported when a pattern is first read, which an
    audit and the service never do."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _compile(patterns: list[str]) -> None:
    """Raise ``ValueError`` for a pattern that is not a git-style pattern."""
    for pattern in patterns:
        try:
            _spec((pattern,))
        except (ValueError, TypeError, re.error) as exc:
            raise ValueError(f"invalid pattern {pattern!r}: {exc}") from exc


def relative_path(path: Path, root: Path) -> str:
    """The path as patterns see it: relative to ``root`` when inside it, else as given without a leading ``/``
    or ``..``; in ``/`` form."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return "/".join(p for p in path.parts if p not in (".", "..", path.anchor))


def excluded(path: Path, patterns: list[str], root: Path | None = None) -> bool:
    """Whether a git-style pattern (as in ``.gitignore``, by the ``pathspec`` library) matches the path relative to
    ``root`` (default: the current folder): a pattern without an inner ``/`` matches a file or folder at any
    depth (``tsconfig*.json``, ``archive``), one with it is anchored at ``root`` (``replies/drafts/*``), ``**``
    spans folders, and ``!`` takes a path back."""
    if not patterns:
        return False
    relative = relative_path(path, root or Path.cwd())
    # A file name that is not UTF-8 holds lone surrogates, which pathspec's re2 backend (chosen when google-re2 is
    # installed) cannot encode: its bytes are matched as U+FFFD instead.
    return _spec(tuple(patterns)).match_file(relative.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def read_toml(source: Path | Traversable, label: Path | str, what: str = "configuration") -> dict[str, Any]:
    """A TOML file's top-level table; :class:`ConfigError` when it cannot be read or parsed."""
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(label, "", f"cannot read {what}: {getattr(exc, 'strerror', None) or exc}") from exc
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


def _read_config(path: Path) -> tuple[dict[str, Any], str]:
    """A configuration file's table and the prefix of its keys in messages."""
    raw = read_toml(path, path)
    if path.name == "pyproject.toml":
        return _table(raw, path, "tool", "replylint"), "tool.replylint"
    return raw, ""


def load_config_file(path: Path) -> Config:
    """Read ``[tool.replylint]`` from a ``pyproject.toml`` or the top level of any other TOML file."""
    raw, prefix = _read_config(path)
    return config_from_mapping(raw, path, prefix)


#: Tables that ``extend`` merges entry by entry rather than replacing whole.
MERGED_TABLES = ("rules", "channels", "per-file-ignores")


def config_from_mapping(
    raw: dict[str, Any], path: Path | None = None, prefix: str = "", _seen: tuple[Path, ...] = ()
) -> Config:
    """Validate a configuration mapping; relative pack paths are taken from the file's folder. ``extend`` names
    a configuration file (relative to this one) whose settings this one starts from: each key given here
    replaces the base's, and ``rules``, ``channels`` and ``per-file-ignores`` are merged entry by entry."""
    for internal in ("source", "origins"):
        if internal in raw:
            raise ConfigError(path, f"{prefix}.{internal}" if prefix else internal, "unknown key")
    base_folder = path.parent if path is not None else Path.cwd()
    origins: dict[str, Path] = {}
    own = [key for key in raw if key != "extend"]
    if "extend" in raw:
        raw = dict(raw)
        base = _extended(raw.pop("extend"), base_folder, path, prefix, _seen)
        inherited = base.model_dump(by_alias=True, exclude_unset=True)
        origins = {key: base.origin(key) or base_folder for key in inherited}
        for key in MERGED_TABLES:
            if key in inherited and key in raw and isinstance(raw[key], dict):
                raw[key] = {**inherited[key], **raw[key]}
        raw = {**inherited, **raw}
    if path is not None:
        origins.update(dict.fromkeys(own, path))
    try:
        config = Config.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError.from_validation(path, exc, prefix, Config, also_known=("extend",)) from exc
    packs = [p if p.is_absolute() else base_folder / p for p in config.packs]
    for given, pack in zip(config.packs, packs, strict=True):
        if not pack.is_file():
            where = "a folder, not a rule pack file" if pack.is_dir() else "no such rule pack file"
            raise ConfigError(path, f"{prefix}.packs" if prefix else "packs", f"{str(given)!r}: {where} ({pack})")
    return config.model_copy(update={"packs": packs, "source": path, "origins": origins})


def _extended(target: Any, folder: Path, path: Path | None, prefix: str, seen: tuple[Path, ...]) -> Config:
    """The configuration an ``extend`` key names, itself loaded with its own ``extend``."""
    key = f"{prefix}.extend" if prefix else "extend"
    if not isinstance(target, str) or not target.strip():
        raise ConfigError(path, key, "must be the path of a configuration file")
    try:
        here = (*seen, path.resolve()) if path is not None else seen
        file = (folder / target).resolve()
    except RuntimeError as exc:  # a symbolic link loop
        raise ConfigError(path, key, f"{target!r}: {exc}") from None
    if file in here:
        raise ConfigError(path, key, f"{target!r} extends this file again (a cycle)")
    if not file.is_file():
        raise ConfigError(path, key, f"no configuration file {target!r}")
    raw, base_prefix = _read_config(file)
    return config_from_mapping(raw, file, base_prefix, here)


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
