"""Train the next-step model of RL603 for English replies to a complaint (``make train``).

Trains the spaCy bag-of-words text classifier of :mod:`replylint.next_step_model` on the replies to complaints of
the *tune* half of the English development exchanges and on the replies of ``twcs_company_replies`` /
``ibm_customer_care_replies`` labelled by hand in ``scripts/data/en_reply_labels.jsonl`` (ids, labels and notes
only; the texts are read from ``../shared/data``), and writes its weights to ``src/replylint/models/next_step/``.
Same data, same seed, same weights.

    .venv/bin/python scripts/train_next_step.py          # train on the tune data and write the weights
    .venv/bin/python scripts/train_next_step.py --cv 5   # 5-fold cross-validation: the rules against the model

Cross-validation prints two estimates. The pooled one draws folds at random over all tune replies and scores each
data set, as the earlier rounds did. The honest one (it predicts the test half) draws folds by template group
(:mod:`template_groups`: one brand template never on both sides) and scores only the development tune-half rows of
each held-out fold, the model trained on the rest, our own labels included (and, to weigh them, without them).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from replylint import ContextKind, Language, Linter
from replylint.analysis import analyze
from replylint.analysis.acts import sentence_acts
from replylint.checks.presence import PresenceCheck
from replylint.models import Category, SentenceActs
from replylint.next_step_model import NEXT_STEP, reply_words

sys.path.insert(0, str(Path(__file__).resolve().parent))
import textcat_training
from devdata import en_exchanges, hand_labelled
from template_groups import template_groups
from textcat_training import out_of_fold, out_of_fold_by, prf_line, score, train

EPOCHS = 10
#: Thresholds on the model's score that cross-validation compares.
THRESHOLDS = (0.3, 0.5, 0.7, 0.8, 0.9)
#: Pairs of thresholds compared for the model deciding both ways: the least score where the rules find a next step,
#: and where they find none (``learned-threshold`` and ``learned-adds`` of RL603; the first pair is shipped).
BOTH_WAYS = ((0.7, 0.95), (0.5, 0.95), (0.5, 0.9), (0.7, 0.7), (0.7, 0.9))
#: Replies labelled by hand (``complaint`` of the customer's message, ``apology``, ``next_step``, ``note``), by id.
OWN_LABELS = Path(__file__).resolve().parent / "data" / "en_reply_labels.jsonl"


@dataclass(frozen=True)
class Reply:
    """A labelled reply to a complaint, with what the rules find in it."""

    dataset: str
    text: str
    apology: bool
    next_step: bool
    acts: list[SentenceActs]
    rules_next_step: bool
    rules_apology: bool
    words: list[str]
    ruled_out: bool


def presence_checks(linter: Linter) -> dict[Category, PresenceCheck]:
    """The presence checks of RL601 (missing apology) and RL603 (missing next step), by category."""
    return {
        rule.spec.category: rule.check
        for rule in linter.rules
        if rule.spec.category in (Category.MISSING_APOLOGY, Category.MISSING_NEXT_STEP)
        and isinstance(rule.check, PresenceCheck)
    }


@cache
def _checks() -> tuple[PresenceCheck, PresenceCheck]:
    """The presence checks of RL603 and RL601."""
    found = presence_checks(Linter())
    return found[Category.MISSING_NEXT_STEP], found[Category.MISSING_APOLOGY]


def _reply(dataset: str, text: str, apology: bool, next_step: bool) -> Reply:
    doc = analyze(text, Language.EN)
    acts = sentence_acts(doc, ContextKind.COMPLAINT)
    next_check, apology_check = _checks()
    found = next_check.rules_found(doc, acts)
    return Reply(
        dataset,
        text,
        apology,
        next_step,
        acts,
        found is not None,
        apology_check.rules_present(doc, acts),
        reply_words(doc, acts, found),
        next_check.ruled_out(acts),
    )


def own_labels() -> list[tuple[str, bool, bool]]:
    """The hand-labelled replies to a complaint ``(text, apology, next_step)`` (:func:`devdata.hand_labelled`)."""
    return [
        (text, bool(row["apology"]), bool(row["next_step"]))
        for row, text in hand_labelled(OWN_LABELS, "reply")
        if row["complaint"]
    ]


def tune_replies() -> list[Reply]:
    """Every labelled reply to a complaint of the tune data."""
    replies = [
        _reply("dev-en", r["reply"], bool(r["apology"]), bool(r["next_step"]))
        for r in en_exchanges("tune")
        if r["complaint"]
    ]
    replies += [_reply("own", text, apology, next_step) for text, apology, next_step in own_labels()]
    return replies


def fit(replies: list[Reply], own: bool = True) -> Any:
    """A pipeline trained on the replies (without our own labels when ``own`` is false)."""
    return train(NEXT_STEP, [(r.words, r.next_step) for r in replies if own or r.dataset != "own"], EPOCHS)


def cross_validate(replies: list[Reply], folds: int) -> None:
    """Missing-next-step and missing-apology precision, recall and F1 per data set: the rules, and the next-step
    model and its combinations with the rules (``model >= a / b``: at least ``a`` where the rules find a next step,
    ``b`` where they find none and no sentence performs a ``not-with`` act), each reply scored by a model trained on
    the other folds: pooled folds per data set, then grouped folds on the development rows alone (the module's
    docstring)."""
    scores = out_of_fold(replies, folds, fit, lambda r: r.words)
    for dataset in ("dev-en", "own", "all"):
        members = [(r, s) for r, s in zip(replies, scores, strict=True) if dataset in ("all", r.dataset)]
        print(f"{dataset} ({len(members)} replies to complaints, {folds}-fold, pooled folds)")
        _decisions(members)
    for own in (True, False):
        scores = out_of_fold_by(
            replies,
            folds,
            lambda training, own=own: fit(training, own),
            lambda nlp, reply: score(nlp, reply.words),
            template_groups([r.text for r in replies]),
        )
        members = [(r, s) for r, s in zip(replies, scores, strict=True) if r.dataset == "dev-en"]
        trained = "dev tune half and our own labels" if own else "dev tune half only"
        print(f"dev-en ({len(members)} replies, {folds}-fold, grouped folds; trained on the {trained})")
        _decisions(members)


def _decisions(members: list[tuple[Reply, float]]) -> None:
    """The rules and the model's combinations with them, on replies with their out-of-fold scores."""
    gold = [r.next_step for r, _ in members]
    apology = _prf([r.rules_apology for r, _ in members], [r.apology for r, _ in members])
    print(f"  missing-apology, rules     {apology}")
    print(f"  missing-next-step, rules   {_prf([r.rules_next_step for r, _ in members], gold)}")
    for t in THRESHOLDS:
        print(f"    model >= {t:<16} {_prf([s >= t for _, s in members], gold)}")
    for t in THRESHOLDS:
        both = [r.rules_next_step and s >= t for r, s in members]
        print(f"    rules and model >= {t:<6} {_prf(both, gold)}")
    for t in THRESHOLDS:
        either = [r.rules_next_step or s >= t for r, s in members]
        print(f"    rules or model >= {t:<7} {_prf(either, gold)}")
    for found, none in BOTH_WAYS:
        decided = [s >= found if r.rules_next_step else s >= none and not r.ruled_out for r, s in members]
        print(f"    model >= {found} / {none:<10} {_prf(decided, gold)}")


def _prf(present: list[bool], labelled: list[bool]) -> str:
    """Precision, recall and F1 of flagging what is missing: the replies where ``present`` is false, against the
    replies whose label is false."""
    return prf_line([not p for p in present], [not g for g in labelled])


def main(argv: list[str] | None = None) -> int:
    return textcat_training.main(argv, __doc__.splitlines()[0], NEXT_STEP, tune_replies, fit, cross_validate)


if __name__ == "__main__":
    sys.exit(main())
