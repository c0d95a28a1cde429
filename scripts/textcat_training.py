"""Training shared by the models' scripts (``train_context.py``, ``train_context_ru.py``, ``train_next_step.py``,
``train_hostile.py``): the
seeded training loop of a :class:`replylint.complaint_model.ComplaintModel`, its score, out-of-fold scores for
cross-validation, writing the weights, precision / recall / F1, and the scripts' command line. Same data, same
seed, same weights.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy
from devdata import DATA
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch
from thinc.api import set_dropout_rate

from replylint.complaint_model import ComplaintModel, ngram_batch

SEED = 0
DROPOUT = 0.2
BATCH = 16
T = TypeVar("T")


def train(
    classifier: ComplaintModel,
    labelled: Sequence[tuple[list[str], bool]],
    epochs: int,
    weights: Sequence[float] | None = None,
) -> Any:
    """A pipeline whose text classifier is trained on ``(words, has the label)`` pairs, in their order; with
    ``weights``, each pair's error counts that many times (so a class or a source can weigh as much as another)."""
    fix_random_seed(SEED)
    nlp = classifier.blank_pipeline()
    label, other = classifier.labels
    examples = [
        Example.from_dict(Doc(nlp.vocab, words=words), {"cats": {label: float(gold), other: float(not gold)}})
        for words, gold in labelled
    ]
    weighted = list(zip(examples, weights or [1.0] * len(examples), strict=True))
    optimizer = nlp.initialize(lambda: examples)
    order = random.Random(SEED)
    for _ in range(epochs):
        order.shuffle(weighted)
        for batch in minibatch(weighted, size=BATCH):
            if weights is None:
                nlp.update([example for example, _ in batch], drop=DROPOUT, sgd=optimizer)
            else:
                _weighted_update(nlp.get_pipe("textcat"), batch, optimizer)
    return nlp


def _weighted_update(textcat: Any, batch: list[tuple[Example, float]], optimizer: Any) -> None:
    """One step of ``TextCategorizer.update`` with each example's gradient scaled by its weight."""
    set_dropout_rate(textcat.model, DROPOUT)
    scores, backprop = textcat.model.begin_update([example.predicted for example, _ in batch])
    truths, not_missing = textcat._examples_to_truth([example for example, _ in batch])
    scale = textcat.model.ops.asarray2f([[weight] for _, weight in batch])
    backprop((scores - truths) * textcat.model.ops.asarray(not_missing) * scale)
    textcat.finish_update(optimizer)


def score(nlp: Any, words: list[str]) -> float:
    """The trained model's score of its label (the first one) for one text's words."""
    textcat = nlp.get_pipe("textcat")
    return float(textcat(Doc(nlp.vocab, words=words)).cats[textcat.labels[0]])


def out_of_fold(
    items: Sequence[T],
    folds: int,
    fit: Callable[[list[T]], Any],
    words: Callable[[T], list[str]],
    groups: Sequence[int] | None = None,
    draw: int = 0,
) -> list[float]:
    """Each item's score of its ``words`` by a model ``fit`` on the other folds (:func:`out_of_fold_by`)."""
    return out_of_fold_by(items, folds, fit, lambda nlp, item: score(nlp, words(item)), groups, draw)


def out_of_fold_by(
    items: Sequence[T],
    folds: int,
    fit: Callable[[list[T]], Any],
    scored: Callable[[Any, T], float],
    groups: Sequence[int] | None = None,
    draw: int = 0,
) -> list[float]:
    """Each item's score, ``scored(model, item)``, by a model ``fit`` on the other folds (folds drawn with the fixed
    seed, plus ``draw`` for another draw): for items a model reads in parts, such as a reply's sentences. Items of one
    of ``groups`` (near-duplicates) are held out together; without groups each item is a group of its own."""
    keys = list(range(len(items))) if groups is None else list(groups)
    order = sorted(set(keys))
    random.Random(SEED + draw).shuffle(order)
    fold_of = {key: i % folds for i, key in enumerate(order)}
    scores = [0.0] * len(items)
    for fold in range(folds):
        nlp = fit([item for item, key in zip(items, keys, strict=True) if fold_of[key] != fold])
        for i, key in enumerate(keys):
            if fold_of[key] == fold:
                scores[i] = scored(nlp, items[i])
    return scores


def save(nlp: Any, classifier: ComplaintModel) -> None:
    """Write the trained classifier's weights where the package loads them from."""
    target = classifier.model_dir()
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.get_pipe("textcat").to_disk(target, exclude=["vocab"])


