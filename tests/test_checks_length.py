"""Length limits per channel: a social reply over its limit (2,200 characters, or X's 280 when configured), a wall
of text in a chat message."""

from __future__ import annotations

import pytest

from replylint import Config, Linter
from replylint.config import config_from_mapping

#: Replies posted on X: the one line of configuration docs/configuration.md gives.
ON_X = {"channels": {"social": {"rules": {"RL901": {"options": {"max-chars": 280}}}}}}


@pytest.fixture(scope="module")
def x_linter() -> Linter:
    return Linter(config_from_mapping(ON_X))


def _findings(linter: Linter, text: str, code: str, channel: str) -> list[tuple[int | None, str]]:
    return [(f.start, f.message) for f in linter.lint(text, channel=channel).findings if f.code == code]


def test_a_reply_posted_on_x_over_280_characters_is_flagged_from_the_overflow(x_linter: Linter) -> None:
    text = "We are looking into it. " * 13  # 312 characters
    ((start, message),) = _findings(x_linter, text, "RL901", "social")
    assert start == 280
    assert message == f"The reply is {len(text.rstrip())} characters; the channel's limit is 280."
    assert _findings(x_linter, text[:280], "RL901", "social") == []


def test_a_social_reply_is_held_to_2200_characters_not_to_x_s_280(linter: Linter) -> None:
    text = "Спасибо, что написали нам. " * 20  # 540 characters: fine on VK or Telegram
    assert _findings(linter, text, "RL901", "social") == []
    ((start, message),) = _findings(linter, text * 5, "RL901", "social")
    assert start == 2200
    assert message.endswith("а в этом канале допустимо не больше 2200.")


def test_social_counts_links_as_23_and_skips_leading_mentions(x_linter: Linter) -> None:
    link = "https://example.com/" + "a" * 200
    text = "@112233 @AcmeHelp " * 5 + "Sorry for the wait, here is how to track it: " + link
    assert len(text) > 280
    assert _findings(x_linter, text, "RL901", "social") == []


def test_the_limit_depends_on_the_channel(linter: Linter) -> None:
    text = "Спасибо, что написали нам. " * 100  # 2,700 characters
    assert _findings(linter, text, "RL901", "social")
    assert _findings(linter, text, "RL901", "review") == []
    assert _findings(linter, text * 2, "RL901", "review")
    assert _findings(linter, text * 2, "RL901", "chat") == []


def test_a_wall_of_text_in_chat(linter: Linter) -> None:
    wall = "Проверили заказ. Он собран. Сегодня уйдёт. Курьер позвонит. Время можно перенести. Оплата при получении."
    ((start, message),) = _findings(linter, wall, "RL902", "chat")
    assert start == 0
    assert "6 предложений" in message
    broken = wall.replace(" Курьер", "\nКурьер")
    assert _findings(linter, broken, "RL902", "chat") == []


def test_the_second_paragraph_is_the_one_flagged(linter: Linter) -> None:
    first = "Hi Sarah!\n"
    text = first + "I checked it. " * 3 + "a" * 500
    ((start, _),) = _findings(linter, text, "RL902", "chat")
    assert start == len(first)


def test_email_allows_longer_paragraphs_than_chat(linter: Linter) -> None:
    seven = " ".join(f"Sentence number {n} is here." for n in range(7))
    assert _findings(linter, seven, "RL902", "chat")
    assert _findings(linter, seven, "RL902", "email") == []
    assert _findings(linter, seven + " One. Two.", "RL902", "email")


def test_limits_are_options() -> None:
    linter = Linter(Config(select=["RL902"], rules={"RL902": {"options": {"max-sentences": 2}}}))
    assert _findings(linter, "One. Two. Three.", "RL902", "chat")
