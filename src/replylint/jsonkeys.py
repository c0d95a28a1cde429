"""JSON objects that name a key twice: ``json.loads`` keeps the last value silently, so the readers refuse them."""

from __future__ import annotations

from typing import Any


class DuplicateKey(ValueError):
    """An object names ``key`` twice, so which of its values is meant is unknown."""

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate key {key!r}: which of its values is meant is unknown")
        self.key = key


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An ``object_pairs_hook``: the object as a dict, or :class:`DuplicateKey` for its first repeated key."""
    record = dict(pairs)
    if len(record) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return record
