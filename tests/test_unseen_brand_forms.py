"""RL601 and RL603 on the forms the blindly labelled brand replies showed across brands (twenty-second round): regret of
the impression left or of what the company wants for its customers, the urgency understood, a remedy done in the past
passive, a hedge after "will", effort of the company's people with no time; and their look-alikes."""

from __future__ import annotations

from conftest import missing_next_step
from replylint import Linter

COMPLAINT = "My refund still hasn't arrived and the app keeps logging me out!"
COMPLAINT_RU = "Возврат так и не пришёл, а приложение постоянно меня выкидывает!"


def _codes(linter: Linter, reply: str, context: str) -> list[str]:
    return [f.code for f in linter.lint(reply, context=context).findings]


def test_regret_of_the_impression_left_is_an_apology(linter: Linter) -> None:
    for reply in (
        "This is not the perception we want you to have of us. Please DM us your account number.",
        "This is never the type of experience we want to offer. Please DM us your account number.",
        "This is not what we want for our customers. Please DM us your account number.",
    ):
        assert "RL601" not in _codes(linter, reply, COMPLAINT), reply
    assert "RL601" in _codes(linter, "That's not what we expect from customers. Please read the terms.", COMPLAINT)
    assert "RL601" in _codes(linter, "We don't want to see you switch! DM us your number.", COMPLAINT)


def test_the_urgency_understood_is_sympathy(linter: Linter) -> None:
    assert "RL601" not in _codes(linter, "I understand the urgency. Please DM us your order number.", COMPLAINT)
    assert "RL601" not in _codes(
        linter, "We understand the importance of getting this fixed quickly! DM us your order number.", COMPLAINT
    )
    assert "RL601" in _codes(
        linter, "We understand the importance of security. Please DM us your order number.", COMPLAINT
    )
    assert "RL601" not in _codes(linter, "Понимаем срочность. Пришлите номер заказа в личные сообщения.", COMPLAINT_RU)


def test_a_remedy_done_in_the_past_passive_is_a_step(linter: Linter) -> None:
    assert not missing_next_step(
        linter,
        "Sorry for the confusion, the refund was already processed on Monday and should reflect soon.",
        COMPLAINT,
    )
    assert not missing_next_step(linter, "Apologies for the delays. @ops_team have now rectified the issue.", COMPLAINT)
    assert missing_next_step(linter, "Sorry for the confusion, the refund was never processed.", COMPLAINT)
    assert missing_next_step(linter, "Sorry, your payment was processed twice.", COMPLAINT)


def test_a_hedge_after_will_and_effort_with_no_time_are_no_step(linter: Linter) -> None:
    assert missing_next_step(linter, "We can only apologise. We'll hopefully have you home soon.", COMPLAINT)
    assert missing_next_step(
        linter,
        "Really sorry for the cancellation. Our maintenance teams are working hard to improve these issues.",
        COMPLAINT,
    )
    assert not missing_next_step(
        linter, "Really sorry. Our engineers are working hard to improve the line by Friday.", COMPLAINT
    )
    assert not missing_next_step(linter, "Sorry! We'll refund you today, hopefully before noon.", COMPLAINT)
