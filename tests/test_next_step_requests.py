"""RL603 on steps said in forms that read alike across brands: a deed promised in a second verb, the company's people
or the customer's inbox named as who acts, a request put as ours, the best way named, and "please" after a condition
written without its comma; and their look-alikes, which give no step."""

from __future__ import annotations

from conftest import missing_next_step
from replylint import Linter

COMPLAINT = "I've been waiting two weeks for my refund and nobody answers my messages!"
COMPLAINT_RU = "Жду возврат денег уже две недели, и никто не отвечает на сообщения!"


def test_a_deed_promised_in_a_second_verb_is_a_step(linter: Linter) -> None:
    assert not missing_next_step(linter, "Sorry for the wait! We see your DM and will respond shortly.", COMPLAINT)
    assert not missing_next_step(
        linter, "Sorry about that. I'm seeing your DM and will meet you back there.", COMPLAINT
    )
    assert missing_next_step(
        linter, "Sorry for the wait. We're aware of the issue and will be happy to help.", COMPLAINT
    )
    assert not missing_next_step(linter, "Простите за ожидание! Видим ваше сообщение и скоро ответим.", COMPLAINT_RU)


def test_who_will_be_in_touch_is_a_step(linter: Linter) -> None:
    assert not missing_next_step(
        linter, "This is not what we want for you. Team @acme_help will contact you.", COMPLAINT
    )
    assert not missing_next_step(linter, "Sorry. One of the team will be in touch as soon as possible.", COMPLAINT)
    assert not missing_next_step(linter, "Apologies. The team should send you an email shortly.", COMPLAINT)
    assert not missing_next_step(
        linter, "Sorry. It can take 14 days, so you should hear from Customer Relations soon.", COMPLAINT
    )
    assert not missing_next_step(linter, "Sorry! You will be notified when the refund is issued.", COMPLAINT)
    assert missing_next_step(linter, "Sorry. The team will not contact you about this.", COMPLAINT)
    assert missing_next_step(linter, "Sorry, but you should have read the terms.", COMPLAINT)
    assert not missing_next_step(
        linter, "Простите. Один из наших сотрудников свяжется с вами в ближайшее время.", COMPLAINT_RU
    )


def test_an_aim_is_a_step_when_it_says_when(linter: Linter) -> None:
    assert not missing_next_step(
        linter, "Sorry. It depends on the investigation, but we aim to reply within 14 days.", COMPLAINT
    )
    assert missing_next_step(linter, "Sorry. We aim to provide the best service.", COMPLAINT)


def test_a_request_put_as_ours_is_a_step(linter: Linter) -> None:
    assert not missing_next_step(
        linter,
        "Sorry. Our options are limited, so we would request you to continue with our out-of-warranty team.",
        COMPLAINT,
    )
    assert not missing_next_step(
        linter, "Sorry. We only ask that you connect a device directly to the modem.", COMPLAINT
    )
    assert not missing_next_step(linter, "Sorry, in order to investigate we would need Aled to contact us.", COMPLAINT)
    assert not missing_next_step(linter, "Sorry, I was unable to follow your concern, kindly elaborate.", COMPLAINT)
    assert missing_next_step(linter, "Sorry for the wait. We ask that you bear with us.", COMPLAINT)
    assert not missing_next_step(linter, "Простите за ожидание. Просим вас прислать чек.", COMPLAINT_RU)
    assert missing_next_step(linter, "Простите за ожидание. Просим отнестись с пониманием.", COMPLAINT_RU)


def test_the_best_way_named_is_a_step(linter: Linter) -> None:
    assert not missing_next_step(
        linter,
        "Sorry, we can't reach the seller here. The best option is to contact us via the link in our last post.",
        COMPLAINT,
    )
    assert not missing_next_step(linter, "Простите. Лучший вариант — написать нам в чат.", COMPLAINT_RU)


def test_please_after_a_condition_without_its_comma(linter: Linter) -> None:
    assert not missing_next_step(
        linter, "Sorry! If you'd like help with the refund please go ahead and send me a DM.", COMPLAINT
    )
    assert missing_next_step(linter, "Sorry! If you need assistance please reach out to our team!", COMPLAINT)
    assert missing_next_step(linter, "Sorry about that. If you change your mind please let us know.", COMPLAINT)


def test_details_asked_not_to_be_posted_and_help_for_later_are_no_step(linter: Linter) -> None:
    assert missing_next_step(linter, "Sorry about this. Please don't provide your order details here.", COMPLAINT)
    assert not missing_next_step(
        linter, "Sorry about this. Please DM us your order number, but don't post it here.", COMPLAINT
    )
    assert missing_next_step(linter, "Sorry. I never heard back from you; let me know if I can help.", COMPLAINT)
    assert missing_next_step(linter, "Sorry to hear it. Let us know if you need help in the future.", COMPLAINT)
    assert missing_next_step(linter, "Простите. Пожалуйста, не публикуйте здесь номер заказа.", COMPLAINT_RU)


def test_the_matter_dealt_with_in_the_passive_future_is_a_step_when_it_says_when(linter: Linter) -> None:
    assert not missing_next_step(linter, "Sorry about that. This will be sorted by Friday.", COMPLAINT)
    assert not missing_next_step(linter, "Apologies. Your concern will be addressed within 24 hours.", COMPLAINT)
    assert missing_next_step(linter, "Apologies. Your concern has been discussed and will be addressed.", COMPLAINT)
    assert not missing_next_step(linter, "Простите. Вопрос будет решён до пятницы.", COMPLAINT_RU)
