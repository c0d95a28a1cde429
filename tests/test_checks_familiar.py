"""The familiar-register check: «ты» forms and familiar address, read only where the rule's options say."""

from __future__ import annotations

import pytest

from replylint.analysis import analyze
from replylint.analysis.morphology import familiar_form
from replylint.checks.base import CheckInput
from replylint.checks.familiar import FamiliarRegisterCheck
from replylint.checks.phrase import PhraseData, PhraseOptions
from replylint.models import ContextKind, Language

DATA = {
    Language.RU: PhraseData(phrases=["дорогуша"], **{"not-counting": ["всем не угодить"]}),
    Language.EN: PhraseData(phrases=["=buddy"]),
}


def _matches(text: str, kind: ContextKind = ContextKind.COMPLAINT, **options: object) -> list[str]:
    check = FamiliarRegisterCheck(PhraseOptions.model_validate({"when": ["complaint"], **options}), DATA)
    return [text[h.start : h.end] for h in check.run(CheckInput(analyze(text), None, kind)) if h.start is not None]


@pytest.mark.parametrize("word", ["ты", "тебе", "твоя", "даёшь", "думаешь", "купи", "бери", "расслабься"])
def test_familiar_forms(word: str) -> None:
    assert familiar_form(word)


@pytest.mark.parametrize("word", ["вы", "ваш", "купите", "пришли", "нашли", "при", "день", "три", "см", "спешелти"])
def test_not_familiar(word: str) -> None:
    assert not familiar_form(word)


def test_finds_ty_forms_and_address() -> None:
    assert _matches("Ну ты даёшь, дорогуша. Купи нормальный телефон.") == ["ты", "даёшь", "дорогуша", "Купи"]
    assert _matches("It was two minutes, buddy.") == ["buddy"]


def test_only_to_the_kinds_named() -> None:
    assert _matches("Ну ты даёшь.", ContextKind.PRAISE) == []
    assert _matches("Ну ты даёшь.", ContextKind.OTHER) == []


def test_quotes_look_alikes_and_acts_leave_it_alone() -> None:
    assert _matches("Вы пишете: «Ты что, издеваешься?» Курьер приедет завтра.") == []
    assert _matches("Всем не угодишь.") == []
    assert _matches("Прости, это наш баг: напиши ID, начислим.", **{"unless-acts": ["apology"]}) == []
    assert _matches("Напиши ID, начислим.", **{"unless-acts": ["apology"]}) == ["Напиши"]
