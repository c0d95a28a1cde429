"""The shouting check: capitals for emphasis are flagged; acronyms, codes, names, labels and quotes are not."""

from __future__ import annotations

import pytest

from replylint import Config, Linter
from replylint.config import config_from_mapping


def _matches(linter: Linter, text: str, **kwargs: str) -> list[str | None]:
    return [f.match for f in linter.lint(text, **kwargs).findings if f.code == "RL110"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("МЫ НЕ МОЖЕМ ВЕРНУТЬ деньги за товар.", ["МЫ НЕ МОЖЕМ ВЕРНУТЬ"]),
        ("Sorry, but WE CANNOT REFUND opened items.", ["WE CANNOT REFUND"]),
        ("Вы ОБЯЗАТЕЛЬНО должны были сохранить чек.", ["ОБЯЗАТЕЛЬНО"]),
        ("You should NEVER share your password.", ["NEVER"]),
        ("THANK YOU, SEE YOU SOON", ["THANK YOU, SEE YOU SOON"]),
        ("Курьер звонил ВАМ три раза.", ["ВАМ"]),  # a short word of the short-emphatic list
        ("Курение в номерах ЗАПРЕЩЕНО.", ["ЗАПРЕЩЕНО"]),  # after a noun, but no name: a participle
        ("Это ВАША ОШИБКА.", ["ВАША ОШИБКА"]),
    ],
)
def test_capitals_for_emphasis_are_flagged(linter: Linter, text: str, expected: list[str]) -> None:
    assert _matches(linter, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Оплатить можно через СБП или в ЛК, чек придёт по СМС.",
        "Смартфон SAMSUNG GALAXY A55 приедет в пятницу.",  # Latin capitals in a Russian reply name a brand
        "Скидки в сети ЛЕНТА и бонусы программы СПАСИБО.",  # nominative names after the noun they name
        "Магазин ЗОЛОТОЕ ЯБЛОКО ждёт вас.",
        "Посылку передали в ПОЧТА РОССИИ.",  # a proper name in the run
        "Please DM us; the EU build of the iOS app has a new API.",
        "Your order AB12345 ships with USPS today. ^HSB",
        "Is this about COD WWII? Check the OS, CPU, RAM and GPU.",
        "Contact ООО «Ромашка» or ИП ИВАНОВ.",
        "XFINITY service is back in your area.",
        "Please do NOT share your PIN.",
        "ВНИМАНИЕ: мы никогда не просим код из SMS.",
        "UPDATE: the outage is fixed.",
        "Вы пишете «ВЫ МЕНЯ ОБМАНУЛИ» — давайте разберёмся.",
        "Join the #BLACKFRIDAY sale with @AMAZONHELP.",
    ],
)
def test_acronyms_codes_names_labels_and_quotes_are_not(linter: Linter, text: str) -> None:
    assert _matches(linter, text) == []


def test_the_span_points_at_the_shouted_words(linter: Linter) -> None:
    text = "Здравствуйте. МЫ НЕ МОЖЕМ ВЕРНУТЬ деньги."
    (finding,) = [f for f in linter.lint(text).findings if f.code == "RL110"]
    assert text[finding.start or 0 : finding.end or 0] == "МЫ НЕ МОЖЕМ ВЕРНУТЬ"
    assert finding.message == "Слова заглавными буквами читаются как крик: «МЫ НЕ МОЖЕМ ВЕРНУТЬ»."


def test_allow_list_option_silences_a_brand_in_capitals(linter: Linter) -> None:
    text = "Спасибо, что выбрали МАГНИТ."
    assert _matches(linter, text) == ["МАГНИТ"]
    allowing = Linter(
        config_from_mapping({"select": ["RL110"], "rules": {"RL110": {"options": {"allow": ["Магнит"]}}}})
    )
    assert _matches(allowing, text) == []


def test_thresholds_are_options() -> None:
    strict = Linter(Config(select=["RL110"], rules={"RL110": {"options": {"min-run-letters": 5}}}))
    assert _matches(strict, "DO NOT share it.") == ["DO NOT"]
    lenient = Linter(Config(select=["RL110"], rules={"shouting": {"options": {"min-word-letters": 6}}}))
    assert _matches(lenient, "You should NEVER share your password.") == []
