"""The next-step model of RL603: shipped weights, the words it reads, where the rule asks it, and the labels it
is trained on (ids, labels and notes only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.tokens import Doc as SpacyDoc

from replylint import ContextKind, Language, Linter
from replylint.analysis import analyze
from replylint.analysis.acts import sentence_acts
from replylint.checks.presence import PresenceCheck, PresenceOptions
from replylint.models import Category
from replylint.next_step_model import NEXT_STEP, next_step_score, reply_words

LABELS = Path(__file__).resolve().parent.parent / "scripts" / "data" / "en_reply_labels.jsonl"
COMPLAINT = "The album I play every day is gone from the app again, so annoying."
#: A wish and a link to background, which the rules count; the model knows this wording gives no way forward.
VETOED = "We hear you! Fingers crossed we'll be able to add it soon. There's info about our music library here: https://example.com/library"


def _rl603() -> PresenceCheck:
    checks = [r.check for r in Linter().rules if r.spec.category == Category.MISSING_NEXT_STEP]
    assert len(checks) == 1 and isinstance(checks[0], PresenceCheck)
    return checks[0]


def test_the_next_step_model_ships_in_the_package_and_loads_once() -> None:
    assert (NEXT_STEP.model_dir() / "model").is_file()
    assert NEXT_STEP.loaded() is NEXT_STEP.loaded()


def test_the_model_reads_the_words_the_acts_and_the_rules_verdict() -> None:
    doc = analyze("@shop Sorry! Please DM us your order number: https://t.co/x", Language.EN)
    acts = sentence_acts(doc, ContextKind.COMPLAINT)
    words = reply_words(doc, acts, True)
    assert words[:3] == ["@user", "sorry", "!"]
    assert "link" in words
    assert {"act:apology", "act:instruction", "act:info-request"} <= set(words)
    assert words[-1] == "rules:next-step"
    assert reply_words(doc, acts, False)[-1] == "rules:none"
    nlp = NEXT_STEP.blank_pipeline()
    textcat = nlp.get_pipe("textcat")
    textcat.from_disk(NEXT_STEP.model_dir(), exclude=["vocab"])
    assert next_step_score(doc, acts, True) == pytest.approx(
        textcat(SpacyDoc(nlp.vocab, words=words)).cats["next-step"]
    )


@pytest.mark.parametrize(
    ("reply", "next_step"),
    [
        ("Sorry for the wait! Please DM us your order number and we'll chase the courier today.", True),
        ("So sorry. You can track the refund here: https://example.com/refund/123", True),
        (VETOED, False),
    ],
)
def test_the_model_agrees_with_the_rules_or_overrules_them(reply: str, next_step: bool) -> None:
    doc = analyze(reply, Language.EN)
    acts = sentence_acts(doc, ContextKind.COMPLAINT)
    check = _rl603()
    assert check.rules_present(doc, acts)
    assert check.present(doc, acts, ContextKind.COMPLAINT) is next_step


def test_the_model_is_asked_only_of_english_replies_to_a_complaint() -> None:
    check = _rl603()
    doc = analyze(VETOED, Language.EN)
    assert not check.present(doc, kind=ContextKind.COMPLAINT)
    assert check.present(doc, kind=ContextKind.QUESTION)
    assert check.present(doc)
    linter = Linter()
    assert "RL603" in {f.code for f in linter.lint(VETOED, language="en", context=COMPLAINT).findings}
    assert "RL603" not in {f.code for f in linter.lint(VETOED, language="en").findings}


def test_a_presence_option_names_a_known_model_and_a_threshold_in_range() -> None:
    assert PresenceOptions.model_validate({"learned": "next-step", "learned-threshold": 0.3}).learned_threshold == 0.3
    for bad in ({"learned": "sentiment"}, {"learned": "next-step", "learned-threshold": 1.5}):
        with pytest.raises(ValueError):
            PresenceOptions.model_validate(bad)


def test_the_labelled_replies_hold_ids_labels_and_notes_only() -> None:
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert rows
    for row in rows:
        assert set(row) == {"source", "tweet_id", "complaint", "apology", "next_step", "note"}, row
        assert row["source"] in {"twcs", "ibm"}
        assert row["tweet_id"].isdigit()
        assert row["complaint"] in {True, False, None}
        assert isinstance(row["apology"], bool) and isinstance(row["next_step"], bool)
        assert isinstance(row["note"], str) and len(row["note"]) <= 300
    assert len({(r["source"], r["tweet_id"]) for r in rows}) == len(rows)
