"""replylint: lints the tone of customer-service replies in Russian and English."""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # not ``typing``'s: the hook client (``replylint check --server``) never imports it
if TYPE_CHECKING:
    from typing import Any

    from replylint.config import Config, discover_config, load_config_file
    from replylint.engine import Linter
    from replylint.errors import ConfigError, ReplylintError, ReplyRejected
    from replylint.files import FileReport, lint_source
    from replylint.models import (
        Category,
        Channel,
        ContextInfo,
        ContextKind,
        Finding,
        Language,
        LintRequest,
        Report,
        Severity,
    )

#: Where each public name is defined. Names are imported on first use, so that a light entry point
#: (``replylint check --server``) never loads the analysis pipeline; ``from replylint import Linter`` works as usual.
_EXPORTS = {
    **dict.fromkeys(("Config", "discover_config", "load_config_file"), "replylint.config"),
    "Linter": "replylint.engine",
    **dict.fromkeys(("ConfigError", "ReplylintError", "ReplyRejected"), "replylint.errors"),
    **dict.fromkeys(("FileReport", "lint_source"), "replylint.files"),
    **dict.fromkeys(
        (
            "Category",
            "Channel",
            "ContextInfo",
            "ContextKind",
            "Finding",
            "Language",
            "LintRequest",
            "Report",
            "Severity",
        ),
        "replylint.models",
    ),
}

__all__ = [
    "Category",
    "Channel",
    "Config",
    "ConfigError",
    "ContextInfo",
    "ContextKind",
    "FileReport",
    "Finding",
    "Language",
    "LintRequest",
    "Linter",
    "ReplyRejected",
    "ReplylintError",
    "Report",
    "Severity",
    "discover_config",
    "lint",
    "lint_source",
    "load_config_file",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first access."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'replylint' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def lint(
    text: str,
    language: Language | str | None = None,
    channel: Channel | str | None = None,
    context: str | None = None,
    config: Config | None = None,
    *,
    template: bool = False,
) -> Report:
    """Lint one reply with a process-wide linter for ``config`` (the defaults when None); ``template`` marks a
    reply template whose placeholders are expected."""
    from replylint.config import Config
    from replylint.engine import shared_linter

    if config is not None and not isinstance(config, Config):
        raise TypeError(f"config must be a replylint.Config or None, not {type(config).__name__}")
    return shared_linter(config).lint(text, language=language, channel=channel, context=context, template=template)
