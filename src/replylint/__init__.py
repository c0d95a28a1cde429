"""replylint: lints the tone of customer-service replies in Russian and English."""

from __future__ import annotations

from functools import lru_cache

from replylint.config import Config, discover_config, load_config_file
from replylint.engine import Linter
from replylint.errors import ConfigError, ReplylintError, ReplyRejected
from replylint.models import Category, Channel, ContextInfo, ContextKind, Finding, Language, Report, Severity

__all__ = [
    "Category",
    "Channel",
    "Config",
    "ConfigError",
    "ContextInfo",
    "ContextKind",
    "Finding",
    "Language",
    "Linter",
    "ReplyRejected",
    "ReplylintError",
    "Report",
    "Severity",
    "discover_config",
    "lint",
    "load_config_file",
]


@lru_cache(maxsize=8)
def _linter_for(config_json: str | None) -> Linter:
    return Linter(Config.model_validate_json(config_json) if config_json else None)


def lint(
    text: str,
    language: Language | str | None = None,
    channel: Channel | str | None = None,
    context: str | None = None,
    config: Config | None = None,
) -> Report:
    """Lint one reply with a process-wide linter for ``config`` (the defaults when None)."""
    key = config.model_dump_json(by_alias=True) if config is not None else None
    return _linter_for(key).lint(text, language=language, channel=channel, context=context)
