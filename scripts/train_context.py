"""Train the complaint model of the customer-message classifier (``make train``).

Trains the spaCy bag-of-words text classifier of :mod:`replylint.complaint_model` on the *tune* halves of
``complaints_twitter.jsonl`` and of the English development exchanges (customer messages with a complaint
label), and on the customer tweets of ``twcs_company_replies`` / ``ibm_customer_care_replies`` labelled by hand in
``scripts/data/en_complaint_labels.jsonl`` (ids and labels only; the texts are read from ``../shared/data``), and
writes its weights to ``src/replylint/models/complaint/``. Same data, same seed, same weights.

    .venv/bin/python scripts/train_context.py          # train on the tune halves and write the weights
    .venv/bin/python scripts/train_context.py --cv 5   # grouped 5-fold cross-validation, three fold draws
    .venv/bin/python scripts/train_context.py --cv 5 --by-account   # the same, folds drawn by the account addressed

With ``--by-account`` the folds are drawn by the account a message addresses (:func:`account_groups`: the first
@handle of a ``complaints_twitter`` tweet, the replying company of a development or hand-labelled message), so no
brand is on both sides of a fold.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from replylint import ContextKind
from replylint.analysis import analyze
from replylint.complaint_model import ENGLISH, PRAISE_THRESHOLD, SHARED_THRESHOLD, STRONG_THRESHOLD, model_words
from replylint.customer_message import CueReading, read_cues

sys.path.insert(0, str(Path(__file__).resolve().parent))
import textcat_training
from devdata import SOURCE_OF_SET, complaint_tweets, en_exchanges, hand_labelled, public_brands
from template_groups import Joined, template_groups
from textcat_training import out_of_fold, prf_line, train

EPOCHS = 5
#: How many times a message of each data set counts in training: the development exchanges are thread messages
#: like the ones replylint sees, and the tweets of ``complaints_twitter`` keep the many complaints among the
#: hand-labelled tweets from tilting the model towards complaints (both chosen by 5-fold cross-validation).
WEIGHTS = {"complaints": 2, "dev-en": 2, "own": 1}
#: Customer tweets of the public reply sets labelled by hand (``complaint`` true / false / null), by id.
OWN_LABELS = Path(__file__).resolve().parent / "data" / "en_complaint_labels.jsonl"
_HANDLE = re.compile(r"@(\w+)")


@dataclass(frozen=True)
class Message:
    """A labelled customer message of a tune half, with the cue reading the model sees beside its words."""

    dataset: str
    text: str
    complaint: bool
    cues: CueReading
    words: list[str]
    #: The account the message addresses, in lower case ("" where none is known): the first @handle of a
    #: ``complaints_twitter`` tweet, the company that answered a development or hand-labelled message.
    account: str = ""


def tune_messages() -> list[Message]:
    """Every labelled customer message of the tune halves."""
    brands = public_brands()
    labelled = [
        ("complaints", r["text"], r["is_complaint"] == 1, _addressed(r["text"])) for r in complaint_tweets("tune")
    ]
    labelled += [
        ("dev-en", r["customer"], bool(r["complaint"]), brands.get((SOURCE_OF_SET[r["source"]], r["tweet_id"]), ""))
        for r in en_exchanges("tune")
        if r["complaint"] is not None
    ]
    labelled += [("own", text, gold, account) for text, gold, account in own_labels_by_account(brands)]
    messages = []
    for name, text, gold, account in labelled:
        doc = analyze(text)
        cues = read_cues(doc)
        messages.append(Message(name, text, gold, cues, model_words(doc, cues.markers), account.lower()))
    return messages


def _addressed(text: str) -> str:
    """The first @handle of a tweet, without its "@" ("" when it names none)."""
    found = _HANDLE.search(text)
    return found.group(1) if found else ""


def own_labels() -> list[tuple[str, bool]]:
    """The hand-labelled customer tweets with a label (:func:`devdata.hand_labelled`)."""
    return [(text, gold) for text, gold, _ in own_labels_by_account({})]


def own_labels_by_account(brands: dict[tuple[str, str], str]) -> list[tuple[str, bool, str]]:
    """:func:`own_labels` with the company that answered each tweet (from ``brands``, "" where not found) last."""
    return [
        (text, bool(row["complaint"]), brands.get((row["source"], row["tweet_id"]), ""))
        for row, text in hand_labelled(OWN_LABELS, "customer")
        if row["complaint"] is not None
    ]


def fit(messages: list[Message]) -> Any:
    """A pipeline trained on the messages, each counted as its data set's weight says."""
    return train(ENGLISH, [(m.words, m.complaint) for m in messages for _ in range(WEIGHTS[m.dataset])], EPOCHS)


