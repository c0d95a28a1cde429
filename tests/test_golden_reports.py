"""Speed work must not change what replylint reports: the full JSON report of every reply of a fixed sample is
compared with a stored golden file.

The sample (``fixtures/golden/replies.jsonl``) is every rule example of the packs as they stood when it was taken
(both languages, with their contexts, channels, templates and ``sent-to`` batches) and long replies of 300–800
characters written for it, each with and without the customer's message. When the rules change on purpose,
regenerate the golden reports with this one line and review the diff:

    .venv/bin/python tests/test_golden_reports.py --write
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from replylint import Linter

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
REPLIES, REPORTS = GOLDEN / "replies.jsonl", GOLDEN / "reports.jsonl"


def _rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in REPLIES.read_text(encoding="utf-8").splitlines() if line.strip()]


def reports(linter: Linter) -> list[str]:
    """One line per sample row: the JSON of its report, or of its batch's reports for a ``sent_to`` row."""
    lines = []
    for row in _rows():
        language, channel = row.get("language"), row.get("channel")
        if "sent_to" in row:
            batch = linter.lint_many(
                [row["text"]] * len(row["sent_to"]), language=language, channel=channel, contexts=row["sent_to"]
            )
            lines.append(json.dumps([r.model_dump(mode="json") for r in batch], ensure_ascii=False))
        else:
            report = linter.lint(
                row["text"], language, channel, row.get("context"), template=row.get("template", False)
            )
            lines.append(report.model_dump_json())
    return lines


def test_reports_match_the_golden_file() -> None:
    expected = REPORTS.read_text(encoding="utf-8").splitlines()
    actual = reports(Linter())
    assert len(actual) == len(expected), "sample and golden file differ in length: regenerate (see the docstring)"
    changed = [i for i, (a, e) in enumerate(zip(actual, expected, strict=True)) if a != e]
    rows = _rows()
    assert not changed, f"{len(changed)} report(s) changed, first: {rows[changed[0]]['text'][:80]!r}"


def test_sample_covers_both_languages_long_replies_and_contexts() -> None:
    rows = _rows()
    assert {r.get("language") for r in rows} >= {"ru", "en", None}
    assert sum(len(r["text"]) >= 300 and "context" in r for r in rows) >= 6
    assert any("sent_to" in r for r in rows) and any(r.get("template") for r in rows)


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    REPORTS.write_text("".join(f"{line}\n" for line in reports(Linter())), encoding="utf-8")
