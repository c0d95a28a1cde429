"""The project's own labelled Russian exchanges (``scripts/data``) keep the development set's format and stay apart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from replylint.models import Act, Category, Channel, ContextKind

DATA = Path(__file__).resolve().parent.parent / "scripts" / "data"
#: The tune set, the check set that no rule or model is tuned on, and the latest batch kept back.
SETS = ("ru_exchanges_extra.jsonl", "ru_exchanges_check.jsonl", "ru_exchanges_kept.jsonl")
#: The categories a Russian exchange is labelled with (LABEL_GUIDELINES.md, "Russian set").
CATEGORIES = {
    Category(name).value
    for name in (
        "missing-apology",
        "missing-next-step",
        "blame",
        "condescension",
        "dismissal",
        "rudeness",
        "exclamation",
        "shouting",
        "privacy",
    )
}


def rows(name: str) -> list[dict[str, Any]]:
    with (DATA / name).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.mark.parametrize("name", SETS)
def test_rows_are_labelled_with_known_values(name: str) -> None:
    acts = {a.value for a in Act}
    for row in rows(name):
        assert set(row["expect"]) <= CATEGORIES and set(row["allow"]) <= CATEGORIES, row["id"]
        assert not set(row["expect"]) & set(row["allow"]), row["id"]
        assert row["context_kind"] in {k.value for k in ContextKind}, row["id"]
        assert row["channel"] in {c.value for c in Channel}, row["id"]
        assert all(set(s["acts"]) <= acts for s in row["sentences"]), row["id"]


@pytest.mark.parametrize("name", SETS)
def test_sentences_are_the_reply_in_order(name: str) -> None:
    for row in rows(name):
        reply, at = row["reply"], 0
        for sentence in row["sentences"]:
            found = reply.find(sentence["text"], at)
            assert found >= 0 and not reply[at:found].strip(), (row["id"], sentence["text"])
            at = found + len(sentence["text"])
        assert not reply[at:].strip(), row["id"]


@pytest.mark.parametrize("name", SETS[1:])
def test_no_exchange_is_in_two_sets(name: str) -> None:
    tune, apart = rows(SETS[0]), rows(name)
    assert not {r["id"] for r in tune} & {r["id"] for r in apart}
    assert not {r["reply"] for r in tune} & {r["reply"] for r in apart}
    assert len({r["id"] for r in apart}) == len(apart)
