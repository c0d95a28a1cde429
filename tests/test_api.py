"""The public API contract: lint(), Linter, Report/Finding models, offsets and line/column."""

from __future__ import annotations

import threading

import pytest

import replylint
from replylint import Category, ContextKind, Finding, Language, Linter, Report, Severity


def test_lint_returns_report_with_findings_in_reply_language() -> None:
    report = replylint.lint("Ваши домыслы не имеют ничего общего с действительностью!!!")
    assert isinstance(report, Report)
    assert report.language is Language.RU
    blame = next(f for f in report.findings if f.category is Category.BLAME)
    assert blame.message.startswith("Обвиняет клиента")
    assert blame.severity is Severity.ERROR


def test_english_reply_gets_english_messages() -> None:
    report = replylint.lint("This is your fault.")
    assert [f.message for f in report.findings if f.code == "RL201"] == ["Blames the customer: “your fault”."]


def test_report_json_round_trip() -> None:
    report = replylint.lint("You should have read the policy!!!", context="My order never arrived.")
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report
    assert again.context.kind is ContextKind.COMPLAINT


def test_offsets_are_exact_on_multiline_text() -> None:
    text = "Здравствуйте.\r\nСпасибо за отзыв.\n\nНо ваши домыслы — неправда!!!\n"
    report = replylint.lint(text)
    for finding in report.findings:
        if finding.start is None:
            continue
        assert finding.end is not None
        assert text[finding.start : finding.end] == finding.match
        lines = text.split("\n")
        assert lines[finding.line - 1][finding.column - 1 :].startswith(finding.match.split("\n")[0])
    run = next(f for f in report.findings if f.code == "RL101")
    assert (run.line, run.column, run.end_line, run.end_column) == (4, 27, 4, 30)
    blame = next(f for f in report.findings if f.code == "RL201")
    assert (blame.line, blame.column) == (4, 4)


def test_whole_reply_finding_has_null_span_and_covers_the_text() -> None:
    report = replylint.lint("Line one.\nLine two", context="Where is my refund? It is late again.")
    whole = [f for f in report.findings if f.start is None]
    assert whole, report
    assert all((f.line, f.column, f.end_line, f.end_column) == (1, 1, 2, 9) for f in whole)


def test_language_override_and_mixed_detection() -> None:
    assert replylint.lint("Hello", language="ru").language is Language.RU
    assert replylint.lint("Спасибо, we will call you tomorrow").language is Language.MIXED


def test_mixed_reply_runs_both_languages_rules_with_english_messages() -> None:
    report = replylint.lint("Ваши домыслы, and this is your fault.")
    blame = [f for f in report.findings if f.code == "RL201"]
    assert [f.match for f in blame] == ["Ваши домыслы", "your fault"]
    assert all(f.message.startswith("Blames") for f in blame)


def test_lint_many_pairs_replies_with_contexts(linter: Linter) -> None:
    reports = linter.lint_many(
        ["Спасибо, ждём вас снова!", "Please check the app."],
        contexts=["Всё понравилось, спасибо!", "My card was charged twice, this is wrong."],
    )
    assert [r.context.kind for r in reports] == [ContextKind.PRAISE, ContextKind.COMPLAINT]
    assert "RL601" in [f.code for f in reports[1].findings]


def test_linter_is_thread_safe(linter: Linter) -> None:
    texts = ["Это ваша вина!!!", "This is your fault!!!"] * 20
    expected = [linter.lint(t) for t in texts]
    results: list[Report | None] = [None] * len(texts)

    def work(index: int) -> None:
        results[index] = linter.lint(texts[index])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == expected


def test_finding_is_immutable() -> None:
    finding = replylint.lint("your fault").findings[0]
    with pytest.raises(ValueError):
        finding.code = "RL999"  # type: ignore[misc]
    assert isinstance(finding, Finding)


def test_score_drops_with_findings() -> None:
    clean = replylint.lint("Thanks for the kind words, see you soon.")
    bad = replylint.lint("This is your fault!!! You should have read it!!!")
    assert clean.score == 100
    assert bad.score < clean.score
    assert bad.summary.errors >= 1 and bad.summary.by_category["blame"] >= 1
