"""RL603's generic pointers: a pointer's words inside an address, and a pointer that names the customer's matter."""

from __future__ import annotations

from conftest import missing_next_step
from replylint import Linter

COMPLAINT = "The app logs me out every hour, so annoying."
#: An archived address the tokenizer splits into words, one of which ("FAQ") a generic pointer lists.
ARCHIVED = (
    "https://web.archive.org/web/20200401203912/https://help.gamesite.net/hc/en-us/articles/360037725571-Saves-FAQ"
)


def test_a_pointer_inside_an_address_points_nowhere(linter: Linter) -> None:
    assert not missing_next_step(linter, f"Sorry about that! For help with saves, please visit {ARCHIVED}", COMPLAINT)
    assert missing_next_step(linter, f"Sorry about that! Our FAQ may have some answers: {ARCHIVED}", COMPLAINT)


def test_a_pointer_inside_an_address_points_nowhere_in_russian(linter: Linter) -> None:
    link = (
        "https://web.archive.org/web/20200401203912/https://help.gamesite.net/hc/ru-ru/articles/360037725571-vozvrat-"
    )
    link += "частые-вопросы"
    context = "Товар пришёл сломанный, безобразие!"
    assert not missing_next_step(linter, f"Простите! Как вернуть товар, написано здесь: {link}", context)
    assert missing_next_step(linter, "Простите! Ответы на частые вопросы — тут: https://example.ru/help", context)


def test_a_pointer_that_names_the_matter_takes_it_up(linter: Linter) -> None:
    assert not missing_next_step(
        linter, "Sorry! For more info regarding your issue, please visit https://example.com/a", COMPLAINT
    )
    assert not missing_next_step(
        linter, "Sorry! For more details about this error, see https://example.com/a", COMPLAINT
    )
    assert missing_next_step(linter, "Sorry! For more info, please visit https://example.com/a", COMPLAINT)
    assert missing_next_step(
        linter, "Sorry! For technical help, please visit our Help site https://example.com/a", COMPLAINT
    )
