"""Template leftovers: unresolved placeholders (silent in templates) and slots rendered empty."""

from __future__ import annotations

import pytest

from replylint import Linter


def _found(linter: Linter, text: str, code: str, *, template: bool = False) -> list[str | None]:
    return [f.match for f in linter.lint(text, template=template).findings if f.code == code]


@pytest.mark.parametrize(
    ("text", "placeholders"),
    [
        ("Hi {{ first_name }}, your refund is on its way.", ["{{ first_name }}"]),
        ("Здравствуйте, [ИМЯ]! Заказ {order_id} готов.", ["[ИМЯ]", "{order_id}"]),
        ("Уважаемый %name%, ваша заявка ${ticket} принята.", ["%name%", "${ticket}"]),
    ],
)
def test_unresolved_placeholders_are_errors(linter: Linter, text: str, placeholders: list[str]) -> None:
    assert _found(linter, text, "RL911") == placeholders


@pytest.mark.parametrize(
    ("text", "placeholders"),
    [
        ("Hi [Name], thanks for writing.", ["[Name]"]),
        ("Здравствуйте, [Имя]! Заказ [номер заказа] готов.", ["[Имя]", "[номер заказа]"]),
        ("Dear <NAME>, your order XXXXX has shipped.", ["<NAME>", "XXXXX"]),
        ("Добрый день, <имя клиента>! Заказ ХХХХХ в пути.", ["<имя клиента>", "ХХХХХ"]),
    ],
)
def test_bracketed_and_crossed_out_slots_are_placeholders(linter: Linter, text: str, placeholders: list[str]) -> None:
    assert _found(linter, text, "RL911") == placeholders


@pytest.mark.parametrize(
    "text",
    [
        "See note [1] and section [2.3]. We love you too <3",
        "The XXL size is back; we have served you since the XX century, and in the XXI one.",
        "The card XXXX XXXX XXXX 4242 and the card XXXX-XXXX-XXXX-1881 were charged.",
        "Everything is in our [Help Center](https://example.com/help) [see terms].",
        "Use <b>bold</b> or <BR> and <DIV> in HTML.",
    ],
)
def test_ordinary_brackets_and_crosses_are_not_placeholders(linter: Linter, text: str) -> None:
    assert _found(linter, text, "RL911") == []


def test_the_placeholder_suggestion_names_what_exists(linter: Linter) -> None:
    import inspect

    from replylint.sources import TEMPLATE_SUFFIXES

    for text in ("Hi {{ name }}, thanks.", "Здравствуйте, {{ name }}!"):
        suggestion = next(f.suggestion for f in linter.lint(text).findings if f.code == "RL911")
        assert suggestion is not None and "`template=True`" in suggestion
        assert {".j2", ".liquid", ".hbs"} <= TEMPLATE_SUFFIXES
    assert "template" in inspect.signature(Linter.lint).parameters


def test_placeholders_are_expected_in_a_template(linter: Linter) -> None:
    assert _found(linter, "Hi {{ first_name }}, your refund is on its way.", "RL911", template=True) == []


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("Здравствуйте, ! Ваш заказ готов.", "Здравствуйте, !"),
        ("Уважаемый , ваша заявка принята.", "Уважаемый ,"),
        ("Dear , thank you for your order.", "Dear ,"),
        ("Hi , your refund is on its way.", "Hi ,"),
        ("Hi None, your refund is on its way.", "None"),
        ("Добрый день, undefined!", "undefined"),
        ("Ваш заказ № , передан курьеру.", "№"),
    ],
)
def test_empty_slots(linter: Linter, text: str, slot: str) -> None:
    assert _found(linter, text, "RL912") == [slot]


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Hello {{ name, your order is ready.", "{{"),
        ("Здравствуйте, {% if vip Дарим скидку.", "{%"),
        ("Your order is ready name }}.", "}}"),
    ],
)
def test_an_unclosed_tag_is_named_as_such_not_as_an_empty_slot(linter: Linter, text: str, delimiter: str) -> None:
    assert _found(linter, text, "RL914") == [delimiter]
    assert _found(linter, text, "RL912") == []


@pytest.mark.parametrize(
    "text",
    [
        "Hi, your refund is on its way.",
        "Oh dear, that's not what we want to hear.",
        "Hello, none of our stores stock it yet.",
        "Hey :) Please DM us your account # and phone #.",
        "Это дорого, но мы вернём разницу.",
    ],
)
def test_look_alikes_are_no_empty_slot(linter: Linter, text: str) -> None:
    assert _found(linter, text, "RL912") == []


def test_a_complete_placeholder_is_not_also_an_empty_slot(linter: Linter) -> None:
    text = "Hello {{ name }}, your order is ready."
    assert _found(linter, text, "RL912") == []
    assert _found(linter, text, "RL911") == ["{{ name }}"]
