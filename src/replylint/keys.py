"""Which string values of a YAML or JSON export are replies: key specs, the defaults, and matching.

A key spec is a dotted path of names that a value's path must end with (list indices do not count): ``body``,
``comment.value``. A name may be ``*`` (any name: the language ids of an Omnidesk answer), and may carry a
condition on the object that holds it: ``value[field=comment_value|comment_value_html]`` (its ``field`` is one
of these), ``content[folder_id]`` (it has a ``folder_id``). Paths joined by ``|`` outside brackets are copies of
one reply (``body_text|body``: a plain and an HTML copy): of those in one object, only the first is read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

#: Keys whose string values are replies (the shapes and their sources are in docs/templates.md).
DEFAULT_KEYS = (
    "body_text|body|body_html",  # Intercom macros, Gorgias macros (actions[].arguments); hand-written exports
    "reply",
    "comment.body",
    "comment.value",
    "value[field=comment_value|comment_value_html]",  # Zendesk macros (actions[])
    "content[folder_id]|content_html[folder_id]",  # Freshdesk canned responses
    "text[name]|chatText[name]",  # Help Scout saved replies
    "action_destination[action_type=email_to_user].*",  # Omnidesk macros (one answer per language id)
)

_PART = re.compile(r"(\*|[^.\[\]=|*]+)(?:\[([^.\[\]=|]+)(?:=([^\[\]=]+))?\])?")
_ALTERNATIVE = re.compile(r"\|(?![^\[]*\])")


class KeySpecError(ValueError):
    """A key spec that cannot be read: the reason."""


@dataclass(frozen=True)
class _Part:
    name: str | None  # None: any name
    sibling: str | None = None
    values: frozenset[str] | None = None  # None: any value (the sibling only has to be there)

    def matches(self, name: str, scope: Mapping[str, str]) -> bool:
        if self.name is not None and name != self.name:
            return False
        if self.sibling is None:
            return True
        return self.sibling in scope and (self.values is None or scope[self.sibling] in self.values)


@cache
def parse_key(spec: str) -> tuple[tuple[_Part, ...], ...]:
    """The alternatives of a key spec, each a tuple of parts; raise :class:`KeySpecError` when it cannot be read."""
    return tuple(_parse_path(spec, path) for path in _ALTERNATIVE.split(spec))


def _parse_path(spec: str, path: str) -> tuple[_Part, ...]:
    parts = []
    for raw in path.strip().split("."):
        found = _PART.fullmatch(raw.strip())
        if found is None:
            raise KeySpecError(f"cannot read key {spec!r}: expected name, name[other] or name[other=a|b]")
        name, sibling, values = found.groups()
        parts.append(
            _Part(
                None if name == "*" else name,
                sibling,
                frozenset(v.strip() for v in values.split("|")) if values is not None else None,
            )
        )
    return tuple(parts)


def key_index(names: Sequence[str], scopes: Sequence[Mapping[str, str]], keys: Sequence[str]) -> tuple[int, int] | None:
    """The index in ``keys`` of the first spec a value's path matches and of the alternative it matches, or None.

    ``names`` are the path's names (indices left out) and ``scopes`` the scalar values of the object holding
    each name, as text."""
    for index, key in enumerate(keys):
        for alternative, parts in enumerate(parse_key(key)):
            if len(parts) > len(names):
                continue
            offset = len(names) - len(parts)
            if all(p.matches(names[offset + i], scopes[offset + i]) for i, p in enumerate(parts)):
                return index, alternative
    return None
