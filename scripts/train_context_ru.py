"""Train the Russian complaint model of the customer-message classifier (``make train``).

Trains the spaCy bag-of-words text classifier of :mod:`replylint.complaint_model_ru` on the *tune* half of the
Russian development exchanges (``context_kind``), on the customer messages of the project's own Russian exchanges
(``scripts/data/ru_exchanges_extra.jsonl``, each distinct message once) and on the project's own labelled Russian
customer messages (``scripts/data/ru_customer_messages.jsonl``), and writes its weights to
``src/replylint/models/complaint_ru/``.
Same data, same seed, same weights. ``scripts/data/ru_customer_messages_check.jsonl`` is never trained on: it
checks, beside cross-validation, how the cues and the model do on wording neither has seen.

    .venv/bin/python scripts/train_context_ru.py          # train and write the weights
    .venv/bin/python scripts/train_context_ru.py --cv 5   # 5-fold cross-validation on the tune side, then the check set
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from replylint import ContextKind, Language
from replylint.analysis import analyze
from replylint.complaint_model_ru import OTHER_THRESHOLD, PRAISE_THRESHOLD, RUSSIAN, THRESHOLD, model_words
from replylint.customer_message import CueReading, read_cues

sys.path.insert(0, str(Path(__file__).resolve().parent))
import textcat_training
from devdata import DATA, ru_exchanges, ru_extra
from textcat_training import out_of_fold, prf, score, train

OWN = Path(__file__).resolve().parent / "data" / "ru_customer_messages.jsonl"
CHECK = OWN.with_name("ru_customer_messages_check.jsonl")
EPOCHS = 8


@dataclass(frozen=True)
class Message:
    """A labelled Russian customer message, with the cue reading the model sees beside its words."""

    dataset: str
    text: str
    kind: ContextKind
    cues: CueReading
    words: list[str]

    @property
    def complaint(self) -> bool:
        return self.kind is ContextKind.COMPLAINT


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
            _message("dev-ru", r["context"], r["context_kind"])
            for r in ru_exchanges("tune")
            if r["context_kind"] and r["context"]
        ]
    seen = {m.text for m in dev}
    exchanges = []
    for row in ru_extra():
        if row["context_kind"] and row["context"] and row["context"] not in seen:
            seen.add(row["context"])
            exchanges.append(_message("ru_exchanges_extra", row["context"], row["context_kind"]))
    return dev + exchanges + own_messages(OWN)


def fit(messages: list[Message]) -> Any:
    """A pipeline trained on the messages."""
    return train(RUSSIAN, [(m.words, m.complaint) for m in messages], EPOCHS)


def report(name: str, messages: list[Message], scores: list[float]) -> None:
    """Kind accuracy and complaint precision, recall and F1 of the cues alone and of cues with the model (from
    each threshold; from ``OTHER_THRESHOLD`` where the cues find no kind, or from the threshold if higher), then of
    the shipped thresholds with each question threshold."""
    print(f"{name} ({len(messages)} messages)")
    print(f"  cues alone                  {_measure(messages, [m.cues.info.kind for m in messages])}")
    for threshold in (0.3, 0.4, 0.5, 0.6):
        kinds = [
            m.cues.with_score(s, threshold, PRAISE_THRESHOLD, threshold, max(threshold, OTHER_THRESHOLD)).kind
            for m, s in zip(messages, scores, strict=True)
        ]
        print(f"  cues + model, from {threshold:<8} {_measure(messages, kinds)}")
    for question in (0.4, 0.5, 0.6, 0.7):
        kinds = [
            m.cues.with_score(s, THRESHOLD, PRAISE_THRESHOLD, question, OTHER_THRESHOLD).kind
            for m, s in zip(messages, scores, strict=True)
        ]
        print(f"  shipped, questions from {question:<3} {_measure(messages, kinds)}")


def cross_validate(messages: list[Message], folds: int) -> None:
    """Each message scored by a model trained on the other folds, per data set; then the check set, scored by a
    model trained on all of them."""
    scores = out_of_fold(messages, folds, fit, lambda m: m.words)
    for dataset in dict.fromkeys(m.dataset for m in messages):
        members = [i for i, m in enumerate(messages) if m.dataset == dataset]
        report(f"{dataset}, {folds}-fold", [messages[i] for i in members], [scores[i] for i in members])
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
