"""A learned complaint score for Russian customer messages: a small spaCy bag-of-words text classifier.

The weights in ``models/complaint_ru/`` are trained by ``scripts/train_context_ru.py`` (``make train``) on the
tune half of the Russian development exchanges and the project's own labelled Russian messages
(``scripts/data/ru_customer_messages.jsonl``). The model reads the lemmas of the analysed message, negated words
as one word («не_работать»), and the verdicts of the cue phrases (:mod:`replylint.context`); it is loaded once
per process, from the package, without a network.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import spacy

from replylint.analysis import Doc
from replylint.complaint_model import COMPLAINT, LABELS, _Words

#: Unigrams and bigrams of lemmas hashed into 2^16 rows (a few hundred training messages need no more).
TEXTCAT_CONFIG: dict[str, Any] = {
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": 2,
        "no_output_layer": False,
        "length": 2**16,
    }
}
#: The score from which a Russian message is a complaint (chosen by 5-fold cross-validation on the tune side).
THRESHOLD = 0.4
#: The score from which a message the cues read as praise or thanks is a complaint.
PRAISE_THRESHOLD = 0.8
#: Words after which the next word is read as negated.
_NEGATIONS = frozenset({"не", "нет", "ни", "никто", "ничто", "никак"})
#: Punctuation the model reads.
_MARKS = frozenset({"?", "!"})


def model_dir() -> Path:
    """The folder of the shipped weights."""
    return Path(str(resources.files("replylint") / "models" / "complaint_ru"))


def model_words(doc: Doc, markers: list[str]) -> list[str]:
    """The words the model reads: each word's first lemma, a negated word once more as «не_<lemma>», "?" and
    "!", then the cue markers."""
    words: list[str] = []
    negated = False
    for token in doc.tokens:
        if token.is_punct:
            if token.text in _MARKS:
                words.append(token.text)
            negated = False
            continue
        lemma = token.readings[0].lemma if token.readings else token.folded
        if negated:
            words.append(f"не_{lemma}")
        words.append(lemma)
        negated = lemma in _NEGATIONS
    return [*words, *markers]


def blank_pipeline() -> Any:
    """A blank pipeline with the (untrained) text classifier, as training and loading build it."""
    nlp = spacy.blank("ru")
    textcat: Any = nlp.add_pipe("textcat", config=TEXTCAT_CONFIG)
    for label in LABELS:
        textcat.add_label(label)
    return nlp


@cache
def _model() -> tuple[Any, int]:
    textcat = blank_pipeline().get_pipe("textcat")
    textcat.from_disk(model_dir(), exclude=["vocab"])
    return textcat.model, list(textcat.labels).index(COMPLAINT)


def complaint_score(words: list[str]) -> float:
    """How likely the Russian message is a complaint, 0–1, from its :func:`model_words`."""
    model, column = _model()
    return float(model.predict([_Words(words)])[0][column])


def warm_up() -> None:
    """Load the weights now."""
    _model()
