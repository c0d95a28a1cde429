"""Train the learned hostile acts of Russian sentences (blame, dismissal, condescension, insult; ``make train``).

Trains the four spaCy bag-of-words classifiers of :mod:`replylint.hostile_model` on every labelled sentence of the
*tune* half of ``ru_exchanges_300`` and of ``scripts/data/ru_exchanges_extra.jsonl`` (each sentence with its acts),
the blame and insult classifiers also on the sentences of the neutral rewrites of the fixed tune half of
``russe_detox_pairs_ru`` as sentences without their act (``quality.py`` counts the russe_detox guard on the other half
only), and writes their
weights to ``src/replylint/models/hostile_<act>/``. Same data, same seed, same weights.

    .venv/bin/python scripts/train_hostile.py        # train on the tune data and write the weights
    .venv/bin/python scripts/train_hostile.py --cv   # leave one batch out: the rules against the rules or the
                                                     # classifiers, per category, each writer's batch scored by
                                                     # classifiers trained on the others
    .venv/bin/python scripts/train_hostile.py --cv --last 11  # the same, the 11 newest batches left out in turn

A batch is the prefix of a row's id (``rux``, ``rux2`` … one writer's batch) and the development tune half is a batch
of its own: held out together, a batch estimates wording no classifier was trained on, where random folds by reply
let a writer's phrasing be learned from the same writer's other replies.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from replylint import Category, Config, Language, Linter, Severity
from replylint.analysis import analyze
from replylint.checks.learned_act import LearnedActCheck
from replylint.hostile_model import HOSTILE_MODELS, THRESHOLDS, own_words, sentence_words
from replylint.models import Act

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devdata import DATA, detox_neutral_ru, ru_exchanges, ru_extra
from textcat_training import prf_line, save, score, train_averaged

EPOCHS = 10
#: The seeds of the trainings whose weights are averaged into each shipped classifier (:func:`trained`).
SEEDS = (0, 1, 2, 3)
#: The epochs at the end of each training whose weights are averaged (0: the last epoch's weights alone).
LAST = 5
#: The category each learned act counts for.
CATEGORIES = {
    Act.BLAME: Category.BLAME,
    Act.DISMISSAL: Category.DISMISSAL,
    Act.CONDESCENSION: Category.CONDESCENSION,
    Act.INSULT: Category.RUDENESS,
}
#: The rules that read the classifiers (the ``learned-act`` check kind).
LEARNED_RULES = ("RL205", "RL303", "RL404", "RL505")
#: The acts whose classifiers also learn, as sentences without the act, the neutral rewrites of the fixed *tune* half
#: of ``russe_detox_pairs_ru`` (``devdata.detox_half``): comments between people with blame and contempt taken out,
#: the look-alikes the russe_detox guard counts; ``quality.py`` measures the guard on the *test* half only.
DETOX_NEGATIVE_ACTS = (Act.BLAME, Act.INSULT)
#: The folder of the project's own data files (``scripts/data``).
HAND_WRITTEN = Path(__file__).resolve().parent / "data"
#: Sentences written by hand (one a line, ``#`` comments) and the acts whose classifiers learn them as sentences without
#: the act, where the tune replies hold few of their kind (docs/acts.md): polite refusals and apologies for insult
#: (without them «К сожалению, мы не можем вернуть деньги.» scored from 0.42 to 0.67 by the seed), polite
#: troubleshooting suggestions for condescension and blame (without them «Возможно, вы ввели неверный код —
#: попробуйте, пожалуйста, ещё раз.» read 0.78 as condescension), the company owning the matter for dismissal and
#: blame (without them «Мы несём полную ответственность за сохранность вещей в гардеробе.» read 0.76 as dismissal).
HAND_WRITTEN_NEGATIVES = {
    HAND_WRITTEN / "ru_polite_refusals.txt": (Act.INSULT,),
    HAND_WRITTEN / "ru_polite_troubleshooting.txt": (Act.CONDESCENSION, Act.BLAME),
    HAND_WRITTEN / "ru_owned_responsibility.txt": (Act.DISMISSAL, Act.BLAME),
}
#: Thresholds on the classifiers' scores that cross-validation compares.
COMPARED = (0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.87, 0.9)
#: Per batch, each reply's decision and label: ``(flagged, labelled)``.
Outcome = dict[str, list[tuple[bool, bool]]]


@dataclass
class Reply:
    """A labelled Russian reply: its sentences' words and acts, its categories, and what the rules find."""

    batch: str
    expect: set[str]
    allow: set[str]
    sentences: list[tuple[list[str], set[str]]]
    left_alone: dict[Act, list[bool]]
    rules: set[str] = field(default_factory=set)


