"""Missing greeting in e-mail and review replies: a greeting or the person's name must open the reply."""

from __future__ import annotations

import pytest

from replylint import Config, Linter, Severity


def _flagged(linter: Linter, text: str, channel: str = "email", *, template: bool = False) -> bool:
    return any(f.code == "RL604" for f in linter.lint(text, channel=channel, template=template).findings)


@pytest.mark.parametrize(
    "text",
    [
        "Здравствуйте! Ваш заказ отправлен.",
        "Добрый день, Анна. Ваш заказ отправлен.",
        "Анна, ваш заказ отправлен.",
        "Спасибо за письмо, Игорь Петрович. Заказ отправлен.",
        "Hi Sarah, your order has shipped.",
        "Good morning! Your order has shipped.",
        "Dear Mr Jones, your order has shipped.",
        "Thank you for your letter, Sarah! Your order has shipped.",
        "Sarah, your order has shipped.",
        "Your order has shipped, Sarah. Hello from all of us!",
    ],
)
def test_a_greeting_or_a_name_in_the_opening_counts(linter: Linter, text: str) -> None:
    assert not _flagged(linter, text)


@pytest.mark.parametrize(
    "text",
    [
        "Ваш заказ отправлен. Трек-номер в письме. Хорошего дня!",
        "Your order has shipped. Tracking is in the e-mail. Have a nice day!",
        "Unfortunately, the item is out of stock.",
        "Your order has shipped. Tracking is in the e-mail. Hi to the team!",
    ],
)
def test_no_greeting_in_the_opening_is_flagged(linter: Linter, text: str) -> None:
    assert _flagged(linter, text)


def test_only_email_and_review_and_review_at_info(linter: Linter) -> None:
    text = "Thanks for the review. We've passed it on to the kitchen."
    severities = {
        channel: [f.severity for f in linter.lint(text, channel=channel).findings if f.code == "RL604"]
        for channel in ("email", "review", "social", "chat")
    }
    assert severities == {"email": [Severity.WARNING], "review": [Severity.INFO], "social": [], "chat": []}
    assert not any(f.code == "RL604" for f in linter.lint(text).findings)


def test_a_name_placeholder_addresses_the_person_in_a_template_only(linter: Linter) -> None:
    text = "{{ customer.first_name }}, your order has shipped."
    assert not _flagged(linter, text, template=True)
    assert _flagged(linter, text)
    assert _flagged(linter, "{{ product }} has shipped.", template=True)


def test_options_opening_sentences_and_morphology() -> None:
    one = Linter(Config(select=["RL604"], rules={"RL604": {"options": {"opening-sentences": 1}}}))
    assert _flagged(one, "Your order has shipped. Hi Sarah, more soon!")
    assert not _flagged(Linter(Config(select=["RL604"])), "Your order has shipped. Hi Sarah, more soon!")
    no_names = Linter(Config(select=["RL604"], rules={"RL604": {"options": {"morphology": False}}}))
    assert _flagged(no_names, "Анна, ваш заказ отправлен.")
