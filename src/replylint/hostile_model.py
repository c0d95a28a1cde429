"""Learned hostile acts of Russian sentences: two small spaCy bag-of-words classifiers, blame and dismissal.

Each reads a sentence's lemmas with markers of the grammemes that carry blame and talking down (second person,
imperative, first person, past, future, short participle, comparative), so that one wording learned stands for its
inflected forms. The preview rules RL205 and RL404 (the ``learned-act`` check kind) flag a sentence of a Russian
reply that the classifier of their act reads as blame or dismissal and no other rule reported. The weights in
``models/hostile_<act>/`` are trained by ``scripts/train_hostile.py`` (``make train``) on the labelled sentences of
the tune half of the Russian development exchanges and of ``scripts/data/ru_exchanges_extra.jsonl``; they are
loaded once per process, on first use. Condescension was tried too and left out: cross-validation found it no
better than the rules (docs/acts.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from replylint.analysis import Doc, Token
from replylint.complaint_model import ComplaintModel
from replylint.models import Act, Language

#: The acts learned, each with its classifier (2^14 rows).
HOSTILE_MODELS = {
    act: ComplaintModel("ru", f"hostile_{act.value}", 2**14, label=act.value) for act in (Act.BLAME, Act.DISMISSAL)
}
#: The score from which a sentence performs the act (chosen by 5-fold cross-validation, docs/acts.md).
THRESHOLDS = {Act.BLAME: 0.6, Act.DISMISSAL: 0.6}
#: Grammemes the classifiers see as words of their own (``g:2per``).
MARKED = ("2per", "impr", "1per", "past", "futr", "PRTS", "COMP")


def sentence_words(tokens: Sequence[Token]) -> list[str]:
    """The words the classifiers read: each token's likeliest lemma (its lower-cased text when it has no Russian
    reading), followed by markers of its marked grammemes."""
    words: list[str] = []
    for token in tokens:
        if not token.text.strip():
            continue
        readings = token.readings
        if not readings:
            words.append(token.text.lower())
            continue
        top = readings[0]
        words.append(top.lemma)
        words.extend(f"g:{g}" for g in MARKED if g in top.grammemes)
    return words


def learned_sentences(doc: Doc, act: Act) -> list[tuple[int, int]]:
    """The character spans of the sentences of a Russian reply that the classifier of ``act`` reads as performing
    it, each read on its own words (words it quotes, or reports the customer saying, are left out)."""
    if doc.language is not Language.RU:
        return []
    model, threshold = HOSTILE_MODELS[act], THRESHOLDS[act]
    spans = []
    for sentence in doc.sentences:
        own = [t for t in doc.tokens[sentence.first : sentence.last] if not t.quoted]
        if own and model.score(sentence_words(own)) >= threshold:
            spans.append((sentence.start, sentence.end))
    return spans
