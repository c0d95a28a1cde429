"""Property-based tests of the API on generated, often hostile, replies (Hypothesis, with a fixed budget):
exact spans, line and column, the same report from eight threads, only documented errors, linear time."""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replylint import Linter, Report

#: Pieces that hostile replies are made of, mixed with arbitrary text: flagged phrases in both languages,
#: invisible characters, look-alike letters, punctuation runs, template delimiters, quotes, line breaks.
FRAGMENTS = [
    "This is your fault",
    "Вы сами виноваты",
    "YOU ARE WRONG",
    "!!!",
    "?!",
    "{{ name }}",
    "{%",
    "${",
    "[ИМЯ]",
    "«",
    "»",
    '"',
    "\u200b",
    "\u00ad",
    "\u2060",
    "\ufeff",
    "\x00",
    "\u034f",
    "а",
    "o",
    "\n",
    "\r\n",
    " ",
    "call +1 555 123 4567",
    "mail me@example.org",
    "🙂",
    "\u202e",
]
replies = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(FRAGMENTS)), max_size=25).map("".join)
BUDGET = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """Line and column as editors count them: ``\\r\\n``, ``\\n``, ``\\r``, U+2028 and U+2029 end a line."""
    starts = [m.end() for m in re.finditer("\r\n|[\n\r\u2028\u2029]", text) if m.end() <= offset]
    return len(starts) + 1, offset - (starts[-1] if starts else 0) + 1


def _check_spans(text: str, report: Report) -> None:
    for finding in report.findings:
        if finding.start is None or finding.end is None:
            assert finding.match is None
            continue
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.match
        assert (finding.line, finding.column) == _line_col(text, finding.start)
        assert (finding.end_line, finding.end_column) == _line_col(text, finding.end)


@BUDGET
@given(text=replies, context=st.none() | replies)
def test_spans_are_exact_and_lines_agree(linter: Linter, text: str, context: str | None) -> None:
    report = linter.lint(text, context=context)
    _check_spans(text, report)
    report.model_dump_json()


@BUDGET
@given(text=replies, language=st.sampled_from([None, "ru", "en", "mixed"]))
def test_any_language_and_channel_lints_without_error(linter: Linter, text: str, language: str | None) -> None:
    for channel in (None, "review", "social", "chat", "email"):
        _check_spans(text, linter.lint(text, language=language, channel=channel))


@BUDGET
@given(text=replies, surrogate=st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"]), at=st.integers(0, 400))
def test_lone_surrogates_never_raise(linter: Linter, text: str, surrogate: str, at: int) -> None:
    at = min(at, len(text))
    hostile = text[:at] + surrogate + text[at:]
    report = linter.lint(hostile, context=surrogate)
    assert report.invalid_characters == 2
    report.model_dump_json()
    for finding in report.findings:
        if finding.start is not None and finding.end is not None:
            piece = hostile[finding.start : finding.end]
            assert finding.match == piece.replace(surrogate, "\ufffd")


@settings(max_examples=20, deadline=None, derandomize=True, database=None)
@given(texts=st.lists(replies, min_size=8, max_size=8))
def test_eight_threads_give_the_same_reports(linter: Linter, texts: list[str]) -> None:
    expected = [linter.lint(t).model_dump() for t in texts]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda t: linter.lint(t).model_dump(), texts))
    assert got == expected


@settings(max_examples=12, deadline=None, derandomize=True, database=None)
@given(unit=st.lists(st.one_of(st.text(min_size=1, max_size=3), st.sampled_from(FRAGMENTS)), min_size=1, max_size=3))
def test_time_is_linear_in_the_length(
    linter: Linter, slowdown: Callable[[Linter, str, str], float], unit: list[str]
) -> None:
    piece = "".join(unit) or "!"
    short = (piece * (500 // len(piece) + 1))[:500]
    long = (piece * (8000 // len(piece) + 1))[:8000]
    # Linear: about 1× per character at 16× the length; quadratic: about 16×. Slack for a busy machine.
    assert slowdown(linter, short, long) < 5.0, repr(piece)
