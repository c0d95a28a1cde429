"""``scripts/train_hostile.py --cv --last N``: the batches in the order they were written, and each newest batch
scored by a classifier trained on every other batch."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import script_module
from replylint.models import Act


def test_batches_are_ordered_as_written() -> None:
    training = script_module("train_hostile")
    names = ["rux12", "dev", "rux2", "rux", "rux39", "rux9"]
    assert sorted(names, key=training.batch_number) == ["dev", "rux", "rux2", "rux9", "rux12", "rux39"]


def test_only_the_held_batches_are_scored_each_by_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    training = script_module("train_hostile")
    replies = [training.Reply(batch, set(), set(), [], {}) for batch in ("dev", "rux", "rux2", "rux", "rux3")]
    trained_on: list[set[str]] = []

    def fit(train: list[Any], act: Act, negatives: Any) -> set[str]:
        trained_on.append({r.batch for r in train})
        return trained_on[-1]

    monkeypatch.setattr(training, "fit", fit)
    monkeypatch.setattr(training, "_scored", lambda act: lambda seen, reply: float(reply.batch in seen))
    scores = training.batch_scores(replies, Act.BLAME, [], ["rux2", "rux"])
    assert trained_on == [{"dev", "rux", "rux3"}, {"dev", "rux2", "rux3"}]
    assert scores == [0.0, 0.0, 0.0]  # rux, rux2, rux in order, none seen in its own training
