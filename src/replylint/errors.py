"""Errors that name what is wrong and where: configuration, rule packs, rejected replies."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

if TYPE_CHECKING:
    from replylint.models import Report


class ReplylintError(Exception):
    """Base of replylint's own errors."""


class ReplylintWarning(UserWarning):
    """A configuration that works but should change: a renamed rule code, a deprecated rule selected."""


class ConfigError(ReplylintError):
    """Invalid configuration or rule pack: the file, the key and the reason."""

    def __init__(self, path: Path | str | None, key: str, reason: str) -> None:
        self.path = str(path) if path is not None else "<config>"
        if key and Path(self.path).name == "pyproject.toml" and key != "tool" and not key.startswith("tool."):
            key = f"tool.replylint.{key}"  # a key checked after loading (a selector, a rule's options), in full
        self.key = key
        self.reason = reason
        super().__init__(f"{self.path}: {key}: {reason}" if key else f"{self.path}: {reason}")

    @classmethod
    def from_validation(cls, path: Path | str | None, error: ValidationError, prefix: str = "") -> ConfigError:
        """The first problem of a pydantic validation error, with a dotted key."""
        first = error.errors()[0]
        key = ".".join(str(part) for part in (*([prefix] if prefix else []), *first["loc"]))
        return cls(path, key, first["msg"])


class ReplyRejected(ReplylintError):
    """Raised by :meth:`replylint.Linter.check` when a reply has findings at or above the fail level."""

    def __init__(self, report: Report, fail_on: str) -> None:
        self.report = report
        self.fail_on = fail_on
        codes = ", ".join(sorted({f.code for f in report.at_or_above(fail_on)}))
        super().__init__(f"reply rejected: findings at or above {fail_on}: {codes}")


def refused(error: Exception) -> bool:
    """Whether an error of the linter refuses its input (replylint's own errors, ``ValueError``) rather than
    being a bug (anything else, a ``UnicodeError`` included)."""
    return isinstance(error, ReplylintError | ValueError) and not isinstance(error, UnicodeError)


class ReplyTooLong(ReplylintError, ValueError):
    """A reply or customer message longer than the configured maximum (``max-reply-chars``)."""

    def __init__(self, argument: str, length: int, limit: int) -> None:
        self.argument = argument
        self.length = length
        self.limit = limit
        super().__init__(
            f"{argument} is {length:,} characters long; the maximum is {limit:,} (setting max-reply-chars)"
        )


class RuleTimeout(ReplylintError):
    """A rule's regular expression ran out of time on a reply (catastrophic backtracking): names the rule."""

    def __init__(self, rule: str, pattern: str, seconds: float) -> None:
        self.rule = rule
        self.pattern = pattern
        self.seconds = seconds
        where = f"rule {rule}: " if rule else ""
        super().__init__(f"{where}pattern {pattern!r} took more than {seconds:g} s on this reply")
