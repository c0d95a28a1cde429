"""Analysis: language detection, tokens and readings, sentences, quotes, placeholders, phrase matching."""

from __future__ import annotations

import pytest

from replylint.analysis import analyze, detect_language
from replylint.analysis.language import not_english
from replylint.analysis.matcher import PhraseMatcher, PhraseSyntaxError
from replylint.analysis.spans import SpanIndex
from replylint.checks.common import overlaps
from replylint.models import Language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Здравствуйте, спасибо за отзыв.", Language.RU),
        ("Hi there, thanks for the review.", Language.EN),
        ("Спасибо! We will call you tomorrow, хорошо?", Language.MIXED),
        ("Напишите на help@example.com или https://example.com/help", Language.RU),
        ("12345 !!!", Language.EN),
        ("Здравствуйте, {{ customer.first_name }}!", Language.RU),
    ],
)
def test_detect_language(text: str, language: Language) -> None:
    assert detect_language(text) is language


@pytest.mark.parametrize(
    ("text", "foreign"),
    [
        ("@ana_p Lamentamos el inconveniente. Por favor revisa tus mensajes directos para asistencia.", True),
        ("Hallo! Du kannst die Anzeige auf deinem Konto verwalten: https://example.com/konto", True),
        ("Fire TV Stickが見れないというのは、どのような状況でしょうか。ヘルプをご参照ください。", True),
        ("Sorry to hear that. Please DM us your order number and we'll check.", False),
        ("Good evening, Caesar!", False),
        ("Thanks, glad you enjoyed it!", False),
    ],
)
def test_not_english_tells_another_language_from_short_english(text: str, foreign: bool) -> None:
    assert not_english(text) is foreign


def test_russian_tokens_carry_every_pymorphy_reading() -> None:
    doc = analyze("Извините, мы обязаны проверить.")
    izvinite = doc.tokens[0]
    assert "извинить" in izvinite.match_keys
    moods = {g for r in izvinite.readings for g in r.grammemes if g in {"impr", "indc"}}
    assert moods == {"impr", "indc"}
    obyazany = doc.tokens[3]
    assert {r.lemma for r in obyazany.readings} >= {"обязать", "обязанный"}


def test_english_tokens_match_on_stems_and_contractions() -> None:
    doc = analyze("They blamed us. You shouldn't've done it.")
    assert "blame" in doc.tokens[1].match_keys
    assert [t.folded for t in doc.tokens[5:8]] == ["should", "not", "have"]


def test_sentences_split_on_punctuation_and_line_breaks() -> None:
    doc = analyze("Hello\nThanks for writing. We will call you!")
    texts = [doc.text[s.start : s.end] for s in doc.sentences]
    assert texts == ["Hello", "Thanks for writing.", "We will call you!"]


def test_the_russian_pronoun_before_a_full_stop_is_no_abbreviation() -> None:
    doc = analyze("Доставкой занимается курьерская служба, звоните им. Мы поможем, если не ответят.", Language.RU)
    assert [t.text for t in doc.tokens][6:8] == ["им", "."]
    assert len(doc.sentences) == 2


def test_an_extension_or_phone_abbreviation_opens_no_sentence() -> None:
    text = "Позвоните по номеру 8 800 555-12-34, доб. 2, или напишите нам. Тел. 8 495 123-44-00, звоните."
    doc = analyze(text, Language.RU)
    assert [doc.text[s.start : s.end] for s in doc.sentences] == [
        "Позвоните по номеру 8 800 555-12-34, доб. 2, или напишите нам.",
        "Тел. 8 495 123-44-00, звоните.",
    ]


def test_quotes_and_reported_speech_are_marked() -> None:
    doc = analyze("Вы пишете, что персонал грубил. Мы «не виноваты» — так нельзя.")
    quoted = [t.text for t in doc.tokens if t.quoted]
    assert quoted[:4] == ["Вы", "пишете", ",", "что"]
    assert "грубил" in quoted and "виноваты" in quoted
    assert "нельзя" not in quoted


