"""The learned hostile-act classifiers read a reply's sentences in one batch (``hostile_model._joint_scores``): one
sparse linear layer holding the four classifiers' weights gives each classifier's own scores bit for bit, the n-gram
keys built from the words' ids kept per word form are the keys of the words, and a sentence whose score lies on the
threshold passes it."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import numpy
import pytest

from replylint import hostile_model
from replylint.analysis import analyze
from replylint.complaint_model import ngram_batch, ngram_id_batch
from replylint.hostile_model import HOSTILE_MODELS, THRESHOLDS, learned_sentences, own_keys, own_words, sentence_scores
from replylint.models import Act, Language

REPLIES = [
    "Здравствуйте. Видимо, вы были в туннеле, когда курьер звонил.",
    "Обычно люди сначала читают инструкцию, а потом пишут в поддержку. Инструкция лежит в коробке.",
    "За работу почты магазин не отвечает. Вы сами виноваты: телефон роняли!",
    "Вы пишете: «Курьер опоздал». Мы уже передали жалобу, деньги вернём завтра.",
    "Ну сколько можно объяснять, кнопка справа. Читать умеете? Спасибо за терпение.",
    "Ваш заказ №123 отправлен 5 мая, трек-номер придёт в СМС.",
    "Да. «Вы всё сломали.» Ок! Hello, мы на связи 24/7 :)",
]


@pytest.mark.parametrize("reply", REPLIES)
def test_the_joint_layer_gives_each_classifiers_own_scores_bit_for_bit(reply: str) -> None:
    doc = analyze(reply, Language.RU)
    batch = ngram_batch([own_words(doc, i) for i in range(len(doc.sentences))])
    joint = hostile_model._joint_scores(batch)
    assert hostile_model._joint_layer() is not None
    for read, model in zip(joint, HOSTILE_MODELS.values(), strict=True):
        assert read == model.scores(batch)  # the same floats, not only close ones


@pytest.mark.parametrize("reply", REPLIES)
def test_the_keys_from_word_ids_are_the_keys_of_the_words(reply: str) -> None:
    doc = analyze(reply, Language.RU)
    keys, lengths = own_keys(doc)
    expected_keys, expected_lengths = ngram_batch([own_words(doc, i) for i in range(len(doc.sentences))])
    assert keys.dtype == expected_keys.dtype and lengths.dtype == expected_lengths.dtype
    assert keys.tolist() == expected_keys.tolist() and lengths.tolist() == expected_lengths.tolist()


def test_the_ngrams_of_texts_end_to_end_are_each_texts_own() -> None:
    texts = [["вы", "сами"], [], ["виноваты"], ["телефон", "g:past", "ронять", "g:2per"], []]
    keys, lengths = ngram_batch(texts)
    assert lengths.tolist() == [3, 0, 1, 7, 0]
    start = 0
    for words, length in zip(texts, lengths.tolist(), strict=True):
        alone, _ = ngram_batch([words])
        assert keys[start : start + length].tolist() == alone.tolist()
        start += length
    empty_keys, empty_lengths = ngram_id_batch([], [0, 0])
    assert empty_keys.shape == (0,) and empty_lengths.tolist() == [0, 0]


@pytest.mark.parametrize("reply", REPLIES)
def test_each_sentence_passes_a_threshold_exactly_when_its_score_does(reply: str) -> None:
    doc = analyze(reply, Language.RU)
    for act in HOSTILE_MODELS:
        scores = sentence_scores(doc, act)
        expected = [(s.start, s.end) for s, p in zip(doc.sentences, scores, strict=True) if p >= THRESHOLDS[act]]
        assert learned_sentences(doc, act) == expected
        assert learned_sentences(doc, act, range(len(doc.sentences))) == []


def test_layers_that_cannot_be_joined_are_run_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = analyze(REPLIES[2], Language.RU)
    joint = hostile_model._joint_scores(own_keys(doc))
    monkeypatch.setattr(hostile_model, "_joint_layer", lambda: None)
    assert hostile_model._joint_scores(own_keys(doc)) == joint


def test_a_score_on_the_threshold_passes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    reply = "Здравствуйте. Видимо, вы были в туннеле, когда курьер звонил."
    score = sentence_scores(analyze(reply, Language.RU), Act.BLAME)[1]
    monkeypatch.setitem(THRESHOLDS, Act.BLAME, score)
    doc = analyze(reply, Language.RU)
    assert learned_sentences(doc, Act.BLAME) == [(doc.sentences[1].start, doc.sentences[1].end)]
    monkeypatch.setitem(THRESHOLDS, Act.BLAME, math.nextafter(score, 1.0))
    assert learned_sentences(analyze(reply, Language.RU), Act.BLAME) == []


def test_replies_read_in_several_threads_decide_the_same() -> None:
    expected = {}
    for reply in REPLIES:
        doc = analyze(reply, Language.RU)
        expected[reply] = {act: learned_sentences(doc, act) for act in HOSTILE_MODELS}
    hostile_model._joint_layer.cache_clear()

    def read(reply: str) -> dict[Act, list[tuple[int, int]]]:
        doc = analyze(reply, Language.RU)
        return {act: learned_sentences(doc, act) for act in HOSTILE_MODELS}

    with ThreadPoolExecutor(4) as pool:
        for reply, found in zip(REPLIES * 5, pool.map(read, REPLIES * 5), strict=True):
            assert found == expected[reply]


def test_a_reply_without_words_scores_nothing() -> None:
    doc = analyze("«Вы всё сломали.»", Language.RU)
    keys, lengths = own_keys(doc)
    assert keys.shape == (0,) and numpy.all(lengths == 0)
    for act in HOSTILE_MODELS:
        assert sentence_scores(doc, act) == [0.0] * len(doc.sentences)
        assert learned_sentences(doc, act) == []


@pytest.mark.parametrize("reply", REPLIES)
def test_a_verdict_read_before_the_softmax_is_the_scores_verdict(reply: str) -> None:
    # At the thresholds in use, and at each sentence's own score and the floats either side of it, where the verdict
    # must come from the score itself (hostile_model._MARGIN).
    doc = analyze(reply, Language.RU)
    for act in HOSTILE_MODELS:
        scores = sentence_scores(doc, act)
        thresholds = {0.3, 0.5, THRESHOLDS[act], 0.9}
        for score in scores:
            if 0.01 <= score <= 0.99:
                thresholds |= {score, math.nextafter(score, 1.0), math.nextafter(score, 0.0)}
        for threshold in sorted(thresholds):
            fresh = analyze(reply, Language.RU)
            assert hostile_model._verdicts(fresh, act, threshold) == [s >= threshold for s in scores]
            # The softmax is computed only for a sentence near the threshold.
            assert fresh.hostile_scores == {} or any(abs(s - threshold) < 1e-3 for s in scores)


def test_verdicts_are_kept_per_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    reply = REPLIES[2]
    doc = analyze(reply, Language.RU)
    found = learned_sentences(doc, Act.BLAME)
    assert found
    monkeypatch.setitem(THRESHOLDS, Act.BLAME, 0.999999)
    assert learned_sentences(doc, Act.BLAME) == []  # the same doc read at another threshold
    monkeypatch.setitem(THRESHOLDS, Act.BLAME, 0.0)
    assert len(learned_sentences(doc, Act.BLAME)) == len(doc.sentences)
