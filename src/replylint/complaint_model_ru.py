"""A learned complaint score for Russian customer messages: a small spaCy bag-of-words text classifier.

The weights in ``models/complaint_ru/`` are trained by ``scripts/train_context_ru.py`` (``make train``) on the
tune half of the Russian development exchanges, the customer messages of the project's own Russian exchanges
(``scripts/data/ru_exchanges_extra.jsonl``) and the project's own labelled Russian messages
(``scripts/data/ru_customer_messages.jsonl``), each source's complaints and other messages weighing alike. The
model reads the lemmas of the analysed message, negated words as one word («не_работать»), and the verdicts of the
cue phrases (:mod:`replylint.customer_message`); it is loaded once per process, from the package, without a network.
"""

from __future__ import annotations

from replylint.analysis import Doc
from replylint.complaint_model import ComplaintModel

#: The score from which a Russian message is a complaint (whatever kind the cues find, but praise and thanks): the
#: lowest that keeps complaint precision >= 0.90 at recall >= 0.85 on each group of sources, each scored by a model
#: that never read its source (``scripts/train_context_ru.py --cv 5``: 5 folds grouped by source).
THRESHOLD = 0.7
#: The score from which a message the cues read as praise or thanks is a complaint.
PRAISE_THRESHOLD = 0.8
#: Words after which the next word is read as negated.
_NEGATIONS = frozenset({"не", "нет", "ни", "никто", "ничто", "никак"})
#: Punctuation the model reads.
_MARKS = frozenset({"?", "!"})


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


#: The Russian classifier: unigrams and bigrams of lemmas hashed into 2^16 rows (a few hundred training messages
#: need no more).
RUSSIAN = ComplaintModel("ru", "complaint_ru", 2**16)
model_dir = RUSSIAN.model_dir
blank_pipeline = RUSSIAN.blank_pipeline
complaint_score = RUSSIAN.score
