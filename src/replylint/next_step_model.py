"""A learned next-step score for English replies to a complaint: a small spaCy bag-of-words text classifier.

It reads the reply's words, the sentence acts found in it (``act:commitment`` …), the rules' own verdict
(``rules:next-step`` or ``rules:none``) and what the rules found it by (``found:pattern`` for a link, an e-mail
address, a phone number or a phrase, ``found:act`` for an act alone, ``found:none``), so it learns where the acts
and links are right and where wording they do not know gives (or withholds) a way forward. A configuration may let
it decide both ways (``learned = "next-step"``); the shipped RL603 asks it nothing, since no combination with the rules
beats them on brands it was not trained on (``scripts/train_next_step.py --cv 5 --by-brand``). The weights in
``models/next_step/`` are trained by ``scripts/train_next_step.py`` (``make train``) on the tune half of the English
development exchanges and the hand-labelled replies of ``scripts/data/en_reply_labels.jsonl``; they are loaded once
per process, on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from replylint.analysis import Doc
from replylint.complaint_model import ComplaintModel, model_words
from replylint.models import SentenceActs

#: The English next-step classifier (2^16 rows).
NEXT_STEP = ComplaintModel("en", "next_step", 2**16, label="next-step")

#: What the rules found a next step by: a pattern or phrase (a link, an e-mail address …), an act alone, or nothing.
Found = Literal["pattern", "act"] | None


def reply_words(doc: Doc, acts: Sequence[SentenceActs], found: Found) -> list[str]:
    """The words the model reads: the reply's words, then one marker per act found, the rules' verdict and what
    the rules found it by."""
    markers = sorted({f"act:{act.value}" for sentence in acts for act in sentence.acts})
    verdict = "rules:none" if found is None else "rules:next-step"
    return model_words(doc, [*markers, verdict, f"found:{found or 'none'}"])


def next_step_score(doc: Doc, acts: Sequence[SentenceActs], found: Found) -> float:
    """How likely the reply gives a next step, 0–1."""
    return NEXT_STEP.score(reply_words(doc, acts, found))
