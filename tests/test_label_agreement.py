"""The agreement of two labellings (``scripts/label_agreement.py``): F1 of one against the other, Cohen's kappa, and
the next step split by what the reply does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import script_module


def test_f1_and_kappa_of_two_labellings() -> None:
    found = script_module("label_agreement").agreement([True, True, False, False], [True, False, False, False])
    assert (found.rows, found.first, found.second, found.both) == (4, 2, 1, 1)
    assert found.f1 == pytest.approx(2 / 3)
    # observed 3/4, expected by chance (2*1 + 2*3) / 16 = 1/2: kappa (3/4 - 1/2) / (1 - 1/2)
    assert found.kappa == pytest.approx(0.5)


def test_identical_labellings_agree_fully_and_opposite_ones_below_chance() -> None:
    agreement = script_module("label_agreement").agreement
    same = agreement([True, False, True], [True, False, True])
    assert (same.f1, same.kappa) == (1.0, 1.0)
    assert agreement([True, False], [False, True]).kappa < 0


def test_step_classes_read_the_reply() -> None:
    step_class = script_module("label_agreement").step_class
    assert step_class("Sorry! Please DM us your order number.") == "DM or contact request"
    assert step_class("Sorry about that. Steps to fix it: https://example.com/fix") == "link"
    assert step_class("We'll refund the second charge by Friday.") == "commitment"
    assert step_class("The delay was caused by the storm.") == "explanation or refusal only"
    assert step_class("Thanks for the feedback!") == "sign-off, thanks or sympathy only"


def test_measures_pair_rows_by_id(tmp_path: Path) -> None:
    module = script_module("label_agreement")
    dev = [
        {"id": "a", "complaint": True, "apology": False, "next_step": False, "reply": "Thanks for the feedback!"},
        {"id": "b", "complaint": True, "apology": True, "next_step": True, "reply": "Sorry! Please DM us the details."},
        {"id": "c", "complaint": False, "apology": False, "next_step": True, "reply": "Glad you like it!"},
    ]
    second = tmp_path / "second.jsonl"
    rows = [
        {"id": "b", "complaint": True, "apology": True, "next_step": False},
        {"id": "a", "complaint": True, "apology": False, "next_step": False},
        {"id": "z", "complaint": None, "apology": False, "next_step": False},
    ]
    second.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    pairs = module.paired(dev, list(module.read_jsonl(second)))
    assert [d["id"] for d, _ in pairs] == ["a", "b"]
    found = module.measures(pairs)
    assert found["complaint"].f1 == 1.0
    assert (found["missing next step"].first, found["missing next step"].second) == (1, 2)
    assert found["missing next step: DM or contact request"].both == 0


def test_russian_categories_leave_out_what_either_labelling_allows() -> None:
    module = script_module("label_agreement")
    first = [
        {"id": "a", "expect": ["blame", "missing-apology"], "allow": []},
        {"id": "b", "expect": [], "allow": ["condescension"]},
        {"id": "c", "expect": ["dismissal"], "allow": []},
    ]
    second = [
        {"id": "a", "expect": ["blame"], "allow": ["missing-apology"]},
        {"id": "b", "expect": ["condescension"], "allow": []},
        {"id": "c", "expect": ["blame"], "allow": []},
    ]
    found, micro = module.ru_measures(module.paired(first, second))
    assert (found["blame"].first, found["blame"].second, found["blame"].both) == (1, 2, 1)
    assert found["missing-apology"].rows == 2  # row a: the second labelling leaves it open
    assert found["condescension"].rows == 2  # row b: the first labelling leaves it open
    assert found["dismissal"].f1 == 0.0
    # as make quality scores: hits blame(a); false blame(c); misses apology(a), dismissal(c); b's allow is neither
    assert micro == pytest.approx(2 * 1 / (2 * 1 + 1 + 2))
