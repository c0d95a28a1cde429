"""The next-step model: shipped weights, the words it reads, that RL603 asks it only when configured to (the rules
alone decide by default), how it decides when asked, and the labels it is trained on (ids, labels and notes only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.tokens import Doc as SpacyDoc

from replylint import Config, ContextKind, Language, Linter
from replylint.analysis import analyze
from replylint.analysis.acts import sentence_acts
from replylint.checks.presence import PresenceCheck, PresenceOptions
from replylint.models import Category
from replylint.next_step_model import NEXT_STEP, next_step_score, reply_words

LABELS = Path(__file__).resolve().parent.parent / "scripts" / "data" / "en_reply_labels.jsonl"
COMPLAINT = "The album I play every day is gone from the app again, so annoying."
#: The model asked as a configuration asks it (docs/acts.md#the-next-step-model).
ASKED = {"learned": "next-step", "learned-threshold": 0.7, "learned-adds": 0.95}
#: A wish and a link, which the rules count; the model knows this wording gives no way forward.
VETOED = "We hear you! Fingers crossed we'll have it available again soon. More about missing content: https://example.com/library"
#: A way forward in Spanish, which the English acts do not read; the model knows the wording of such replies.
ADDED = "Hola Marta! Por favor síguenos para ayudarte por mensaje directo."
#: A pointer the rules call generic and a hostile question: the model leans to a next step, not enough to add one.
NOT_ADDED = (
    "That app is no longer updated. More details here: https://example.com/notes",
    "Your review is false. What is your motive for posting this?",
)


def _rl603(linter: Linter | None = None) -> PresenceCheck:
    checks = [r.check for r in (linter or Linter()).rules if r.spec.category == Category.MISSING_NEXT_STEP]
    assert len(checks) == 1 and isinstance(checks[0], PresenceCheck)
    return checks[0]


def _asked() -> PresenceCheck:
    """RL603 with the model asked, from a configuration."""
    check = _rl603(Linter(Config(rules={"RL603": {"options": ASKED}})))
    assert isinstance(check.options, PresenceOptions) and check.options.learned == "next-step"
    return check


def test_the_next_step_model_ships_in_the_package_and_loads_once() -> None:
    assert (NEXT_STEP.model_dir() / "model").is_file()
    assert NEXT_STEP.loaded() is NEXT_STEP.loaded()


def test_the_model_reads_the_words_the_acts_the_rules_verdict_and_what_it_rests_on() -> None:
    doc = analyze("@shop Sorry! Please DM us your order number: https://t.co/x", Language.EN)
    acts = sentence_acts(doc, ContextKind.COMPLAINT)
    assert _rl603().rules_found(doc, acts) == "pattern"
    words = reply_words(doc, acts, "pattern")
    assert words[:3] == ["@user", "sorry", "!"]
    assert "link" in words
    assert {"act:apology", "act:instruction", "act:info-request"} <= set(words)
    assert words[-2:] == ["rules:next-step", "found:pattern"]
    assert reply_words(doc, acts, "act")[-2:] == ["rules:next-step", "found:act"]
    assert reply_words(doc, acts, None)[-2:] == ["rules:none", "found:none"]
    nlp = NEXT_STEP.blank_pipeline()
    textcat = nlp.get_pipe("textcat")
    textcat.from_disk(NEXT_STEP.model_dir(), exclude=["vocab"])
    assert next_step_score(doc, acts, "pattern") == pytest.approx(
        textcat(SpacyDoc(nlp.vocab, words=words)).cats["next-step"]
    )


@pytest.mark.parametrize(
    ("reply", "found"),
    [
        ("So sorry. You can track the refund here: https://example.com/refund/123", "pattern"),
        ("Sorry for the wait! Please DM us your order number.", "act"),
        ("Thanks for the feedback. We hope to see you again soon.", None),
    ],
)
def test_the_rules_say_what_they_found_a_next_step_by(reply: str, found: str | None) -> None:
    doc = analyze(reply, Language.EN)
    acts = sentence_acts(doc, ContextKind.COMPLAINT)
    assert _rl603().rules_found(doc, acts) == found
    assert _rl603().rules_present(doc, acts) is (found is not None)


@pytest.mark.parametrize(
    ("reply", "rules", "next_step"),
    [
        ("Sorry for the wait! Please DM us your order number and we'll chase the courier today.", True, True),
        ("So sorry. You can track the refund here: https://example.com/refund/123", True, True),
        ("Thanks for the feedback. We hope to see you again soon.", False, False),
        (VETOED, True, False),
        *((reply, False, False) for reply in NOT_ADDED),
    ],
)
def test_the_model_vetoes_what_the_rules_find_and_adds_only_when_sure(reply: str, rules: bool, next_step: bool) -> None:
    doc = analyze(reply, Language.EN)
    acts = sentence_acts(doc, ContextKind.COMPLAINT)
    check = _asked()
    assert check.rules_present(doc, acts) is rules
    assert check.present(doc, acts, ContextKind.COMPLAINT) is next_step
    assert _rl603().present(doc, acts, ContextKind.COMPLAINT) is rules


def test_rl603_asks_no_model_by_default() -> None:
    check = _rl603()
    assert isinstance(check.options, PresenceOptions) and check.options.learned is None
    linter = Linter()
    assert "RL603" not in {f.code for f in linter.lint(VETOED, language="en", context=COMPLAINT).findings}
    asked = Linter(Config(rules={"RL603": {"options": ASKED}}))
    assert "RL603" in {f.code for f in asked.lint(VETOED, language="en", context=COMPLAINT).findings}


def test_the_model_adds_a_next_step_the_rules_did_not_find_from_learned_adds() -> None:
    check = _asked()
    doc = analyze(ADDED, Language.EN)
    acts = sentence_acts(doc, ContextKind.COMPLAINT)
    score = next_step_score(doc, acts, None)
    assert check.rules_found(doc, acts) is None
    assert not check.present(doc, acts, ContextKind.COMPLAINT)
    assert isinstance(check.options, PresenceOptions) and score < check.options.learned_adds
    lower = PresenceCheck(check.options.model_copy(update={"learned_adds": score}), check.data)
    assert lower.present(doc, acts, ContextKind.COMPLAINT)
    assert not lower.present(doc, acts, ContextKind.QUESTION)
    for reply in NOT_ADDED:
        other = analyze(reply, Language.EN)
        assert next_step_score(other, sentence_acts(other, ContextKind.COMPLAINT), None) < check.options.learned_adds


def test_the_model_adds_nothing_to_a_reply_with_a_hostile_act() -> None:
    check = _asked()
    assert isinstance(check.options, PresenceOptions)
    always = PresenceCheck(check.options.model_copy(update={"learned_adds": 0.0}), check.data)
    doc = analyze("You should have read the terms. Please calm down and stop writing to us.", Language.EN)
    acts = sentence_acts(doc, ContextKind.COMPLAINT)
    assert check.rules_found(doc, acts) is None
    assert always.ruled_out(acts)
    assert not always.present(doc, acts, ContextKind.COMPLAINT)
    added = analyze(ADDED, Language.EN)
    added_acts = sentence_acts(added, ContextKind.COMPLAINT)
    assert not always.ruled_out(added_acts)
    assert always.present(added, added_acts, ContextKind.COMPLAINT)


def test_the_model_is_asked_only_of_english_replies_to_a_complaint() -> None:
    check = _asked()
    doc = analyze(VETOED, Language.EN)
    assert not check.present(doc, kind=ContextKind.COMPLAINT)
    assert check.present(doc, kind=ContextKind.QUESTION)
    assert check.present(doc)
    linter = Linter(Config(rules={"RL603": {"options": ASKED}}))
    assert "RL603" in {f.code for f in linter.lint(VETOED, language="en", context=COMPLAINT).findings}
    assert "RL603" not in {f.code for f in linter.lint(VETOED, language="en").findings}


def test_a_presence_option_names_a_known_model_and_a_threshold_in_range() -> None:
    options = PresenceOptions.model_validate({"learned": "next-step", "learned-threshold": 0.3, "learned-adds": 0.9})
    assert (options.learned_threshold, options.learned_adds) == (0.3, 0.9)
    assert PresenceOptions.model_validate({"learned": "next-step"}).learned_adds == 1.0
    for bad in (
        {"learned": "sentiment"},
        {"learned": "next-step", "learned-threshold": 1.5},
        {"learned": "next-step", "learned-adds": -0.1},
    ):
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
