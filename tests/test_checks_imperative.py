"""The imperative check: unsoftened commands that open a clause, counted per reply."""

from __future__ import annotations

from replylint import Linter
from replylint.analysis import analyze
from replylint.checks.base import CheckInput, Hit
from replylint.checks.imperative import ImperativeCheck, ImperativeData, ImperativeOptions
from replylint.models import ContextKind, Language

RU = ImperativeData(
    commands=[":VERB,impr", "не :VERB,impr"],
    allow=["написать", "не волноваться"],
    softeners=["пожалуйста"],
    lead=["просто"],
    joins=["и"],
)
EN = ImperativeData(commands=["=read|stop|cancel"], allow=["stop by"], softeners=["please"], lead=["just"])


def _hits(text: str, min_commands: int = 2) -> list[Hit]:
    options = ImperativeOptions.model_validate({"min-commands": min_commands})
    check = ImperativeCheck(options, {Language.RU: RU, Language.EN: EN})
    return list(check.run(CheckInput(analyze(text), None, ContextKind.OTHER)))


def _matches(text: str, min_commands: int = 2) -> list[str]:
    return [text[h.start : h.end] for h in _hits(text, min_commands) if h.start is not None]


def test_two_bare_russian_imperatives_are_flagged_with_their_count() -> None:
    hits = _hits("Прочитайте правила. Отмените заказ.")
    assert [h.values["count"] for h in hits] == ["2", "2"]
    assert _matches("Прочитайте правила. Отмените заказ.") == ["Прочитайте", "Отмените"]


def test_one_command_is_an_ordinary_instruction() -> None:
    assert _matches("Прочитайте правила.") == []
    assert _matches("Прочитайте правила.", min_commands=1) == ["Прочитайте"]


def test_a_softener_covers_its_sentence_only() -> None:
    assert _matches("Прочитайте, пожалуйста, правила и отмените заказ.") == []
    assert _matches("Прочитайте правила. Пожалуйста, отмените заказ. Просто ждите.") == ["Прочитайте", "ждите"]


def test_allowed_instructions_and_reassurances_are_not_commands() -> None:
    assert _matches("Напишите нам. Не волнуйтесь.") == []


def test_a_prohibition_counts_even_when_the_bare_verb_is_allowed() -> None:
    assert _matches("Не пишите нам. Отмените заказ.") == ["Не пишите", "Отмените"]


def test_commands_must_open_a_clause() -> None:
    # «Вы отмените …» is the future indicative; a question asks rather than orders.
    assert _matches("Вы отмените заказ. Отмените заказ?") == []
    assert _matches("Если хотите, отмените заказ и прочитайте правила.") == ["отмените", "прочитайте"]


def test_english_commands_are_listed_verbs_after_mentions_and_lead_words() -> None:
    assert _matches("@ann @bob Just read the terms. Stop tweeting.") == ["read", "Stop"]
    assert _matches("Please read the terms. Stop by any store. Reading helps.") == []


def test_a_hyphen_inside_a_word_opens_no_clause() -> None:
    assert _matches("The non-stop route is back. Cancel anytime.", min_commands=1) == ["Cancel"]


def test_shipped_rule_keeps_ordinary_support_phrasing_clean(linter: Linter) -> None:
    polite = [
        "DM us your order number. Let us know if the tracking updates. Check your spam folder.",
        "Reply with your order number and we'll take a look.",
        "Здравствуйте! Напишите нам номер заказа. Проверьте папку «Спам». Не волнуйтесь, всё вернём.",
        "Зайдите в личный кабинет и нажмите «Отменить». Ожидайте звонка курьера.",
    ]
    for text in polite:
        assert [f.match for f in linter.lint(text).findings if f.code == "RL302"] == []
