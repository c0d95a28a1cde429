"""Check kinds that rule packs instantiate, looked up by name in :data:`CHECKS`."""

from replylint.checks import phrase, presence, punctuation
from replylint.checks.base import CHECKS, Check, CheckInput, CheckOptions, Example, Hit, LanguageData, register

__all__ = [
    "CHECKS",
    "Check",
    "CheckInput",
    "CheckOptions",
    "Example",
    "Hit",
    "LanguageData",
    "phrase",
    "presence",
    "punctuation",
    "register",
]
