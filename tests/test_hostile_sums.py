"""The learned hostile-act classifiers' decisions made by sums over cached n-gram weights
(``hostile_model._SparseSums``) are spaCy's: the same sentences pass each threshold, and a sentence whose score lies
on the threshold is left to spaCy's own arithmetic."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import pytest

from replylint import hostile_model
from replylint.analysis import analyze
from replylint.hostile_model import HOSTILE_MODELS, THRESHOLDS, learned_sentences, sentence_scores
from replylint.models import Act, Language

REPLIES = [
    "Здравствуйте. Видимо, вы были в туннеле, когда курьер звонил.",
    "Обычно люди сначала читают инструкцию, а потом пишут в поддержку. Инструкция лежит в коробке.",
    "За работу почты магазин не отвечает. Вы сами виноваты: телефон роняли!",
    "Вы пишете: «Курьер опоздал». Мы уже передали жалобу, деньги вернём завтра.",
    "Ну сколько можно объяснять, кнопка справа. Читать умеете? Спасибо за терпение.",
    "Ваш заказ №123 отправлен 5 мая, трек-номер придёт в СМС.",
]


@pytest.mark.parametrize("reply", REPLIES)
def test_each_sentence_passes_a_threshold_exactly_when_spacys_score_does(reply: str) -> None:
    doc = analyze(reply, Language.RU)
    for act in HOSTILE_MODELS:
        scores = sentence_scores(doc, act)
        expected = [(s.start, s.end) for s, p in zip(doc.sentences, scores, strict=True) if p >= THRESHOLDS[act]]
        assert learned_sentences(doc, act) == expected


@pytest.mark.parametrize("reply", REPLIES)
def test_the_sums_are_spacys_scores_as_logits(reply: str) -> None:
    doc = analyze(reply, Language.RU)
    sums = hostile_model._sparse_sums()
    for act in HOSTILE_MODELS:
        scores = sentence_scores(doc, act)
        for i in range(len(doc.sentences)):
            sums.decide(doc, i, act)
            terms = doc.hostile_terms[i]
            model = sums.acts[act]
            read = 1 / (1 + math.exp(-(model.bias + sum(map(model.get, terms))))) if terms else 0.0
            assert read == pytest.approx(scores[i], abs=1e-6)


def test_a_score_on_the_threshold_is_left_to_spacy(monkeypatch: pytest.MonkeyPatch) -> None:
    reply = "Здравствуйте. Видимо, вы были в туннеле, когда курьер звонил."
    score = sentence_scores(analyze(reply, Language.RU), Act.BLAME)[1]
    monkeypatch.setitem(THRESHOLDS, Act.BLAME, score)
    hostile_model._sparse_sums.cache_clear()
    try:
        doc = analyze(reply, Language.RU)
        assert hostile_model._sparse_sums().decide(doc, 1, Act.BLAME) is None
        assert learned_sentences(doc, Act.BLAME) == [(doc.sentences[1].start, doc.sentences[1].end)]
        above = math.nextafter(score, 1.0)
        monkeypatch.setitem(THRESHOLDS, Act.BLAME, above)
        hostile_model._sparse_sums.cache_clear()
        assert learned_sentences(analyze(reply, Language.RU), Act.BLAME) == []
    finally:
        monkeypatch.undo()
        hostile_model._sparse_sums.cache_clear()


def test_tables_full_from_the_first_sentence_in_several_threads_decide_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = {}
    for reply in REPLIES:
        doc = analyze(reply, Language.RU)
        expected[reply] = {act: learned_sentences(doc, act) for act in HOSTILE_MODELS}
    monkeypatch.setattr(hostile_model, "UNIGRAM_CACHE", 1)
    monkeypatch.setattr(hostile_model, "BIGRAM_CACHE", 1)

    def read(reply: str) -> dict[Act, list[tuple[int, int]]]:
        doc = analyze(reply, Language.RU)
        return {act: learned_sentences(doc, act) for act in HOSTILE_MODELS}

    with ThreadPoolExecutor(4) as pool:
        for reply, found in zip(REPLIES * 5, pool.map(read, REPLIES * 5), strict=True):
            assert found == expected[reply]


def test_a_full_table_keeps_what_it_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once full, a table adds nothing and drops nothing: the n-grams met first stay cached."""
    monkeypatch.setattr(hostile_model, "UNIGRAM_CACHE", 3)
    monkeypatch.setattr(hostile_model, "BIGRAM_CACHE", 2)
    hostile_model._sparse_sums.cache_clear()
    try:
        sums = hostile_model._sparse_sums()
        sums.terms(["ваш", "заказ", "уже", "в", "пути"])
        first, pairs = dict(sums.unigrams), dict(sums.bigrams)
        assert len(first) == 5 and len(pairs) == 4
        sums.terms(["курьер", "приедет", "завтра"])
        assert sums.unigrams == first and sums.bigrams == pairs
    finally:
        hostile_model._sparse_sums.cache_clear()
