"""The clause check: a subject and, in its clause, a predicate of the rule's class (RL204)."""

from __future__ import annotations

import pytest

from replylint import Config, Language, Linter
from replylint.analysis import analyze
from replylint.checks.clause import ClauseCheck, ClauseData, ClauseOptions


@pytest.fixture(scope="module")
def blame() -> Linter:
    return Linter(Config(select=["RL204"]))


def _matches(linter: Linter, text: str, language: str = "ru") -> list[str]:
    return [f.match or "" for f in linter.lint(text, language=language).findings]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Вы, скорее всего, вводите пароль неправильно и неправильно его сохраняете.", "Вы, скорее всего, вводите"),
        ("Мы проверили: вы, видимо, не прочитали письмо.", "вы, видимо, не прочитали"),
        ("Гость сам сломал замок в номере.", "Гость сам сломал"),
        ("Судя по всему, вы опять что-то напутали с датами.", "вы опять что-то напутали"),  # a hyphenated word
    ],
)
def test_the_span_runs_from_subject_to_predicate(blame: Linter, text: str, span: str) -> None:
    assert _matches(blame, text)[0].startswith(span)


@pytest.mark.parametrize(
    "text",
    [
        "Вы правы, курьер перепутал адрес.",  # a comma that brackets no aside ends the clause
        "Вы знаете, что курьер перепутал адрес?",
        "Вы пишете, что сами перепутали даты.",  # reported speech
        "Когда вы перепутали даты, мы сразу всё исправили.",  # a condition, not a claim
        "Вы не перепутали даты? Проверьте, пожалуйста.",  # a question
        "Возможно, вы перепутали даты, проверьте, пожалуйста.",  # a softened sentence
        "Вы оформили заказ, а курьер перепутал адрес.",
    ],
)
def test_outside_the_clause_or_softened_nothing_is_flagged(blame: Linter, text: str) -> None:
    assert _matches(blame, text) == []


def test_english_subjects_and_predicates(blame: Linter) -> None:
    assert _matches(blame, "You obviously never read the terms.", "en") == ["You obviously never read"]
    assert _matches(blame, "You're right that we never read it properly.", "en") == []


def test_reach_is_an_option() -> None:
    data = ClauseData(subjects=["=вы"], predicates=["перепутать"])
    text = "Вы при оформлении заказа на сайте в прошлую пятницу перепутали даты."
    doc = analyze(text, Language.RU)
    near = ClauseCheck(ClauseOptions(reach=3), {Language.RU: data})
    far = ClauseCheck(ClauseOptions(reach=10), {Language.RU: data})
    assert list(near.spans(doc, Language.RU)) == []
    assert list(far.spans(doc, Language.RU)) == [(0, text.index("перепутали") + len("перепутали"))]
