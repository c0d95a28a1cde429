"""The hand-labelled training tweets are committed as ids and labels only: their licence forbids copying texts."""

from __future__ import annotations

import json
from pathlib import Path

LABELS = Path(__file__).resolve().parent.parent / "scripts" / "data" / "en_complaint_labels.jsonl"


def test_the_labelled_tweets_hold_ids_and_labels_only() -> None:
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert rows
    for row in rows:
        assert set(row) == {"source", "tweet_id", "complaint"}, row
        assert row["source"] in {"twcs", "ibm"}
        assert row["tweet_id"].isdigit()
        assert row["complaint"] in {True, False, None}
    assert len({(r["source"], r["tweet_id"]) for r in rows}) == len(rows)
