"""Errors that name what is wrong and where: configuration, rule packs, rejected replies."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

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
    def from_validation(
        cls,
        path: Path | str | None,
        error: ValidationError,
        prefix: str = "",
        model: type[BaseModel] | None = None,
        also_known: tuple[str, ...] = (),
    ) -> ConfigError:
        """The first problem of a pydantic validation error, with a dotted key; an unknown key of ``model`` (or of
        a table inside it) is said with the closest known one, or the known ones; ``also_known`` are keys of the
        top table read before validation (a configuration's ``extend``)."""
        first = error.errors()[0]
        loc = list(first["loc"])
        reason = first["msg"]
        if first["type"] == "value_error" and "error" in first.get("ctx", {}):
            reason = str(first["ctx"]["error"])  # the validator's own words, without pydantic's "Value error, "
        if loc and loc[-1] == "[key]":  # a table's key of the wrong kind, e.g. channels.sms
            loc.pop()
            reason = reason.replace("Input should be", "the key should be", 1)
        if first["type"] == "extra_forbidden":
            known = _known_keys(model, loc) if model else []
            reason = _unknown_key(str(loc[-1]), [*known, *also_known] if len(loc) == 1 else known)
        key = ".".join(str(part) for part in (*([prefix] if prefix else []), *loc))
        return cls(path, key, reason)


def _known_keys(model: type[BaseModel], loc: list[int | str]) -> list[str]:
    """The keys, as written in a file, of the table that holds ``loc``'s last part."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = next((f for name, f in current.model_fields.items() if part in (name, f.alias)), None)
            if field is None:
                return []
            current = field.annotation
        elif get_origin(current) in (dict, list):
            current = get_args(current)[-1]  # the type of the values
        else:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [field.alias or name for name, field in current.model_fields.items() if not field.exclude]
    return []


def _unknown_key(key: str, known: list[str]) -> str:
    """``unknown key``, with the closest of the ``known`` keys or the list of them."""
    close = difflib.get_close_matches(key, known, n=1)
    if close:
        return f"unknown key (did you mean {close[0]!r}?)"
    return f"unknown key; known here: {', '.join(known)}" if known else "unknown key"


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
        super().__init__(self.naming(argument))

    def naming(self, subject: str) -> str:
        """The message with ``subject`` as what is too long (a reply's key in a file, say)."""
        return f"{subject} is {self.length:,} characters long; the maximum is {self.limit:,} (setting max-reply-chars)"


class RuleTimeout(ReplylintError):
    """A rule's regular expression ran out of time on a reply (catastrophic backtracking): names the rule."""

    def __init__(self, rule: str, pattern: str, seconds: float) -> None:
        self.rule = rule
        self.pattern = pattern
        self.seconds = seconds
        where = f"rule {rule}: " if rule else ""
        super().__init__(f"{where}pattern {pattern!r} took more than {seconds:g} s on this reply")
