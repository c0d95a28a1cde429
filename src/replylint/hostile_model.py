"""Learned hostile acts of Russian sentences: four small spaCy bag-of-words classifiers, one per act (blame,
dismissal, condescension, insult).

Each reads a sentence's lemmas with markers of the grammemes that carry blame and talking down (second person,
imperative, first person, past, future, short participle, comparative), so that one wording learned stands for its
inflected forms. The rules of the ``learned-act`` check kind (RL205, RL303, RL404, RL505) flag a sentence of a
Russian reply that the classifier of their act reads as performing it and no other rule reported. The weights in
``models/hostile_<act>/`` are trained by ``scripts/train_hostile.py`` (``make train``) on the labelled sentences of
the tune half of the Russian development exchanges and of ``scripts/data/ru_exchanges_extra.jsonl``; they are
loaded once per process, on first use. A reply's sentences are read once for all four classifiers.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from replylint.analysis import Doc, Token
from replylint.complaint_model import ComplaintModel
from replylint.models import Act, Language

#: The acts learned, each with its classifier (2^14 rows).
HOSTILE_MODELS = {
    act: ComplaintModel("ru", f"hostile_{act.value}", 2**14, label=act.value)
    for act in (Act.BLAME, Act.DISMISSAL, Act.CONDESCENSION, Act.INSULT)
}
#: The score from which a sentence performs the act (chosen by 5-fold cross-validation, docs/acts.md).
THRESHOLDS = {Act.BLAME: 0.6, Act.DISMISSAL: 0.4, Act.CONDESCENSION: 0.6, Act.INSULT: 0.4}
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


def learned_sentences(doc: Doc, act: Act, skip: Collection[int] = ()) -> list[tuple[int, int]]:
    """The character spans of the sentences of a Russian reply that the classifier of ``act`` reads as performing
    it, each read on its own words (words it quotes, or reports the customer saying, are left out); the sentences
    numbered in ``skip`` are not read."""
    if doc.language is not Language.RU:
        return []
    model, threshold = HOSTILE_MODELS[act], THRESHOLDS[act]
    if doc.classifier_words is None:  # the rules of the four acts read the same reply in turn
        doc.classifier_words = [None] * len(doc.sentences)
    read = doc.classifier_words
    spans = []
    for i, sentence in enumerate(doc.sentences):
        if i in skip:
            continue
        words = read[i]
        if words is None:
            words = read[i] = sentence_words([t for t in doc.tokens[sentence.first : sentence.last] if not t.quoted])
        if words and model.score(words) >= threshold:
            spans.append((sentence.start, sentence.end))
    return spans
