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
from replylint.analysis.morphology import russian_readings, word_cache
from replylint.complaint_model import ComplaintModel, ngram_batch
from replylint.models import Act, Language

#: The acts learned, each with its classifier (2^14 rows).
HOSTILE_MODELS = {
    act: ComplaintModel("ru", f"hostile_{act.value}", 2**14, label=act.value)
    for act in (Act.BLAME, Act.DISMISSAL, Act.CONDESCENSION, Act.INSULT)
}
#: The score from which a sentence performs the act: the best cross-validated F1 at precision 0.85 or more (5 folds,
#: docs/acts.md); blame's is raised to 0.8, where RL205 keeps the russe_detox neutral rewrites under 5 %.
THRESHOLDS = {Act.BLAME: 0.8, Act.DISMISSAL: 0.6, Act.CONDESCENSION: 0.6, Act.INSULT: 0.4}
#: Grammemes the classifiers see as words of their own (``g:2per``).
MARKED = ("2per", "impr", "1per", "past", "futr", "PRTS", "COMP")


def sentence_words(tokens: Sequence[Token]) -> list[str]:
    """The words the classifiers read: each token's likeliest lemma (its lower-cased text when it has no Russian
    reading), followed by markers of its marked grammemes."""
    words: list[str] = []
    for token in tokens:
        if not token.text.strip():
            continue
        if token.readings:
            words.extend(_reading_words(token.folded))
        else:
            words.append(token.text.lower())
    return words


@word_cache
def _reading_words(folded: str) -> tuple[str, ...]:
    """A Russian word's likeliest lemma and markers, once per word form."""
    top = russian_readings(folded)[0]
    return (top.lemma, *(f"g:{g}" for g in MARKED if g in top.grammemes))


def sentence_scores(doc: Doc, act: Act) -> list[float]:
    """Each sentence's score by the classifier of ``act``, each read on its own words (words it quotes, or reports
    the customer saying, are left out); a sentence without words scores 0. The n-gram keys are built once per
    reply for the four classifiers, and each classifier reads all the sentences in one batch."""
    scores = doc.hostile_scores.get(act.value)
    if scores is None:
        if doc.hostile_keys is None:  # the rules of the four acts read the same reply in turn
            texts = [sentence_words([t for t in doc.tokens[s.first : s.last] if not t.quoted]) for s in doc.sentences]
            doc.hostile_keys = ngram_batch(texts)
        read = HOSTILE_MODELS[act].scores(doc.hostile_keys)
        lengths = doc.hostile_keys[1]
        scores = doc.hostile_scores[act.value] = [score if n else 0.0 for score, n in zip(read, lengths, strict=True)]
    return scores


def learned_sentences(doc: Doc, act: Act, skip: Collection[int] = ()) -> list[tuple[int, int]]:
    """The character spans of the sentences of a Russian reply that the classifier of ``act`` reads as performing
    it (:func:`sentence_scores`); the sentences numbered in ``skip`` are left out."""
    if doc.language is not Language.RU:
        return []
    threshold = THRESHOLDS[act]
    return [
        (s.start, s.end)
        for i, (s, score) in enumerate(zip(doc.sentences, sentence_scores(doc, act), strict=True))
        if i not in skip and score >= threshold
    ]
