"""Sentence acts: every act's own examples, the grammar that decides between look-alikes, and where acts show."""

from __future__ import annotations

import json

import pytest

from replylint import ContextKind, Language, Linter
from replylint.analysis import analyze
from replylint.analysis.acts import ActExample, lexicon, sentence_acts
from replylint.cli import main
from replylint.models import Act

LEXICON = lexicon()


def _cases(performs: bool) -> list[tuple[Act, Language, ActExample]]:
    return [
        (act, lang, example)
        for act, spec in LEXICON.act.items()
        for lang, cues in ((Language.RU, spec.ru), (Language.EN, spec.en))
        for example in cues.examples(performs=performs)
    ]


def _id(case: tuple[Act, Language, ActExample]) -> str:
    act, lang, example = case
    return f"{act.value}-{lang.value}-{example.text[:40]}"


def acts_of(
    text: str, language: Language, kind: ContextKind | None = None, question: str | None = None
) -> list[set[Act]]:
    """The acts of each sentence of a reply (to ``question``, the customer's, when given)."""
    message = analyze(question, language) if question else None
    if message is not None and kind is None:
        kind = ContextKind.QUESTION
    return [set(s.acts) for s in sentence_acts(analyze(text, language), kind, message)]


def all_acts(text: str, language: Language, kind: ContextKind | None = None, question: str | None = None) -> set[Act]:
    return set().union(*acts_of(text, language, kind, question))


def test_every_act_has_examples_in_both_languages() -> None:
    assert set(LEXICON.act) == set(Act)
    for act, spec in LEXICON.act.items():
        for cues in (spec.ru, spec.en):
            assert cues.examples(performs=True), act
            assert cues.examples(performs=False), act


@pytest.mark.parametrize("case", _cases(True), ids=_id)
def test_example_performs_the_act(case: tuple[Act, Language, ActExample]) -> None:
    act, lang, example = case
    assert act in all_acts(example.text, lang, example.context, example.question)


@pytest.mark.parametrize("case", _cases(False), ids=_id)
def test_example_does_not_perform_the_act(case: tuple[Act, Language, ActExample]) -> None:
    act, lang, example = case
    assert act not in all_acts(example.text, lang, example.context, example.question)


@pytest.mark.parametrize(
    ("text", "language", "expected", "absent"),
    [
        ("We'll call you by Friday.", Language.EN, {Act.COMMITMENT, Act.TIME_FRAME}, {Act.REFUSAL}),
        ("We will not be able to share any firm dates.", Language.EN, {Act.REFUSAL}, {Act.COMMITMENT}),
        ("We hope to see you again soon.", Language.EN, {Act.PLEASANTRY}, {Act.COMMITMENT}),
        ("Let us know if you need anything else.", Language.EN, {Act.SIGN_OFF}, {Act.INSTRUCTION}),
        ("Let us know your booking reference.", Language.EN, {Act.INSTRUCTION, Act.INFO_REQUEST}, {Act.SIGN_OFF}),
        ("Мы вернём деньги до пятницы.", Language.RU, {Act.COMMITMENT, Act.TIME_FRAME}, {Act.REFUSAL}),
        ("К сожалению, мы не сможем принять товар.", Language.RU, {Act.REFUSAL}, {Act.COMMITMENT}),
        ("Надеемся увидеть вас снова.", Language.RU, {Act.PLEASANTRY}, {Act.COMMITMENT}),
        ("Заходите к нам ещё!", Language.RU, {Act.PLEASANTRY}, {Act.INSTRUCTION}),
        ("Пришлите фото чека.", Language.RU, {Act.INSTRUCTION, Act.INFO_REQUEST}, {Act.PLEASANTRY}),
    ],
)
def test_grammar_tells_look_alikes_apart(text: str, language: Language, expected: set[Act], absent: set[Act]) -> None:
    found = all_acts(text, language)
    assert expected <= found
    assert not absent & found


def test_a_negation_turns_a_promise_into_a_refusal_in_one_clause_only() -> None:
    found = acts_of("We can't refund the fare, but we can rebook you tomorrow.", Language.EN)
    assert {Act.REFUSAL, Act.OFFER} <= found[0]


def test_quoted_customer_words_perform_no_act() -> None:
    assert Act.APOLOGY not in all_acts("Вы пишете: «извините, но это безобразие». Заказ уже в пути.", Language.RU)


def test_an_answer_needs_a_question_and_a_fact() -> None:
    assert Act.ANSWER in all_acts("The pool is open until 10 pm.", Language.EN, ContextKind.QUESTION)
    assert Act.ANSWER not in all_acts("The pool is open until 10 pm.", Language.EN, ContextKind.COMPLAINT)
    assert Act.ANSWER not in all_acts("Delivery takes a while.", Language.EN, ContextKind.QUESTION)


def test_sentences_carry_their_spans() -> None:
    text = "Здравствуйте!\nМы проверим заказ сегодня."
    sentences = sentence_acts(analyze(text, Language.RU))
    assert [text[s.start : s.end] for s in sentences] == ["Здравствуйте!", "Мы проверим заказ сегодня."]
    assert sentences[0].acts == [Act.GREETING]


def test_the_report_exposes_acts(linter: Linter) -> None:
    report = linter.lint("Sorry about that! Please DM us your order number.", context="My order is late, awful.")
    assert [s.acts for s in report.sentences] == [
        [Act.APOLOGY],
        [Act.INSTRUCTION, Act.INFO_REQUEST, Act.CONTACT_CHANNEL],
    ]
    dumped = json.loads(report.model_dump_json())
    assert dumped["sentences"][1]["acts"] == ["instruction", "info-request", "contact-channel"]


@pytest.mark.parametrize(
    ("reply", "context"),
    [
        ("Thanks for the feedback. We hope to have you on board again soon.", "Awful flight, the seat was broken."),
        ("Благодарим за ваш визит. Надеемся снова увидеть вас в нашем кафе.", "Ужасно: ждали заказ час, всё остыло."),
        (
            "I'm really sorry you were charged twice. That's not the experience we want you to have.",
            "You charged my card twice, terrible service.",
        ),
        ("Unfortunately we will not be able to provide any clear updates.", "My order is late, this is awful."),
    ],
)
def test_a_pleasantry_an_apology_or_a_refusal_is_no_next_step(linter: Linter, reply: str, context: str) -> None:
    assert "RL603" in [f.code for f in linter.lint(reply, context=context).findings]


def test_check_explain_acts_prints_each_sentence(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    reply = folder / "reply.txt"
    reply.write_text("Thank you for your feedback.\nWe hope to see you again soon.\n", encoding="utf-8")
    context = folder / "context.txt"
    context.write_text("Terrible experience, my order arrived two weeks late.", encoding="utf-8")
    code = main(["check", "--explain-acts", "--context-file", str(context), str(reply)])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{reply}:1:1: [thanks] Thank you for your feedback." in out
    assert f"{reply}:2:1: [time-frame, pleasantry] We hope to see you again soon." in out
    assert "RL603" in out


def test_explain_acts_is_for_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--explain-acts", "--format", "json", "-"]) == 2
    assert "--explain-acts" in capsys.readouterr().err


def test_every_act_is_documented() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "acts.md").read_text(encoding="utf-8")
    assert all(f"| `{act.value}` |" in doc for act in Act)
