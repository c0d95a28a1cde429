"""Train the Russian complaint model of the customer-message classifier (``make train``).

Trains the spaCy bag-of-words text classifier of :mod:`replylint.complaint_model_ru` on the *tune* half of the
Russian development exchanges (``context_kind``), on the customer messages of the project's own Russian exchanges
(``scripts/data/ru_exchanges_extra.jsonl``, each distinct message once) and on the project's own labelled Russian
customer messages (``scripts/data/ru_customer_messages.jsonl``), and writes its weights to
``src/replylint/models/complaint_ru/``.
Each group of sources (the dev tune half, the project's exchanges, the own messages) weighs alike, and inside a group
each source (each writer's batch of exchanges) weighs its size, its complaints and its other messages half each: a
batch that is mostly complaints adds words, not a lean to "complaint", and the exchanges, however many, do not drown
the dev rows and the own messages.
Same data, same seed, same weights. ``scripts/data/ru_customer_messages_check.jsonl`` is never trained on: it
checks, beside cross-validation, how the cues and the model do on wording neither has seen.

    .venv/bin/python scripts/train_context_ru.py          # train and write the weights
    .venv/bin/python scripts/train_context_ru.py --cv 5   # 5-fold cross-validation by source, then the check set
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from replylint import ContextKind, Language
from replylint.analysis import analyze
from replylint.complaint_model_ru import PRAISE_THRESHOLD, RUSSIAN, STRONG_THRESHOLD, THRESHOLD, model_words
from replylint.customer_message import CueReading, read_cues

sys.path.insert(0, str(Path(__file__).resolve().parent))
import textcat_training
from devdata import DATA, ru_exchanges, ru_extra
from textcat_training import out_of_fold, prf, score, train_averaged

OWN = Path(__file__).resolve().parent / "data" / "ru_customer_messages.jsonl"
CHECK = OWN.with_name("ru_customer_messages_check.jsonl")
EPOCHS = 8
#: The seeds of the trainings whose weights are averaged into the shipped model (:func:`trained`).
SEEDS = (0, 1, 2, 3)
#: The epochs at the end of each training whose weights are averaged (0: the last epoch's weights alone).
LAST = 0
DEV = "dev-ru"
#: Thresholds cross-validation tries.
THRESHOLDS = (0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
#: Thresholds for a message with a strong complaint cue it tries, at or below the threshold the rule chooses.
STRONG_THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8)
#: What a threshold must reach on each group of sources, out of fold: complaint precision and recall.
PRECISION, RECALL = 0.90, 0.85


@dataclass(frozen=True)
class Message:
    """A labelled Russian customer message, with the cue reading the model sees beside its words."""

    dataset: str  # the source: the dev tune half, one writer's batch of exchanges ("rux4"), or the own messages
    text: str
    kind: ContextKind
    cues: CueReading
    words: list[str]

    @property
    def complaint(self) -> bool:
        return self.kind is ContextKind.COMPLAINT

    @property
    def group(self) -> str:
        """The group cross-validation reports: the dev rows, the own exchanges' messages, or the own messages."""
        return "ru_exchanges_extra" if self.dataset.startswith("rux") else self.dataset


def _message(dataset: str, text: str, kind: str) -> Message:
    doc = analyze(text, Language.RU)
    cues = read_cues(doc)
    return Message(dataset, text, ContextKind(kind), cues, model_words(doc, cues.markers))


def own_messages(path: Path) -> list[Message]:
    """The project's own labelled Russian messages in ``path`` (one ``{"text", "kind"}`` object a line)."""
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [_message(path.stem, r["text"], r["kind"]) for r in rows]


def tune_messages() -> list[Message]:
    """The training messages: the Russian tune half (if the data folder is there), the messages of the own
    exchanges, and the own messages; a message already taken is not taken again."""
    dev = []
    if DATA.is_dir():
        dev = [
            _message(DEV, r["context"], r["context_kind"])
            for r in ru_exchanges("tune")
            if r["context_kind"] and r["context"]
        ]
    seen = {m.text for m in dev}
    exchanges = []
    for row in ru_extra():
        if row["context_kind"] and row["context"] and row["context"] not in seen:
            seen.add(row["context"])
            exchanges.append(_message(row["id"].split("-")[0], row["context"], row["context_kind"]))
    return dev + exchanges + own_messages(OWN)


def source_weights(messages: list[Message]) -> list[float]:
    """Each message's weight: each group of sources (the dev tune half, the project's exchanges, the own messages)
    weighs alike; inside a group a source weighs its size, its complaints half of it and its other messages the
    other half. So the exchanges, which grow by a batch or two at every merge, do not outweigh the dev rows and the
    own messages, which hold most of the questions about a problem that are no complaint."""
    size = Counter(m.dataset for m in messages)
    per_class = Counter((m.dataset, m.complaint) for m in messages)
    group = Counter(m.group for m in messages)
    share = len(messages) / len(group)
    return [size[m.dataset] / 2 / per_class[m.dataset, m.complaint] * share / group[m.group] for m in messages]


