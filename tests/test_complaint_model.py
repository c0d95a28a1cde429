"""The complaint model: shipped weights, loaded once, read like a spaCy doc, and its decision on clear messages."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc as SpacyDoc

from replylint.analysis import analyze
from replylint.complaint_model import COMPLAINT, ENGLISH, blank_pipeline, complaint_score, model_dir, model_words
from replylint.complaint_model_ru import RUSSIAN
from replylint.customer_message import read_cues
from replylint.next_step_model import NEXT_STEP


def test_the_complaint_model_ships_in_the_package_and_loads_once() -> None:
    assert (model_dir() / "model").is_file()
    assert ENGLISH.loaded() is ENGLISH.loaded()


def test_the_model_reads_the_words_as_from_a_spacy_doc() -> None:
    doc = analyze("@shop the agent closed my case, order number 123 never came https://t.co/x 😭")
    words = model_words(doc, read_cues(doc).markers)
    assert words[:3] == ["@user", "the", "agent"]
    assert "link" in words
    assert words[-1] == "__final_complaint"
    nlp = blank_pipeline()
    textcat = nlp.get_pipe("textcat")
    textcat.from_disk(model_dir(), exclude=["vocab"])
    assert complaint_score(words) == pytest.approx(textcat(SpacyDoc(nlp.vocab, words=words)).cats[COMPLAINT])


@pytest.mark.parametrize(
    ("message", "complaint"),
    [
        ("Three weeks and my refund is still not here, useless.", True),
        ("The parcel never showed up and nobody answers the phone", True),
        ("Thank you, the new phone works perfectly!", False),
        ("Do you have this jacket in blue?", False),
    ],
)
def test_the_complaint_model_decides_clear_messages(message: str, complaint: bool) -> None:
    doc = analyze(message)
    score = complaint_score(model_words(doc, read_cues(doc).markers))
    assert 0.0 <= score <= 1.0
    assert (score >= 0.5) is complaint, score


@pytest.mark.parametrize(
    "words",
    [["late"], ["late", "late", "late", "again"], ["@user", "sorry", "!", "please", "dm", "us", "link", "act:apology"]],
)
def test_the_direct_score_equals_the_models_own_prediction(words: list[str]) -> None:
    for classifier in (ENGLISH, NEXT_STEP, RUSSIAN):
        nlp = classifier.blank_pipeline()
        textcat = nlp.get_pipe("textcat")
        textcat.from_disk(classifier.model_dir(), exclude=["vocab"])
        expected = textcat(SpacyDoc(nlp.vocab, words=words)).cats[classifier.label]
        assert classifier.score(words) == pytest.approx(expected, abs=1e-6)
