"""Linting a reply leaves no reference cycles behind: everything it builds is freed by reference counting when the
report is returned, so the collector has nothing of it to walk (a cycle per reply made the collector pass over the
objects of the last few replies every few replies, 0.3–1 ms a pass on a long reply, and kept each reply's tokens
alive until then)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from replylint import Linter
from replylint.analysis import analyze
from replylint.analysis.matcher import PhraseMatcher

REPLIES = [
    # English: phrases with optional words and gaps, a question, an apology, a next step.
    "We are sorry if you feel that way about the delay. It is your own responsibility to check the address, "
    "but we will look into it today. Could you send us your order number? Thanks for your patience!",
    "Hi Sam, thank you for the kind words! Please contact your bank about the charge; you should have read the "
    "terms before ordering. We'll email you by Friday with an update.",
    # Russian: the same kinds of phrases, with readings and a negation.
    "Мне жаль, что у вас сложилось такое впечатление о нашей работе. Тем не менее, мы вернём деньги до пятницы. "
    "Напишите, пожалуйста, номер заказа, и мы всё проверим.",
    "Здравствуйте! Вы сами не удосужились прочитать условия, а претензии все к ним. Согласно регламенту, "
    "возврат невозможен. Если дата не подходит, позвоните нам завтра.",
]


@pytest.fixture
def collector_off() -> Iterator[None]:
    """The collector idle, with nothing of before the test for it to find."""
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@pytest.mark.parametrize("text", REPLIES, ids=["en-1", "en-2", "ru-1", "ru-2"])
def test_a_reply_linted_leaves_no_cycle_for_the_collector(linter: Linter, text: str, collector_off: None) -> None:
    linter.lint(text)  # first sight of the words: caches fill
    gc.collect()
    report = linter.lint(text)
    assert report.findings or report.sentences
    del report
    assert gc.collect() == 0


def test_a_phrase_search_with_gaps_leaves_no_cycle(collector_off: None) -> None:
    matcher = PhraseMatcher(["sorry (that|if) you * feel|felt", "сожалеть|жаль (что|если) у вы * сложиться"])
    for text in ("We are so sorry that you really felt ignored.", "Нам жаль, что у вас так сложилось."):
        doc = analyze(text)
        assert list(matcher.finditer(doc))
        del doc
        assert gc.collect() == 0
