"""English count phrases for the terminal: ``1 finding``, ``2 findings`` (imports nothing, for the hook client)."""

from __future__ import annotations


def noun_for(count: int, noun: str, plural: str = "") -> str:
    """``noun`` when the count is one, else ``plural`` (default ``noun + "s"``)."""
    return noun if count == 1 else plural or noun + "s"


def counted(count: int, noun: str, plural: str = "") -> str:
    """The count, with thousands separated by commas, and the noun in the form it needs."""
    return f"{count:,} {noun_for(count, noun, plural)}"
