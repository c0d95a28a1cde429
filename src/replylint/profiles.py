"""Channel profiles: the packaged defaults of ``rules/channels.toml`` (which rules apply where, and how)."""

from __future__ import annotations

import tomllib
from functools import cache

from pydantic import TypeAdapter, ValidationError

from replylint.config import ChannelSettings
from replylint.errors import ConfigError
from replylint.models import Channel
from replylint.packs import builtin_rules_dir

#: How errors name the packaged profiles file.
PROFILES_LABEL = "rules/channels.toml"

_PROFILES = TypeAdapter(dict[Channel, ChannelSettings])


@cache
def builtin_profiles() -> dict[Channel, ChannelSettings]:
    """The packaged channel profiles, validated like ``[tool.replylint.channels]``."""
    try:
        raw = tomllib.loads((builtin_rules_dir() / "channels.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(PROFILES_LABEL, "", f"cannot read channel profiles: {exc}") from exc
    try:
        return _PROFILES.validate_python(raw)
    except ValidationError as exc:
        raise ConfigError.from_validation(PROFILES_LABEL, exc) from exc
