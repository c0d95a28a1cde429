"""The phrase check's `not-counting` list: longer look-alikes that silence the matches they overlap."""

from __future__ import annotations

from replylint.analysis import analyze
from replylint.checks.base import CheckInput
from replylint.checks.phrase import PhraseCheck, PhraseData, PhraseOptions
from replylint.models import ContextKind, Language


def _spans(data: PhraseData, text: str) -> list[tuple[int | None, int | None]]:
    check = PhraseCheck(PhraseOptions(), {Language.EN: data, Language.RU: data})
    return [(h.start, h.end) for h in check.run(CheckInput(analyze(text), None, ContextKind.OTHER))]


def _matches(data: PhraseData, text: str) -> list[str]:
    return [text[s:e] for s, e in _spans(data, text) if s is not None]


def test_not_counting_drops_overlapping_matches_only() -> None:
    data = PhraseData.model_validate({"phrases": ["you should have"], "not-counting": ["you should have receiv"]})
    text = "You should have received an email. You should have checked the size."
    start = text.index("You should have checked")
    assert _spans(data, text) == [(start, start + len("You should have"))]


def test_not_counting_that_only_overlaps_still_silences() -> None:
    data = PhraseData.model_validate(
        {"phrases": ["speak with your bank"], "not-counting": ["chance to speak"]},
    )
    assert _matches(data, "Have you had a chance to speak with your bank?") == []
    assert _matches(data, "Speak with your bank.") == ["Speak with your bank"]


def test_lemmas_and_grammemes_in_not_counting() -> None:
    data = PhraseData.model_validate(
        {"phrases": ["вы должный:ADJS быть:past"], "not-counting": ["вы должный:ADJS быть:past получить"]}
    )
    assert _matches(data, "Вы должны были получить письмо.") == []
    assert _matches(data, "Вы должны были проверить товар.") == ["Вы должны были"]


def test_when_limits_the_rule_to_kinds_of_customer_message() -> None:
    check = PhraseCheck(
        PhraseOptions.model_validate({"when": ["complaint"]}), {Language.EN: PhraseData(phrases=["=dude"])}
    )
    doc = analyze("Two minutes, dude.")
    assert [h.start for h in check.run(CheckInput(doc, None, ContextKind.COMPLAINT))] == [13]
    assert list(check.run(CheckInput(doc, None, ContextKind.QUESTION))) == []
