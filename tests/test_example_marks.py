"""Must-flag examples state what they flag: ⟦…⟧ marks in the text, and an optional suggestion."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from replylint.checks import Example
from replylint.checks.phrase import PhraseData


def test_marks_give_the_spans_of_the_unmarked_text() -> None:
    example = Example(text="⟦Вы сами виноваты⟧, и заказ задержался ⟦по вашей вине⟧.")
    assert example.text == "Вы сами виноваты, и заказ задержался по вашей вине."
    assert [example.text[s:e] for s, e in example.spans] == ["Вы сами виноваты", "по вашей вине"]
    assert example.marked == "⟦Вы сами виноваты⟧, и заказ задержался ⟦по вашей вине⟧."


def test_an_example_without_marks_states_no_span() -> None:
    assert Example(text="This is your fault.").spans == ()


@pytest.mark.parametrize("text", ["⟦your fault", "your fault⟧", "⟦⟧ your fault", "⟦your ⟦fault⟧⟧"])
def test_unbalanced_or_empty_marks_are_an_error(text: str) -> None:
    with pytest.raises(ValidationError, match="marks"):
        Example(text=text)


def test_a_must_pass_example_cannot_state_what_it_flags() -> None:
    with pytest.raises(ValidationError, match="must-pass"):
        PhraseData.model_validate({"phrases": ["your fault"], "flag": ["x"], "pass": ["This is ⟦your fault⟧."]})
    with pytest.raises(ValidationError, match="must-pass"):
        PhraseData.model_validate({"pass": [{"text": "Fine.", "suggestion": "Say sorry."}]})