def fit(messages: list[Message]) -> Any:
    """A pipeline trained on the messages, each source's two classes weighing alike."""
    return trained([(m.words, m.complaint) for m in messages], source_weights(messages))


def trained(labelled: list[tuple[list[str], bool]], weights: list[float]) -> Any:
    """The model trained on ``(words, is a complaint)`` pairs weighing ``weights``: the mean of the weights of one
    training per seed of :data:`SEEDS`, each the mean of its last :data:`LAST` epochs' weights (``train_averaged``),
    so a decision does not hang on one order of the messages (docs/context.md)."""
    return train_averaged(RUSSIAN, labelled, EPOCHS, weights, SEEDS, LAST)


def decide(
    messages: list[Message], scores: list[float], threshold: float, strong: float | None = None
) -> list[ContextKind]:
    """The kinds the cues and the model decide with a threshold (praise and thanks keep theirs), and another for a
    message with a strong complaint cue (the same where not given) unless sincere praise or thanks stands beside
    it (:meth:`CueReading.with_score`)."""
    return [
        m.cues.with_score(s, threshold, PRAISE_THRESHOLD, threshold, strong, floor_beside_praise=False)
        for m, s in zip(messages, scores, strict=True)
    ]


def meets(messages: list[Message], scores: list[float], threshold: float, strong: float | None = None) -> bool:
    """Whether the kinds decided reach the precision and recall targets on every group of sources."""
    for group in dict.fromkeys(m.group for m in messages):
        members = [i for i, m in enumerate(messages) if m.group == group]
        kinds = decide([messages[i] for i in members], [scores[i] for i in members], threshold, strong)
        complaints = [messages[i].complaint for i in members]
        precision, recall, _ = prf([k.kind is ContextKind.COMPLAINT for k in kinds], complaints)
        if precision < PRECISION or recall < RECALL:
            return False
    return True


def report(name: str, messages: list[Message], scores: list[float]) -> None:
    """Kind accuracy and complaint precision and recall of the cues alone, of cues with the model from each
    threshold, and of the shipped thresholds (strong cues from their own)."""
    print(f"{name} ({len(messages)} messages)")
    print(f"  cues alone        {_measure(messages, [m.cues.info.kind for m in messages])}")
    for threshold in THRESHOLDS:
        print(
            f"  cues + model {threshold:<4} {_measure(messages, [i.kind for i in decide(messages, scores, threshold)])}"
        )
    shipped = decide(messages, scores, THRESHOLD, STRONG_THRESHOLD)
    print(f"  shipped {THRESHOLD}, strong cues {STRONG_THRESHOLD}: {_measure(messages, [i.kind for i in shipped])}")


def groups(messages: list[Message]) -> list[int]:
    """The folds' groups: a dev row alone, a writer's batch or the own messages whole, so a source's wording is
    scored by a model that never read that source (as the check set, written apart, is)."""
    keys = {m.dataset: i for i, m in enumerate(messages)}
    return [i if m.dataset == DEV else keys[m.dataset] for i, m in enumerate(messages)]


def cross_validate(messages: list[Message], folds: int) -> None:
    """Each message scored by a model trained on the other folds (grouped by source), per group; the threshold:
    the lowest at which each group reaches the precision and recall targets, then the lowest for a message with a
    strong cue that still does at that threshold; then the check set, scored by a model trained on all of them."""
    scores = out_of_fold(messages, folds, fit, lambda m: m.words, groups(messages))
    for group in dict.fromkeys(m.group for m in messages):
        members = [i for i, m in enumerate(messages) if m.group == group]
        report(f"{group}, {folds} folds by source", [messages[i] for i in members], [scores[i] for i in members])
    met = [t for t in THRESHOLDS if meets(messages, scores, t)]
    print(f"thresholds with P >= {PRECISION} and R >= {RECALL} on every group: {met} (shipped {THRESHOLD})")
    if met:
        strong = [s for s in STRONG_THRESHOLDS if s <= met[0] and meets(messages, scores, met[0], s)]
        print(f"strong-cue thresholds meeting them at {met[0]}: {strong} (shipped {STRONG_THRESHOLD})")
    check = own_messages(CHECK)
    nlp = fit(messages)
    report(f"{CHECK.stem}, never trained on", check, [score(nlp, m.words) for m in check])


def _measure(messages: list[Message], kinds: list[ContextKind]) -> str:
    right = sum(m.kind is k for m, k in zip(messages, kinds, strict=True))
    precision, recall, f1 = prf([k is ContextKind.COMPLAINT for k in kinds], [m.complaint for m in messages])
    return f"kind {right / len(messages):.3f}  complaint P {precision:.3f} R {recall:.3f} F1 {f1:.3f}"


def main(argv: list[str] | None = None) -> int:
    return textcat_training.main(argv, __doc__.splitlines()[0], RUSSIAN, tune_messages, fit, cross_validate)


if __name__ == "__main__":
    sys.exit(main())
