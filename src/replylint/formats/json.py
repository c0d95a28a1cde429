"""JSON output: a list of finding objects, each with the ``path`` it was found in."""

from __future__ import annotations

import json
from collections.abc import Sequence

from replylint.formats.base import FileResult


def render_json(results: Sequence[FileResult]) -> str:
    """All findings as a JSON array; skipped files are not findings and go to standard error instead."""
    items = [{"path": r.path, **f.model_dump(mode="json")} for r in results for f in r.findings]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
