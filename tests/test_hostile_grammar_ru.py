"""Russian blame, condescension, dismissal and rudeness by grammar and lemma classes, on wording the rule packs do
not list sentence by sentence, and the customer's own words told back left alone."""

from __future__ import annotations

import pytest

from replylint import Linter, Severity


def _codes(linter: Linter, text: str) -> set[str]:
    return {f.code for f in linter.lint(text, language="ru").at_or_above(Severity.WARNING)}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # A duty left undone, guessed at with «видимо»: blame and talking down at once.
        ("Инструкцию, видимо, не удосужились открыть.", "RL301"),
        ("Инструкцию, видимо, не удосужились открыть.", "RL201"),
        ("Договор вы, похоже, не потрудились дочитать.", "RL301"),
        # What any adult or user knows, in either order.
        ("Это знает любой взрослый человек.", "RL301"),
        ("Каждый опытный водитель это понимает.", "RL301"),
        ("Сделайте резервную копию, как поступают все грамотные пользователи.", "RL301"),
        # The customer named as the agent of a fault in the passive, and the fault laid at their door.
        ("Срок оплаты был пропущен арендатором.", "RL201"),
        ("Ответственность за сохранность вещей несёт гость.", "RL201"),
        ("Вам стоило заранее уточнить расписание.", "RL201"),
        # A third party named with a pronoun and nothing offered.
        ("Цены устанавливает управляющая компания. Претензии к ней.", "RL402"),
        ("Мы кладём плитку, а не двери ставим, в отличие от некоторых мастеров.", "RL503"),
    ],
)
def test_grammar_classes_flag_wording_not_listed(linter: Linter, text: str, code: str) -> None:
    assert code in _codes(linter, text)


@pytest.mark.parametrize(
    "text",
    [
        "По вашим словам, ответственность за доставку несёт покупатель, — это не так, её несём мы.",
        "Вы пишете, что «любой пользователь знает, как обновить приложение», — согласны, обновление ставится само.",
        "С ваших слов, вам стоило уточнить время заранее, — нет, это мы должны были предупредить.",
        "Мы не удосужились проверить комплектацию — простите, недостающую полку привезём завтра.",
        "Срок оплаты был перенесён арендатором по согласованию с нами, всё в порядке.",
    ],
)
def test_the_customers_words_and_our_own_fault_stay_unflagged(linter: Linter, text: str) -> None:
    assert not _codes(linter, text) & {"RL201", "RL204", "RL205", "RL301", "RL303", "RL402", "RL503"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Hostile sentences a classifier read at the edge of its threshold, so that each batch's labels moved them:
        # their shapes are phrases now, whatever the next retrain scores.
        ("Надо было думать, прежде чем покупать.", "RL301"),
        ("Тебе что, заняться нечем, кроме как жалобы писать?", "RL503"),
        ("Неужели так сложно прочитать правила?", "RL301"),
        ("Вы вообще правила открывали?", "RL503"),
        ("А вы что хотели за такие деньги?", "RL503"),
        # A mocking «давайте» is no offer: the refusal after it is still reported.
        ("Давайте ещё раз, медленно: так положено.", "RL401"),
    ],
)
def test_hostile_shapes_hold_by_grammar_not_by_a_score(linter: Linter, text: str, code: str) -> None:
    assert code in _codes(linter, text)


def test_an_offer_with_davaite_still_remedies_a_refusal(linter: Linter) -> None:
    assert "RL401" not in _codes(linter, "Так положено, но давайте проверим, можно ли заменить товар.")
