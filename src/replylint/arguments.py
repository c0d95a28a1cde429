"""Checks of the public API's arguments: a clear ``TypeError`` or ``ValueError`` that names the argument."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from replylint.errors import ReplyTooLong

_E = TypeVar("_E", bound=StrEnum)


def text_arg(name: str, value: object, limit: int) -> str:
    """A reply or customer message: a ``str`` of at most ``limit`` characters."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if len(value) > limit:
        raise ReplyTooLong(name, len(value), limit)
    return value


def optional_text_arg(name: str, value: object, limit: int) -> str | None:
    """A customer message or None."""
    return None if value is None else text_arg(name, value, limit)


def enum_arg(name: str, value: object, kind: type[_E]) -> _E | None:
    """One of an enumeration's values (given as the member or its string), or None."""
    if value is None or isinstance(value, kind):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str or {kind.__name__}, not {type(value).__name__}")
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(repr(m.value) for m in kind)
        raise ValueError(f"{name} must be one of {choices} or None, not {value!r}") from None


def bool_arg(name: str, value: object) -> bool:
    """A flag: ``True`` or ``False``."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
    return value


def list_arg(name: str, value: object) -> list[object]:
    """An iterable of items (not a string, whose characters would be taken one by one)."""
    if isinstance(value, str | bytes | bytearray) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be an iterable of str, not {type(value).__name__}")
    return list(value)
