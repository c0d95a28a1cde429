"""Canned replies: generic pleasantries under a complaint, and one reply pasted under many complaints."""

from __future__ import annotations

from replylint import Config, Linter
from replylint.checks.canned import normalise_reply

COMPLAINTS = ["My order is two weeks late.", "I was charged twice, fix it!", "The app keeps crashing, useless."]
REPLY = "We're sorry for the trouble. Please DM us your order number and we'll look into it."


def _generic(linter: Linter, text: str, context: str | None) -> bool:
    return any(f.code == "RL711" for f in linter.lint(text, context=context).findings)


def test_pleasantries_under_a_complaint_are_flagged(linter: Linter) -> None:
    complaint = "Номер был грязный, завтрак холодный, персонал грубил."
    assert _generic(linter, "Спасибо за ваш визит к нам. Надеемся увидеть вас в скором будущем.", complaint)
    assert _generic(linter, "Thank you for your feedback. We hope to see you again soon!", "The room was dirty, awful.")


def test_a_specific_answer_or_another_kind_of_message_is_not(linter: Linter) -> None:
    complaint = "The room was dirty, awful."
    assert not _generic(
        linter, "Thanks for the feedback. We've refunded the night and retrained housekeeping.", complaint
    )
    assert not _generic(linter, "Sorry to hear that! This guide should help: https://example.com/fix", complaint)
    assert not _generic(linter, "Thank you for your feedback. We hope to see you again soon!", "Great stay, thanks!")
    assert not _generic(linter, "Ok.", complaint)


def test_specific_words_allowed_is_an_option() -> None:
    text = "Thank you for your feedback about breakfast. We hope to see you again soon!"
    complaint = "The breakfast was awful."
    assert not _generic(Linter(Config(select=["RL711"])), text, complaint)
    lenient = Linter(Config(select=["RL711"], rules={"RL711": {"options": {"max-specific-words": 1}}}))
    assert _generic(lenient, text, complaint)


def test_normalised_replies_ignore_handles_signatures_case_and_punctuation() -> None:
    assert normalise_reply("@115712 Please send us a DM! ^HSB") == "please send us a dm"
    assert normalise_reply("@998877 please send us a DM. -KC") == "please send us a dm"
    assert normalise_reply("Ещё раз приносим извинения") == "еще раз приносим извинения"


def test_every_repeat_under_different_complaints_is_flagged(linter: Linter) -> None:
    replies = [f"@{n} {REPLY}" for n in (111, 222, 333)]
    reports = linter.lint_many(replies, contexts=COMPLAINTS)
    found = [[f for f in report.findings if f.code == "RL712"] for report in reports]
    assert [len(f) for f in found] == [0, 1, 1]
    assert (
        found[1][0].message
        == "The same reply went to 3 different complaints in this batch; this is copy 2 (first: reply 1)."
    )
    assert found[2][0].message.endswith("this is copy 3 (first: reply 1).")
    assert found[1][0].start is None


def test_repeats_that_do_not_count(linter: Linter) -> None:
    def flagged(texts: list[str], contexts: list[str | None] | None) -> int:
        reports = linter.lint_many(texts, contexts=contexts)
        return sum(f.code == "RL712" for report in reports for f in report.findings)

    assert flagged([REPLY, REPLY], ["My order is late.", "my order is late!"]) == 0
    assert flagged(["Thanks so much, we're glad you enjoyed it!"] * 2, ["Great service!", "Loved the menu!"]) == 0
    assert flagged(["So sorry about that!"] * 3, COMPLAINTS) == 0
    assert flagged([REPLY, "We're sorry for the trouble. Please call us."], COMPLAINTS[:2]) == 0
    assert not any(f.code == "RL712" for f in linter.lint(REPLY, context=COMPLAINTS[0]).findings)


def test_without_contexts_the_reply_says_it_answers_a_complaint(linter: Linter) -> None:
    reports = linter.lint_many([REPLY, REPLY])
    assert [sum(f.code == "RL712" for f in r.findings) for r in reports] == [0, 1]
    assert reports[1].score < reports[0].score
