"""Messages read right: numbers agree with their nouns (pymorphy3 in Russian, two forms in English), every
message is rendered in docs/messages.md, and a template that cannot be rendered stops the pack from loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from replylint import Config, Linter
from replylint.config import config_from_mapping
from replylint.errors import ConfigError
from replylint.messagedoc import render_messages
from replylint.messages import TemplateError, agree_russian, check_template, render
from replylint.models import Language
from replylint.packs import builtin_specs, load_pack

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _message(linter: Linter, text: str, code: str, **kwargs: object) -> str:
    report = linter.lint(text, **kwargs)  # type: ignore[arg-type]
    return next(f.message for f in report.findings if f.code == code)


@pytest.mark.parametrize(
    ("words", "number", "expected"),
    [
        ("восклицательный знак", 1, "восклицательный знак"),
        ("восклицательный знак", 3, "восклицательных знака"),
        ("восклицательный знак", 6, "восклицательных знаков"),
        ("восклицательный знак", 11, "восклицательных знаков"),
        ("символ", 321, "символ"),
        ("предложение", 1, "предложение"),
        ("предложение", 22, "предложения"),
        ("разную жалобу", 2, "разные жалобы"),
        ("разную жалобу", 5, "разных жалоб"),
        ("символа", 1, "символа"),
        ("символа", 2, "символов"),
        ("Такой приказ", 4, "Таких приказа"),
    ],
)
def test_russian_words_agree_with_the_number(words: str, number: int, expected: str) -> None:
    assert agree_russian(words, number) == expected


def test_rendering_fills_values_agrees_and_leaves_the_rest() -> None:
    values = {"count": "1", "match": "{count}"}
    assert render("{count} {count|mark|marks}: “{match}” {limit} {{x}}", values, Language.EN) == (
        "1 mark: “{count}” {limit} {x}"
    )
    assert render("{count} {count|mark|marks}", {"count": "7"}, Language.EN) == "7 marks"
    assert render("{n} {n|знак}", {"n": "many"}, Language.RU) == "many знак"


@pytest.mark.parametrize(
    ("template", "language"),
    [("{count|mark}", Language.EN), ("{count|знак|знаков}", Language.RU), ("{count|очень}", Language.RU)],
)
def test_fields_that_cannot_agree_are_rejected(template: str, language: Language) -> None:
    with pytest.raises(TemplateError):
        check_template(template, language)


def test_a_pack_with_a_broken_agreement_field_does_not_load(tmp_path: Path) -> None:
    pack = tmp_path / "pack.toml"
    pack.write_text(
        '[[rule]]\ncode = "XX101"\nname = "x"\ncategory = "jargon"\nseverity = "info"\ncheck = "phrase"\n'
        'rationale = "r"\nmessage.en = "{count} {count|word}"\nmessage.ru = "{count} {count|слово}"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="two forms"):
        load_pack(pack)


def test_counts_agree_in_the_messages_of_real_replies(linter: Linter) -> None:
    six = "Здравствуйте! Спасибо! Мы всё проверили! Ошибки нет! Ждём вас! До встречи!"
    assert _message(linter, six, "RL102").startswith("В ответе 6 восклицательных знаков")
    long_reply = "Спасибо за отзыв, " + "очень " * 49 + "рады вам."
    assert len(long_reply) == 321
    on_x = Linter(config_from_mapping({"channels": {"social": {"rules": {"RL901": {"options": {"max-chars": 280}}}}}}))
    assert _message(on_x, long_reply, "RL901", channel="social").startswith("В ответе 321 символ,")
    one_sentence = "Мы проверили заказ, " + "и " * 260 + "всё в порядке."
    wall = _message(linter, one_sentence, "RL902", channel="chat")
    assert f"{len(one_sentence)} символ" in wall and " и 1 предложение без разбивки" in wall
    english = _message(linter, "We checked your order, " + "and " * 130 + "it is fine.", "RL902", channel="chat")
    assert " and 1 sentence without a break" in english


def test_the_same_reply_to_two_complaints_reads_right(linter: Linter) -> None:
    reply = "Приносим извинения за неудобства. Мы уже разбираемся и скоро вернёмся с ответом."
    reports = linter.lint_many([reply, reply], contexts=["Заказ не пришёл!", "Деньги не вернули до сих пор!"])
    message = next(f.message for f in reports[1].findings if f.code == "RL712")
    assert message == (
        "Один и тот же ответ отправлен на 2 разные жалобы в этой выборке; это 2-я копия (первая — ответ № 1)."
    )


def test_messages_md_is_generated_from_the_packs() -> None:
    expected = render_messages(builtin_specs(), Linter(Config(preview=True)))
    actual = (DOCS / "messages.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/messages.md is stale: run `python -m replylint.messagedoc > docs/messages.md`"
