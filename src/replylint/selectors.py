"""Rule selectors: the one reading of a code, code prefix, rule name, category or ``ALL``, in any case.

The configuration (``select``, ``ignore``, ``per-file-ignores``, channel ``enable``/``disable``), inline directives
(``replylint: disable=rl2``) and ``replylint rules rl2`` all ask :func:`selects`, so they agree.
"""

from __future__ import annotations

from collections.abc import Iterable

#: The selector that names every rule.
ALL = "all"


def matches(selector: str, code: str, name: str, category: str) -> bool:
    """Whether one selector names a rule: ``ALL``, a code or code prefix (``RL2``, ``rl201``), its name or its
    category, case-insensitively; an empty selector names nothing."""
    wanted = selector.strip().casefold()
    if not wanted:
        return False
    return (
        wanted == ALL
        or (wanted.isalnum() and code.casefold().startswith(wanted))
        or wanted in (name.casefold(), category.casefold())
    )


def selects(selectors: Iterable[str], code: str, name: str, category: str) -> bool:
    """Whether any of ``selectors`` names the rule with this code, name and category."""
    return any(matches(s, code, name, category) for s in selectors)


def unknown(selectors: Iterable[str], rules: Iterable[tuple[str, str, str]]) -> list[str]:
    """The selectors that name none of ``rules`` (each a code, name and category), in the order given."""
    known = list(rules)
    return [s for s in selectors if not any(matches(s, *rule) for rule in known)]
