"""The fixed split of the russe_detox neutral rewrites: the blame classifier trains on the rewrites of one half
(``scripts/train_hostile.py``) and ``scripts/quality.py``'s guard counts those of the other half only."""

from __future__ import annotations

from conftest import SCRIPTS, script_module


def test_a_row_keeps_its_half_by_its_split_and_index() -> None:
    devdata = script_module("devdata")
    row = {"split": "train", "idx": "0", "toxic": "…", "neutral1": "…"}
    assert devdata.detox_half(row) == devdata.half_of("russe_detox:train:0")
    assert devdata.detox_half(dict(row, neutral1="другой текст")) == devdata.detox_half(row)  # not the text
    halves = {devdata.detox_half({"split": "train", "idx": str(i)}) for i in range(20)}
    assert halves == {"tune", "test"}


def test_the_guard_and_the_training_read_the_same_split() -> None:
    source = (SCRIPTS / "quality.py").read_text(encoding="utf-8")
    assert 'detox_half(item) == "tune"' in source
    training = (SCRIPTS / "train_hostile.py").read_text(encoding="utf-8")
    assert 'detox_neutral_ru("tune")' in training