def cross_validate(messages: list[Message], folds: int, by: str = "template") -> None:
    """Precision, recall and F1 per data set of the cues alone and of the model, each message scored by a model
    trained on the other folds; near-duplicates (one template, :func:`template_groups`) sit in one fold, and the
    folds are drawn three times, since the spread between draws is as large as most differences."""
    groups = account_groups(messages) if by == "account" else template_groups([m.text for m in messages])
    sizes = sorted(Counter(groups).values(), reverse=True)
    print(f"folds by {by}: {len(sizes)} groups, the largest {sizes[:5]}")
    for draw in range(3):
        scores = out_of_fold(messages, folds, fit, lambda m: m.words, groups, draw)
        print(f"== fold draw {draw}")
        for dataset in ("complaints", "dev-en", "own"):
            _cross_validated([(m, scores[i]) for i, m in enumerate(messages) if m.dataset == dataset], dataset, folds)


def account_groups(messages: list[Message]) -> list[int]:
    """Each message's group when folds are drawn by the account addressed: the messages to one account, joined with
    every template group (:func:`template_groups.template_groups`) that reaches across accounts, so that neither a
    brand nor a template is ever on both sides of a fold. A message to no known account is a group of its own."""
    groups = template_groups([m.text for m in messages])
    joined = Joined(len(messages))
    first: dict[tuple[str, object], int] = {}
    for i, (message, group) in enumerate(zip(messages, groups, strict=True)):
        for key in (("account", message.account or f"?{i}"), ("template", group)):
            if key in first:
                joined.join(i, first[key])
            else:
                first[key] = i
    return joined.roots()


def _cross_validated(members: list[tuple[Message, float]], dataset: str, folds: int) -> None:
    """One data set's lines of :func:`cross_validate`."""
    gold = [m.complaint for m, _ in members]
    print(f"{dataset} ({len(members)} training messages, {folds}-fold, grouped)")
    print(
        f"  cues alone              {prf_line([m.cues.info.kind is ContextKind.COMPLAINT for m, _ in members], gold)}"
    )
    for threshold in (0.35, 0.4, 0.45, 0.5, 0.55):
        print(f"  model score >= {threshold:<8} {prf_line([s >= threshold for _, s in members], gold)}")
    for strong in (STRONG_THRESHOLD, None):
        kinds = [
            m.cues.with_score(s, strong_threshold=strong, shared_threshold=SHARED_THRESHOLD).kind for m, s in members
        ]
        name = f"strong cues from {strong}" if strong is not None else "strong cues as the rest"
        print(f"  classifier, {name:<11} {prf_line([k is ContextKind.COMPLAINT for k in kinds], gold)}")
    for shared in (0.6, 0.7, 0.9, None):
        kinds = [
            m.cues.with_score(s, strong_threshold=STRONG_THRESHOLD, shared_threshold=shared).kind for m, s in members
        ]
        name = f"shared posts cut short from {shared}" if shared is not None else "shared posts cut short as the rest"
        print(f"    ... {name:<34} {prf_line([k is ContextKind.COMPLAINT for k in kinds], gold)}")
    for threshold in (0.35, 0.4, 0.45, 0.5, 0.55):
        guarded = [s >= (PRAISE_THRESHOLD if _praised(m) else threshold) for m, s in members]
        print(f"    ... at threshold {threshold:<5} {prf_line(guarded, gold)}")
    for question in (0.4, 0.45, 0.5, 0.55, 0.6):
        kinds = [
            m.cues.with_score(
                s, question_threshold=question, strong_threshold=STRONG_THRESHOLD, shared_threshold=SHARED_THRESHOLD
            ).kind
            for m, s in members
        ]
        print(f"    ... questions from {question:<3} {prf_line([k is ContextKind.COMPLAINT for k in kinds], gold)}")


def _praised(message: Message) -> bool:
    """Whether the cues read the message as praise or thanks (the classifier then asks the praise threshold)."""
    return message.cues.info.kind in (ContextKind.PRAISE, ContextKind.THANKS)


def main(argv: list[str] | None = None) -> int:
    rest = list(sys.argv[1:] if argv is None else argv)
    by = "template"
    if "--by-account" in rest:  # folds drawn by the account addressed
        rest.remove("--by-account")
        by = "account"
    validate = partial(cross_validate, by=by)
    return textcat_training.main(rest, __doc__.splitlines()[0], ENGLISH, tune_messages, fit, validate)


if __name__ == "__main__":
    sys.exit(main())