def batch_of(row_id: str) -> str:
    """The batch of a row of ``ru_exchanges_extra`` (its id's prefix, ``rux12`` of ``rux12-0001``)."""
    return row_id.split("-", 1)[0]


def tune_replies(linter: Linter | None = None) -> list[Reply]:
    """Every labelled Russian reply of the tune data (with the rules' categories when a linter is given)."""
    checks = {
        r.check.options.act: r.check for r in Linter(Config(preview=True)).rules if isinstance(r.check, LearnedActCheck)
    }
    replies = []
    rows = [("dev", row) for row in ru_exchanges("tune")] + [(batch_of(row["id"]), row) for row in ru_extra()]
    for batch, row in rows:
        docs = [analyze(s["text"], Language.RU) for s in row["sentences"]]
        sentences = [(sentence_words(d.tokens), set(s["acts"])) for d, s in zip(docs, row["sentences"], strict=True)]
        alone = {act: [bool(checks[act].left_alone(d)) for d in docs] for act in CATEGORIES}
        reply = Reply(batch, set(row["expect"]), set(row["allow"]), sentences, alone)
        if linter is not None:
            report = linter.lint(row["reply"], language="ru", channel=row["channel"], context=row["context"])
            reply.rules = {str(f.category) for f in report.at_or_above(Severity.WARNING)}
        replies.append(reply)
    return replies


def detox_negatives() -> list[list[str]]:
    """The words of each sentence of the neutral rewrites of the tune half of ``russe_detox_pairs_ru``, read as a
    reply's sentence is (:func:`replylint.hostile_model.own_words`)."""
    docs = (analyze(text, Language.RU) for text in detox_neutral_ru("tune"))
    return [words for doc in docs for i in range(len(doc.sentences)) if (words := own_words(doc, i))]


@cache
def hand_written(path: Path) -> tuple[list[str], ...]:
    """The words of the sentences of one file of :data:`HAND_WRITTEN_NEGATIVES`; read once, however many folds are
    trained."""
    lines = path.read_text(encoding="utf-8").splitlines()
    texts = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return tuple(sentence_words(analyze(text, Language.RU).tokens) for text in texts)


def fit(replies: list[Reply], act: Act, negatives: list[list[str]] | None = None) -> Any:
    """One act's classifier trained on the sentences of the replies, and on ``negatives`` as sentences without the
    act when the act is one of :data:`DETOX_NEGATIVE_ACTS`, and on the hand-written sentences of
    :data:`HAND_WRITTEN_NEGATIVES` for the act as sentences without it."""
    labelled = [(words, act.value in acts) for r in replies for words, acts in r.sentences]
    if negatives and act in DETOX_NEGATIVE_ACTS:
        labelled += [(words, False) for words in negatives]
    for path, acts in HAND_WRITTEN_NEGATIVES.items():
        if act in acts:
            labelled += [(words, False) for words in hand_written(path)]
    return trained(act, labelled)


def trained(act: Act, labelled: list[tuple[list[str], bool]]) -> Any:
    """The classifier of ``act`` trained on ``(words, has the act)`` pairs: the mean of the weights of one training
    per seed of :data:`SEEDS`, each the mean of its last :data:`LAST` epochs' weights (``train_averaged``), so a
    decision does not hang on one order of the examples (docs/context.md)."""
    return train_averaged(HOSTILE_MODELS[act], labelled, EPOCHS, seeds=SEEDS, last=LAST)


def batch_number(batch: str) -> int:
    """The order in which a batch was written: the development tune half first (0), then ``rux`` (1), ``rux2`` …"""
    return 0 if batch == "dev" else int(batch.removeprefix("rux") or 1)


def batch_scores(replies: list[Reply], act: Act, negatives: list[list[str]], held: list[str]) -> list[float]:
    """The score for ``act`` of each reply of the ``held`` batches, in order, by a classifier trained on the negatives
    and the replies of every other batch (each held batch left out in turn)."""
    scored = _scored(act)
    scores = {}
    for batch in held:
        nlp = fit([r for r in replies if r.batch != batch], act, negatives)
        scores.update({i: scored(nlp, r) for i, r in enumerate(replies) if r.batch == batch})
    return [scores[i] for i, r in enumerate(replies) if r.batch in held]


