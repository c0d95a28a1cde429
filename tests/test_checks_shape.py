"""The hostile-shape check: one grammar reads a sentence's category (RL206 blame, RL304 condescension, RL507 rude)."""

from __future__ import annotations

import pytest

from replylint import Config, Language, Linter
from replylint.analysis import analyze
from replylint.checks.base import FindingsCheck
from replylint.checks.learned_act import LearnedActCheck
from replylint.checks.shape import ShapeCheck, shape_readings

SHAPES = ["RL206", "RL304", "RL507"]


@pytest.fixture(scope="module")
def shapes() -> Linter:
    return Linter(Config(select=SHAPES))


def _readings(text: str) -> list[str]:
    return list(shape_readings(analyze(text, Language.RU), Language.RU).values())


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        # the customer's past failure: blame
        ("Внимательнее надо было выбирать тариф.", "blame"),
        ("Вы же взрослые люди, могли бы и сами посмотреть расписание.", "blame"),
        # advice for the future or the customer's mind: condescension, even beside a past deed
        ("Внимательнее выбирайте тариф.", "condescension"),
        ("Всё есть в письме, которое вы получили, прочтите его внимательно.", "condescension"),
        ("Взрослый человек должен понимать такие вещи.", "condescension"),
        ("Сроки ориентировочные, это вам не поезд.", "condescension"),
        # contempt: rudeness, whatever else the sentence says
        ("Записывайтесь заранее, как все нормальные люди.", "rudeness"),
        ("Мы вам не нянька, за детьми следите сами.", "rudeness"),
        ("Тут вам не рынок, чтобы торговаться.", "rudeness"),
    ],
)
def test_the_sentence_decides_the_category(text: str, reading: str) -> None:
    assert _readings(text) == [reading]


@pytest.mark.parametrize(
    "text",
    [
        "Мы внимательно изучили вашу жалобу.",  # the company's own care
        "Спасибо, что так внимательно следите за акциями!",
        "Наши мастера — взрослые люди, и мы с ними поговорим.",
        "Для группы от шести человек сопровождающий взрослый проходит бесплатно.",
        "Мы вам не звонили: заказ ещё собирается.",  # a verb after «вам не»
        "Если новый тариф вам не подходит, вернём прежний.",
        "Вы пишете: «надо было внимательнее упаковывать», и вы правы.",  # the customer's words
        "Вы читали условия внимательно?",  # a question
    ],
)
def test_no_shape(text: str) -> None:
    assert _readings(text) == []


def test_each_rule_reports_its_own_reading(shapes: Linter) -> None:
    text = (
        "Внимательнее надо было выбирать тариф. Взрослый человек должен понимать такие вещи. "
        "Ждите, как все нормальные люди."
    )
    found = {f.code: f.match for f in shapes.lint(text, language="ru").findings}
    assert found == {
        "RL206": "Внимательнее надо было выбирать тариф.",
        "RL304": "Взрослый человек должен понимать такие вещи.",
        "RL507": "Ждите, как все нормальные люди.",
    }


def test_a_sentence_its_category_reported_is_left_alone() -> None:
    linter = Linter(Config(select=["RL301", "RL304"]))
    findings = linter.lint("Читайте договор внимательнее.", language="ru").findings
    assert [f.code for f in findings] == ["RL301"]


def test_shapes_run_before_the_learned_acts() -> None:
    """The learned classifier of a category reads only what the shape rule of it left (the stage of each check)."""
    linter = Linter()
    for rules in linter._after.values():
        kinds = [type(r.check) for r in rules if isinstance(r.check, FindingsCheck)]
        if ShapeCheck in kinds and LearnedActCheck in kinds:
            last_shape = max(i for i, k in enumerate(kinds) if k is ShapeCheck)
            assert last_shape < min(i for i, k in enumerate(kinds) if k is LearnedActCheck)
