"""RL603 on wording of effort and care: work under way said after what we know, help offered for nothing named,
promises of effort with no deed, a check whose finding refuses, and questions that ask for nothing."""

from __future__ import annotations

from conftest import missing_next_step
from replylint import Linter

COMPLAINT = "The app logs me out every hour, so annoying."
COMPLAINT_RU = "Приложение каждый час выкидывает из аккаунта, надоело!"


def test_work_under_way_after_what_we_know_is_a_step(linter: Linter) -> None:
    assert not missing_next_step(
        linter, "Sorry about that! We are aware of the issue and are working on a fix.", COMPLAINT
    )
    assert not missing_next_step(linter, "Sorry! We're aware and investigating.", COMPLAINT)
    assert missing_next_step(linter, "Sorry about that! We are aware of the issue.", COMPLAINT)
    assert not missing_next_step(linter, "Простите! Мы в курсе и уже работаем над этим.", COMPLAINT_RU)
    assert missing_next_step(linter, "Простите! Мы в курсе проблемы.", COMPLAINT_RU)


def test_help_offered_for_nothing_named_is_a_closing(linter: Linter) -> None:
    assert missing_next_step(linter, "Sorry to hear that. Should you need further help, please contact us.", COMPLAINT)
    assert missing_next_step(linter, "Sorry to hear that. Let us know if you need assistance.", COMPLAINT)
    assert missing_next_step(linter, "Sorry to hear that. If you need a hand, give us a shout!", COMPLAINT)
    assert not missing_next_step(
        linter, "Sorry to hear that. Should the problem persist, please restart the app.", COMPLAINT
    )
    assert not missing_next_step(linter, "Sorry! If you need help with the login form, send us a DM.", COMPLAINT)
    assert missing_next_step(linter, "Простите. При возникновении дополнительных вопросов пишите нам.", COMPLAINT_RU)
    assert not missing_next_step(linter, "Простите. При возникновении ошибки переустановите приложение.", COMPLAINT_RU)


def test_effort_promised_with_no_deed_is_no_step(linter: Linter) -> None:
    assert missing_next_step(linter, "We're sorry. We'll do our best.", COMPLAINT)
    assert missing_next_step(linter, "We're sorry. We'll make sure this doesn't happen again.", COMPLAINT)
    assert missing_next_step(linter, "We're sorry. We'll use your feedback to improve.", COMPLAINT)
    assert not missing_next_step(linter, "We're sorry. We'll do our best to fix the app by Friday.", COMPLAINT)
    assert not missing_next_step(
        linter, "We're sorry. We'll look into it and make sure it doesn't happen again.", COMPLAINT
    )
    assert missing_next_step(linter, "Простите. Постараемся, чтобы такое не повторилось.", COMPLAINT_RU)


def test_a_check_whose_finding_refuses_is_no_step(linter: Linter) -> None:
    assert missing_next_step(linter, "Sorry to hear that. We've checked and the app was updated correctly.", COMPLAINT)
    assert missing_next_step(linter, "Sorry. We have investigated and found no fault on our side.", COMPLAINT)
    assert not missing_next_step(linter, "Sorry. I've checked and a fix goes out today.", COMPLAINT)
    assert missing_next_step(linter, "Простите. Мы проверили: обновление установлено верно.", COMPLAINT_RU)


def test_a_question_that_asks_for_nothing_is_no_step(linter: Linter) -> None:
    assert missing_next_step(linter, "What did you expect?", COMPLAINT)
    assert missing_next_step(linter, "We hear you. What else can we say?", COMPLAINT)
    assert not missing_next_step(linter, "Sorry! Which phone are you using?", COMPLAINT)
    assert missing_next_step(linter, "Чего вы ожидали?", COMPLAINT_RU)