def decisions(replies: list[Reply], scores: list[float], category: Category, threshold: float | None) -> Outcome:
    """Per batch, the replies labelled or not with ``category`` (``allow`` without ``expect`` left out) and whether the
    rules, or the classifier at ``threshold`` (None: the rules alone), flag them."""
    outcome: Outcome = {}
    for r, s in zip(replies, scores, strict=True):
        if category in r.allow and category not in r.expect:
            continue
        flagged = category in r.rules or (threshold is not None and s >= threshold)
        outcome.setdefault(r.batch, []).append((flagged, category in r.expect))
    return outcome


def spread_line(outcome: Outcome) -> str:
    """Precision / recall / F1 over every batch, and the recall's spread over batches: the standard deviation of the
    batches' recalls (each batch with five labelled replies or more) over the square root of their number."""
    pairs = [pair for batch in outcome.values() for pair in batch]
    recalls = [
        sum(p and g for p, g in batch) / labelled
        for batch in outcome.values()
        if (labelled := sum(g for _, g in batch)) >= 5
    ]
    mean = sum(recalls) / len(recalls)
    sd = (sum((r - mean) ** 2 for r in recalls) / (len(recalls) - 1)) ** 0.5 if len(recalls) > 1 else 0.0
    line = prf_line([p for p, _ in pairs], [g for _, g in pairs])
    return f"{line}  batch recall {min(recalls):.2f}-{max(recalls):.2f} ±{sd / len(recalls) ** 0.5:.3f}"


def cross_validate(replies: list[Reply], last: int = 0) -> None:
    """Per category, precision / recall / F1 over replies of the rules alone and of the rules or a classifier, each
    batch scored by classifiers trained on the other batches (questions and sentences with the rule's ``unless``
    phrases left out, as the ``learned-act`` rules do), the recall's spread over batches, and the good replies each
    classifier alone flags; the shipped threshold is starred. With ``last``, only the ``last`` newest batches are
    left out and scored (:func:`batch_number`), each in turn."""
    negatives = detox_negatives()
    batches = sorted({r.batch for r in replies}, key=batch_number)
    held = batches[-last:] if last else batches
    by_act = {act: batch_scores(replies, act, negatives, held) for act in CATEGORIES}
    replies = [r for r in replies if r.batch in held]
    good = [i for i, r in enumerate(replies) if not r.expect]
    print(f"{len(replies)} replies ({len(good)} good) in {len(held)} batches, one held out at a time")
    for act, category in CATEGORIES.items():
        scores = by_act[act]
        print(f"{category.value} (the {act.value} classifier)")
        for t in (None, *COMPARED):
            flagged = sum(1 for i in good if t is not None and scores[i] >= t)
            name = "rules" if t is None else f"rules or model >= {t}{'*' if t == THRESHOLDS[act] else ''}"
            line = spread_line(decisions(replies, scores, category, t))
            print(f"  {name:<23} {line} | good replies the model flags: {flagged}")


def _scored(act: Act) -> Callable[[Any, Reply], float]:
    """A reply's score for ``act``: its highest sentence score, questions and sentences with the rule's ``unless``
    phrases left out."""

    def scored(nlp: Any, reply: Reply) -> float:
        read = [w for (w, _), alone in zip(reply.sentences, reply.left_alone[act], strict=True) if not alone]
        return max((score(nlp, words) for words in read), default=0.0)

    return scored


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="print leave-one-batch-out results instead")
    parser.add_argument(
        "--last", type=int, default=0, metavar="N", help="with --cv, leave out only the N newest batches"
    )
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"train_hostile: no data folder at {DATA} (../shared/data from the project root)", file=sys.stderr)
        return 2
    if args.cv:
        # The rules without those that read the classifiers, which were trained on every fold.
        cross_validate(tune_replies(Linter(Config(ignore=list(LEARNED_RULES)))), args.last)
        return 0
    replies = tune_replies()
    negatives = detox_negatives()
    for act in CATEGORIES:
        save(fit(replies, act, negatives), HOSTILE_MODELS[act])
    sentences = sum(len(r.sentences) for r in replies)
    thresholds = ", ".join(f"{act.value} {t}" for act, t in THRESHOLDS.items())
    print(
        f"trained on {sentences} sentences of {len(replies)} replies and {len(negatives)} neutral rewrites' sentences "
        f"(thresholds: {thresholds})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
