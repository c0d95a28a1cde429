"""A learned complaint score for English customer messages: a small spaCy bag-of-words text classifier.

The weights in ``models/complaint/`` are trained by ``scripts/train_context.py`` (``make train``) on the tune
halves of the labelled data. The model reads the words of the analysed message and the verdicts of the cue
phrases (:mod:`replylint.customer_message`), and is loaded once per process, from the package, without a network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.pipeline.textcat import TextCategorizer
from spacy.strings import get_string_id
from spacy.util import registry
from spacy.vocab import Vocab
from thinc.api import NumpyOps

from replylint.analysis import Doc

COMPLAINT = "complaint"
LABELS = (COMPLAINT, "other")
#: The score from which a message is a complaint (chosen by 5-fold cross-validation on the training data).
THRESHOLD = 0.4
#: The score from which a message the cues read as praise or thanks is a complaint: praise stays praise ("the staff
#: were lovely") unless the model is sure ("Thanks for the delay, really loving this airport").
PRAISE_THRESHOLD = 0.8
#: The longest n-gram the classifiers read.
NGRAM_SIZE = 2
#: The score from which a message the cues read as a question is a complaint: a question about a task ("how do I
#: change my order?") needs a surer model than a message with no cue (chosen by grouped 5-fold cross-validation,
#: three fold draws, with the ninth round's labelled customer messages).
QUESTION_THRESHOLD = 0.6
#: The score from which a message with a strong complaint cue ("worst", "disgusted", "bunch of crooks") is a
#: complaint: the cue decides unless the model is sure it is none (chosen by grouped 5-fold cross-validation).
STRONG_THRESHOLD = 0.1
#: The score from which a post shared with its text cut short ("… https://t.co/…") that does not open by addressing an
#: account is a complaint, whatever its cues: a post broadcast to followers (a photo shared from another app, a news
#: link), not a message to the business, unless the model is sure (chosen by grouped 5-fold cross-validation by
#: account, three fold draws: from 0.6 to 1 it removes the same false complaints, and no development message moves).
SHARED_THRESHOLD = 0.8

_LINK = re.compile(r"https?://|www\.")
_OPS = NumpyOps()


def model_words(doc: Doc, markers: list[str]) -> list[str]:
    """The words the model reads: the message's tokens in lower case with every @handle and every link folded
    to one word, then the cue markers."""
    words = []
    for token in doc.tokens:
        text = token.text
        if text.startswith("@") and len(text) > 1:
            words.append("@user")
        elif _LINK.match(text):
            words.append("link")
        else:
            words.append(text.lower())
    return [*words, *markers]


@dataclass(frozen=True)
class ComplaintModel:
    """One language's bag-of-words classifier: unigrams and bigrams of words hashed into ``rows`` rows, softmax
    over ``label`` and "other", its weights shipped in ``models/<folder>/`` (the complaint models, and the next-step
    model of :mod:`replylint.next_step_model`)."""

    language: str
    folder: str
    rows: int
    label: str = COMPLAINT

    @property
    def labels(self) -> tuple[str, str]:
        """The two labels: the one scored, then "other"."""
        return self.label, LABELS[1]

    def model_dir(self) -> Path:
        """The folder of the shipped weights."""
        return Path(str(resources.files("replylint") / "models" / self.folder))

    def architecture(self) -> dict[str, Any]:
        """The text classifier's model in spaCy's configuration: training and loading build the same one."""
        return {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": True,
            "ngram_size": NGRAM_SIZE,
            "no_output_layer": False,
            "length": self.rows,
        }

    def blank_pipeline(self) -> Any:
        """A blank pipeline with the (untrained) text classifier, as training builds it."""
        nlp = spacy.blank(self.language)
        textcat: Any = nlp.add_pipe("textcat", config={"model": self.architecture()})
        for label in self.labels:
            textcat.add_label(label)
        return nlp

    def loaded(self) -> tuple[Any, int]:
        """The trained model and the column of its complaint score, loaded once per process."""
        return _load(self)

    def score(self, words: list[str]) -> float:
        """How likely the text has the label (a complaint), 0–1, from the words the model reads."""
        return self.scores(ngram_batch([words]))[0]

    def scores(self, batch: tuple[Any, Any]) -> list[float]:
        """How likely each text of an :func:`ngram_batch` has the label, 0–1.

        The same as ``model.predict`` on the texts, run layer by layer: the sparse linear layer on the n-gram keys
        and a softmax over its two scores, without the batch wrappers, which cost more than the sums on short
        texts. A key counted twice weighs twice, as ``extract_ngrams``' counts do."""
        _, column = _load(self)
        keys, lengths = batch
        scores = _output_layer(self).predict((keys, numpy.ones(keys.shape[0], dtype="f"), lengths))
        exp = numpy.exp(scores - scores.max(axis=1, keepdims=True))
        return (exp[:, column] / exp.sum(axis=1)).tolist()  # type: ignore[no-any-return]


def ngram_batch(texts: list[list[str]]) -> tuple[Any, Any]:
    """The n-gram keys of texts as spaCy's ``extract_ngrams`` builds them (unigrams, then bigrams), concatenated,
    and each text's number of keys: computed once, read by every classifier of :class:`ComplaintModel`."""
    return ngram_id_batch([get_string_id(w) for words in texts for w in words], [len(words) for words in texts])


def ngram_id_batch(ids: list[int], sizes: list[int]) -> tuple[Any, Any]:
    """:func:`ngram_batch` of texts given by their words' string ids (spaCy's ``get_string_id``), the texts' ids end
    to end, and each text's number of words. thinc hashes an n-gram from its words' consecutive ids, so the n-grams
    of all the texts are hashed at once and each text's are the slices inside it (not those across two texts)."""
    if not ids:  # no n-grams (thinc's ``ngrams`` cannot read an empty text)
        return numpy.zeros(0, dtype=numpy.uint64), numpy.zeros(len(sizes), dtype="int32")
    unigrams = numpy.array(ids, dtype=numpy.uint64)
    orders = [unigrams, *(_OPS.ngrams(n, unigrams) for n in range(2, NGRAM_SIZE + 1))]
    parts, lengths, start = [], [], 0
    for size in sizes:
        length = 0
        for n, grams in enumerate(orders, 1):
            if size >= n:
                parts.append(grams[start : start + size - n + 1])
                length += size - n + 1
        lengths.append(length)
        start += size
    return numpy.concatenate(parts), numpy.asarray(lengths, dtype="int32")


@cache
def _load(classifier: ComplaintModel) -> tuple[Any, int]:
    """The text classifier alone, on an empty vocabulary: it reads n-gram keys, not a tokenizer's output, so the
    blank pipeline that training builds around it (a tokenizer with its special cases: about 60 ms and 2.4 MiB a
    classifier) is left out."""
    model = registry.resolve({"model": classifier.architecture()})["model"]
    textcat = TextCategorizer(Vocab(), model, "textcat", threshold=0.0)
    for label in classifier.labels:
        textcat.add_label(label)
    textcat.from_disk(classifier.model_dir(), exclude=["vocab"])
    return textcat.model, list(textcat.labels).index(classifier.label)


@cache
def _output_layer(classifier: ComplaintModel) -> Any:
    """The sparse linear layer of the loaded model, which :meth:`ComplaintModel.score` runs directly."""
    model, _ = _load(classifier)
    return model.get_ref("output_layer")


#: The English classifier (2^18 rows).
ENGLISH = ComplaintModel("en", "complaint", 2**18)
model_dir = ENGLISH.model_dir
blank_pipeline = ENGLISH.blank_pipeline
complaint_score = ENGLISH.score
