"""``--statistics``: how many findings each rule produced, most frequent first (as ``ruff --statistics``)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from replylint.formats.base import FileResult


def rule_counts(results: Sequence[FileResult]) -> list[tuple[str, str, int]]:
    """``(code, name, count)`` per rule, by count descending, then code."""
    counts = Counter((f.code, f.rule) for r in results for f in r.findings)
    return sorted(((code, name, n) for (code, name), n in counts.items()), key=lambda row: (-row[2], row[0]))


def render_statistics(results: Sequence[FileResult]) -> str:
    """One ``count<TAB>code<TAB>name`` line per rule; nothing when there are no findings."""
    rows = rule_counts(results)
    width = max((len(str(n)) for _, _, n in rows), default=1)
    return "".join(f"{n:>{width}}\t{code}\t{name}\n" for code, name, n in rows)


def render_statistics_json(results: Sequence[FileResult]) -> str:
    """The same counts as a JSON array of ``{"code", "name", "count"}``."""
    items = [{"code": code, "name": name, "count": n} for code, name, n in rule_counts(results)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
