"""RL603 on grammar that reads alike across brands: a refusal that names what it refuses offers nothing, a noun that
opens a clause is no imperative, a wish for the customer's well-being said with "please" is no instruction, and the
customer's step named as a condition is a step."""

from __future__ import annotations

from conftest import missing_next_step
from replylint import Linter

COMPLAINT = "My flight was delayed five hours because of the storm and nobody told us anything!"
COMPLAINT_RU = "Рейс задержали на пять часов из-за грозы, и никто ничего не объяснил!"
ORDER = "The seller never sent my order and now they won't answer me."
ORDER_RU = "Продавец так и не отправил заказ и теперь не отвечает!"


def test_a_refusal_that_names_the_offer_offers_nothing(linter: Linter) -> None:
    assert missing_next_step(
        linter, "We're sorry. Unfortunately, we're unable to offer compensation for weather delays.", COMPLAINT
    )
    assert missing_next_step(linter, "Sorry about this. We're not able to provide a voucher in this case.", COMPLAINT)
    assert not missing_next_step(
        linter, "Sorry. We can't refund the fare, but we can offer a travel voucher.", COMPLAINT
    )
    assert not missing_next_step(linter, "Sorry. We can't offer a refund; instead, we can rebook you today.", COMPLAINT)
    assert missing_next_step(
        linter, "Приносим извинения. Компенсация за задержку из-за погоды не предусмотрена.", COMPLAINT_RU
    )
    assert not missing_next_step(
        linter, "Приносим извинения. Вернуть деньги не можем, но можем предложить ваучер.", COMPLAINT_RU
    )


def test_what_the_customer_asked_to_stop_stopped_is_a_step(linter: Linter) -> None:
    assert not missing_next_step(linter, "Thanks. Drink coupons will no longer be sent to you.", ORDER)
    assert missing_next_step(linter, "Sorry. The product will no longer be available.", ORDER)


def test_a_noun_that_opens_a_clause_is_no_imperative(linter: Linter) -> None:
    assert missing_next_step(
        linter, "We're sorry for the wait. Due to high demand, wait times are longer than usual.", COMPLAINT
    )
    assert missing_next_step(linter, "Sorry! Call volumes are very high right now.", COMPLAINT)
    assert missing_next_step(linter, "Sorry about that. Check-in closes 45 minutes before departure.", COMPLAINT)
    assert not missing_next_step(
        linter, "Sorry about that. Wait for the confirmation email, it comes within the hour.", COMPLAINT
    )
    assert not missing_next_step(linter, "Sorry! Call us on 0800 123 456 and we'll rebook you.", COMPLAINT)


def test_a_wish_said_with_please_is_no_instruction(linter: Linter) -> None:
    assert missing_next_step(linter, "We're so sorry. Please stay safe!", COMPLAINT)
    assert missing_next_step(linter, "Sorry to hear this. Please take care of yourself.", COMPLAINT)
    assert missing_next_step(linter, "Sorry. Please rest assured that your feedback has been heard.", COMPLAINT)
    assert not missing_next_step(
        linter, "Sorry. Please have a look at the delay compensation page: https://example.com/dc", COMPLAINT
    )
    assert missing_next_step(linter, "Нам очень жаль. Пожалуйста, берегите себя!", COMPLAINT_RU)


def test_the_customers_step_named_as_a_condition_is_a_step(linter: Linter) -> None:
    assert not missing_next_step(linter, "They shipped it, but we protect you if you open a case.", ORDER)
    assert not missing_next_step(linter, "Sorry! You're covered if you file a claim within 30 days.", ORDER)
    assert missing_next_step(linter, "Sorry. If you opened a case, it was closed last week.", ORDER)
    assert not missing_next_step(linter, "Простите. Вы защищены, если откроете спор в течение 30 дней.", ORDER_RU)
    assert missing_next_step(linter, "Простите. Если вы открывали спор, он закрыт на прошлой неделе.", ORDER_RU)
