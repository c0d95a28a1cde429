"""How the measures read an apology label (``scripts/train_next_step.py`` ``apology_given``): as the guidelines define
an apology, regret for the customer's trouble, so a label that took regret of their feelings alone for one is none."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import script_module
from replylint import ContextKind, Language, Linter
from replylint.analysis import analyze
from replylint.analysis.acts import sentence_acts
from replylint.models import Category


@pytest.fixture(scope="module")
def given() -> Callable[[bool, str], bool]:
    module = script_module("train_next_step")
    check = module.presence_checks(Linter())[Category.MISSING_APOLOGY]

    def read(labelled: bool, text: str) -> bool:
        doc = analyze(text, Language.EN)
        return bool(module.apology_given(labelled, doc, sentence_acts(doc, ContextKind.COMPLAINT), check))

    return read


@pytest.mark.parametrize(
    "text",
    [
        "We're sorry you feel that way. All charges are shown on our website.",
        "I apologize that you think that. Please DM us your account number.",
        "Really sorry that you feel this way, booking rules apply to every guest.",
    ],
)
def test_regret_of_feelings_alone_labelled_as_an_apology_is_none(given: Callable[[bool, str], bool], text: str) -> None:
    assert given(True, text) is False


@pytest.mark.parametrize(
    "text",
    [
        "We're sorry your parcel arrived late. A refund is on its way.",
        "Sorry you feel that way, and we're sorry for the long wait at the desk.",
        "I'm sorry to hear you feel unwell after the meal; we have refunded it.",
        "We understand how frustrating this is. An engineer comes tomorrow.",
    ],
)
def test_an_apology_for_the_trouble_stays_as_labelled(given: Callable[[bool, str], bool], text: str) -> None:
    assert given(True, text) is True


def test_a_label_of_no_apology_stays_none(given: Callable[[bool, str], bool]) -> None:
    assert given(False, "We're sorry your parcel arrived late.") is False
    assert given(False, "We're sorry you feel that way.") is False
