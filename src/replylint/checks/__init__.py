"""Check kinds that rule packs instantiate, looked up by name in :data:`CHECKS`."""

from replylint.checks import (
    canned,
    greeting,
    imperative,
    length,
    phrase,
    presence,
    privacy,
    profanity,
    punctuation,
    shouting,
    template,
)
from replylint.checks.base import (
    CHECKS,
    BatchCheck,
    Check,
    CheckInput,
    CheckOptions,
    Example,
    Hit,
    LanguageData,
    register,
)

__all__ = [
    "CHECKS",
    "BatchCheck",
    "Check",
    "CheckInput",
    "CheckOptions",
    "Example",
    "Hit",
    "LanguageData",
    "canned",
    "greeting",
    "imperative",
    "length",
    "phrase",
    "presence",
    "privacy",
    "profanity",
    "punctuation",
    "register",
    "shouting",
    "template",
]
