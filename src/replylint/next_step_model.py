"""A learned next-step score for English replies to a complaint: a small spaCy bag-of-words text classifier.

It reads the reply's words, the sentence acts found in it (``act:commitment`` …) and the rules' own verdict
(``rules:next-step`` or ``rules:none``), so it learns where the acts are right and where wording they do not
know gives (or withholds) a way forward. The weights in ``models/next_step/`` are trained by
``scripts/train_next_step.py`` (``make train``) on the tune half of the English development exchanges and the
hand-labelled replies of ``scripts/data/en_reply_labels.jsonl``; they are loaded once per process, on first use.
"""

from __future__ import annotations

from collections.abc import Sequence

from replylint.analysis import Doc
from replylint.complaint_model import ComplaintModel, model_words
from replylint.models import SentenceActs

#: The English next-step classifier (2^16 rows).
NEXT_STEP = ComplaintModel("en", "next_step", 2**16, label="next-step")


def reply_words(doc: Doc, acts: Sequence[SentenceActs], rules: bool) -> list[str]:
    """The words the model reads: the reply's words, then one marker per act found and the rules' verdict."""
    markers = sorted({f"act:{act.value}" for sentence in acts for act in sentence.acts})
    return model_words(doc, [*markers, "rules:next-step" if rules else "rules:none"])


def next_step_score(doc: Doc, acts: Sequence[SentenceActs], rules: bool) -> float:
    """How likely the reply gives a next step, 0–1."""
    return NEXT_STEP.score(reply_words(doc, acts, rules))