def prf(predicted: Sequence[bool], gold: Sequence[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class."""
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    fp = sum(p and not g for p, g in zip(predicted, gold, strict=True))
    fn = sum(g and not p for p, g in zip(predicted, gold, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def prf_line(predicted: Sequence[bool], gold: Sequence[bool]) -> str:
    """:func:`prf` as the scripts print it."""
    precision, recall, f1 = prf(predicted, gold)
    return f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}"


def main(
    argv: list[str] | None,
    description: str,
    classifier: ComplaintModel,
    tune_messages: Callable[[], list[T]],
    fit: Callable[[list[T]], Any],
    cross_validate: Callable[[list[T], int], None],
) -> int:
    """A training script's command line: train on the tune messages and write the weights, or (``--cv K``) print
    K-fold out-of-fold results instead."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--cv", type=int, default=0, metavar="K", help="print K-fold out-of-fold results instead")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        name = Path(parser.prog).stem
        print(f"{name}: no data folder at {DATA} (../shared/data from the project root)", file=sys.stderr)
        return 2
    messages = tune_messages()
    if args.cv:
        cross_validate(messages, args.cv)
        return 0
    save(fit(messages), classifier)
    print(f"trained on {len(messages)} messages; weights in {classifier.model_dir()}")
    return 0


def train_averaged(
    classifier: ComplaintModel,
    labelled: Sequence[tuple[list[str], bool]],
    epochs: int,
    weights: Sequence[float] | None = None,
    seeds: Sequence[int] = (SEED,),
    last: int = 0,
) -> Any:
    """A pipeline whose text classifier's weights are the mean of those of one training per seed in ``seeds``, each
    trained as :func:`train` trains (the same Adam, batches of :data:`BATCH` in an order drawn by the seed, each
    pair's error counted ``weights`` times), on the n-gram keys the package scores (``ngram_batch``) rather than
    through spaCy's documents: the same gradients, read once. The classifier is linear in its weights before its
    softmax, so the mean is a classifier of the same kind and size; what one seed's order of examples puts in its
    weights, the others' take out (docs/context.md). With ``last``, each training's weights are the mean of its
    weights at the end of each of its ``last`` last epochs (0: its final weights)."""
    runs = [_run(classifier, labelled, epochs, weights, seed, last) for seed in seeds]
    nlp = runs[0]
    if len(runs) > 1:
        layers = [run.get_pipe("textcat").model.get_ref("output_layer") for run in runs]
        _set_mean(layers[0], [(layer.get_param("W"), layer.get_param("b")) for layer in layers])
    return nlp


def _set_mean(layer: Any, params: Sequence[tuple[Any, Any]]) -> None:
    """Set the output layer's weights and bias to the mean of ``params``' ``(W, b)`` pairs."""
    layer.set_param("W", sum(w for w, _ in params) / len(params))
    layer.set_param("b", sum(b for _, b in params) / len(params))


def _run(
    classifier: ComplaintModel,
    labelled: Sequence[tuple[list[str], bool]],
    epochs: int,
    weights: Sequence[float] | None,
    seed: int,
    last: int = 0,
) -> Any:
    """One training of :func:`train_averaged` with one seed."""
    fix_random_seed(seed)
    nlp = classifier.blank_pipeline()
    textcat = nlp.get_pipe("textcat")
    label, other = classifier.labels
    first = [
        Example.from_dict(Doc(nlp.vocab, words=words or ["."]), {"cats": {label: float(gold), other: float(not gold)}})
        for words, gold in labelled[:8]
    ]
    optimizer = nlp.initialize(lambda: first)
    layer = textcat.model.get_ref("output_layer")
    ops = layer.ops
    column = list(textcat.labels).index(label)
    truth = numpy.zeros((2, 2), dtype="f")
    truth[1, column] = truth[0, 1 - column] = 1.0  # row 1: has the label, row 0: has not
    keyed = [(ngram_batch([words])[0], int(gold)) for words, gold in labelled]
    scale = numpy.asarray(weights if weights is not None else [1.0] * len(keyed), dtype="f")
    items = list(range(len(keyed)))
    order = random.Random(seed)
    kept: list[tuple[Any, Any]] = []
    for epoch in range(epochs):
        order.shuffle(items)
        for start in range(0, len(items), BATCH):
            batch = items[start : start + BATCH]
            keys = numpy.concatenate([keyed[i][0] for i in batch]) if batch else numpy.zeros(0, dtype=numpy.uint64)
            lengths = numpy.asarray([keyed[i][0].shape[0] for i in batch], dtype="int32")
            scores, backprop = layer.begin_update((keys, numpy.ones(keys.shape[0], dtype="f"), lengths))
            probs = ops.softmax(scores)
            gold = truth[[keyed[i][1] for i in batch]]
            backprop(ops.backprop_softmax(probs, (probs - gold) * scale[batch][:, None], axis=-1))
            layer.finish_update(optimizer)
        if epoch >= epochs - last:
            kept.append((layer.get_param("W").copy(), layer.get_param("b").copy()))
    if kept:
        _set_mean(layer, kept)
    return nlp