def test_a_claim_about_what_the_customer_gave_is_no_reported_speech() -> None:
    reported = analyze("Вы указали, что курьер грубил.")
    assert all(t.quoted for t in reported.tokens[:-1])
    claim = analyze("Вы указали чужой адрес.")
    assert not any(t.quoted for t in claim.tokens)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("По вашим словам, доставку оплачивает покупатель. Это не так.", "покупатель"),
        ("С ваших слов, вы сами всё сломали. Мы проверим.", "сломали"),
        ("Вы спрашиваете, не допущено ли нарушение клиентом. Нет.", "клиентом"),
        ("According to you, the fault is yours. It is not.", "yours"),
    ],
)
def test_the_customers_account_told_back_is_reported_speech(text: str, said: str) -> None:
    doc = analyze(text)
    assert next(t for t in doc.tokens if t.text == said).quoted
    assert not doc.tokens[-2].quoted  # the agent's own sentence after it


def test_placeholders_become_single_tokens() -> None:
    text = "Hi {{ ticket.requester.first_name }}, order [ORDER_ID] ships %date%."
    doc = analyze(text)
    holders = [t.text for t in doc.tokens if t.is_placeholder]
    assert holders == ["{{ ticket.requester.first_name }}", "[ORDER_ID]", "%date%"]
    assert doc.placeholders == [(3, 36), (44, 54), (61, 67)]


def test_line_col_is_one_based() -> None:
    doc = analyze("ab\ncd\n\nef")
    assert doc.line_col(0) == (1, 1)
    assert doc.line_col(4) == (2, 2)
    assert doc.line_col(7) == (4, 1)


def _found(phrases: list[str], text: str) -> list[str]:
    doc = analyze(text)
    return [text[m.start : m.end] for m in PhraseMatcher(phrases).finditer(doc)]


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        ("ваш домысел", "Хватит ваших домыслов и вашими домыслами.", ["ваших домыслов", "вашими домыслами"]),
        ("=ваши", "Ваши домыслы, вашими словами.", ["Ваши"]),
        ("вам следовать:past", "Вам следовало прочитать. Вам следует прочитать.", ["Вам следовало"]),
        (":VERB,impr", "Прочитайте правила и отмените заказ.", ["Прочитайте", "отмените"]),
        ("мы (очень) жаль", "Нам жаль. Нам очень жаль.", ["Нам жаль", "Нам очень жаль"]),
        ("не * помочь", "Мы не сможем вам помочь.", ["не сможем вам помочь"]),
        ("сожалеть что", "Сожалеем, что так вышло.", ["Сожалеем, что"]),
        ("blame|fault", "We blamed nobody; not our fault.", ["blamed", "fault"]),
        ("you should have", "You should've known.", ["You should've"]),
        ("your fault", "Your. Fault.", []),
    ],
)
def test_phrase_syntax(phrase: str, text: str, expected: list[str]) -> None:
    assert _found([phrase], text) == expected


@pytest.mark.parametrize(
    "phrase", ["", "*", "* word", "word *", "(word)", "word:", ":VERB,imp", "такой (у нас) правило"]
)
def test_bad_phrases_are_rejected(phrase: str) -> None:
    with pytest.raises(PhraseSyntaxError):
        PhraseMatcher([phrase])


def test_span_index_says_what_overlaps_says_for_every_span() -> None:
    """Spans sorted by start, some nested or touching, and empty ones: the index answers as the linear scan does."""
    spans = [(0, 2), (1, 5), (2, 3), (7, 7), (8, 12), (9, 10), (15, 16)]
    index = SpanIndex(spans)
    for start in range(18):
        for end in range(start, 18):
            assert index.overlaps(start, end) == overlaps(start, end, spans), (start, end)
    assert not SpanIndex([]).overlaps(0, 5)
