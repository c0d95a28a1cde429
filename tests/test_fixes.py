"""Fixes on replies: the edits findings carry, safe and unsafe, substitutions inflected in Russian, and the
lint-and-fix loop (overlaps, bounded rounds, no new findings)."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from replylint import Finding, Linter
from replylint.analysis import analyze
from replylint.checks.base import CheckInput
from replylint.checks.phrase import PhraseOptions
from replylint.checks.substitution import SubstitutionCheck, SubstitutionData
from replylint.fixes import apply_fixes, fix_text, fixable
from replylint.models import Applicability, ContextKind, Edit, Fix, Language


def _finding(code: str, start: int, end: int, replacement: str, safe: bool = True) -> Finding:
    fix = Fix(
        applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
        edits=[Edit(start=start, end=end, replacement=replacement)],
    )
    return Finding(
        code=code,
        rule="r",
        category="jargon",
        severity="info",
        message="m",
        start=start,
        end=end,
        line=1,
        column=start + 1,
        end_line=1,
        end_column=end + 1,
        fix=fix,
    )


def _swapped(swap: dict[str, str], text: str, lang: Language) -> list[tuple[str, str | None]]:
    data = SubstitutionData.model_validate({"swap": swap})
    check = SubstitutionCheck(PhraseOptions(), {lang: data})
    hits = check.run(CheckInput(analyze(text, lang), None, ContextKind.OTHER))
    return [(text[h.start : h.end], h.replacement) for h in hits if h.start is not None and h.end is not None]


def test_findings_carry_fixes_in_the_callers_offsets(linter: Linter) -> None:
    text = "Спасибо!!!  Денежные средства вернём завтра."
    report = linter.lint(text)
    fixes = {f.code: f.fix for f in report.findings if f.fix}
    run = fixes["RL101"]
    assert run is not None and run.applicability is Applicability.SAFE
    assert [(text[e.start : e.end], e.replacement) for e in run.edits] == [("!!!", "!")]
    jargon = fixes["RL701"]
    assert jargon is not None
    assert [(text[e.start : e.end], e.replacement) for e in jargon.edits] == [("Денежные средства", "Деньги")]
    dumped = json.loads(report.model_dump_json())
    assert {"applicability": "safe", "edits": [{"start": 7, "end": 10, "replacement": "!"}]} in [
        f["fix"] for f in dumped["findings"]
    ]


def test_offsets_survive_hidden_characters(linter: Linter) -> None:
    text = "We\u200b refunded you!!!"
    (finding,) = [f for f in linter.lint(text).findings if f.code == "RL101"]
    assert finding.fix is not None
    edit = finding.fix.edits[0]
    assert text[edit.start : edit.end] == "!!!"


def test_rules_without_a_fix_offer_none(linter: Linter) -> None:
    report = linter.lint("Вы сами виноваты, что опоздали.")
    assert [f.code for f in report.findings if f.code == "RL201"] == ["RL201"]
    assert all(f.fix is None for f in report.findings)


def test_unsafe_fixes_only_when_asked(linter: Linter) -> None:
    text = "WE CANNOT REFUND opened items!!!"
    safe = fix_text(text, lambda t: linter.lint(t).findings)
    assert safe.text == "WE CANNOT REFUND opened items!"
    assert [f.code for f in safe.remaining if f.fix] == ["RL110"]
    both = fix_text(text, lambda t: linter.lint(t).findings, unsafe=True)
    assert both.text == "We cannot refund opened items!"
    assert sorted(f.code for f in both.fixed) == ["RL101", "RL110"]


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Возврат денежных средств займёт неделю.", "Возврат денег займёт неделю."),
        ("Мы вернём деньги по денежным средствам клиента.", "Мы вернём деньги по деньгам клиента."),
        ("Проверьте вышеуказанные заказы.", "Проверьте эти заказы."),
        ("Посылка пришла по вышеуказанному адресу.", "Посылка пришла по этому адресу."),
        # «о вышеуказанной» would need «об этой»: the word before is not the fix's to change, so none is offered.
        ("Напишите о вышеуказанной проблеме.", "Напишите о вышеуказанной проблеме."),
        ("Напишите о денежных средствах.", "Напишите о деньгах."),
    ],
)
def test_russian_swaps_take_the_case_and_number(linter: Linter, text: str, fixed: str) -> None:
    assert fix_text(text, lambda t: [f for f in linter.lint(t).findings if f.code == "RL701"]).text == fixed


def test_substitution_keeps_a_capital_and_swaps_exact_forms_only() -> None:
    swap = {"в =целях": "для", "as per": "in line with"}
    assert _swapped(swap, "В целях безопасности смените пароль.", Language.RU) == [("В целях", "Для")]
    assert _swapped(swap, "Мяч попал в цель.", Language.RU) == []
    assert _swapped(swap, "We did it as per your request.", Language.EN) == [("as per", "in line with")]


def test_a_swap_may_not_also_be_a_plain_phrase() -> None:
    with pytest.raises(ValidationError, match="is a swap and also listed"):
        SubstitutionData.model_validate({"phrases": ["as per"], "swap": {"as per": "in line with"}})
    with pytest.raises(ValidationError, match="rewrite of a phrase the rule does not list"):
        SubstitutionData.model_validate({"phrases": ["as per"], "rewrite": {"per": "x"}})


def test_overlapping_fixes_wait_for_the_next_round() -> None:
    text = "abcdef"
    first, second, third = _finding("X1", 0, 3, "A"), _finding("X2", 2, 5, "B"), _finding("X3", 5, 6, "F")
    fixed, applied = apply_fixes(text, [second, third, first])
    assert fixed == "AdeF"
    assert [f.code for f in applied] == ["X1", "X3"]


def test_unsafe_fixes_are_left_out_unless_asked() -> None:
    findings = [_finding("X1", 0, 1, "A"), _finding("X2", 1, 2, "B", safe=False)]
    assert [f.code for f in fixable(findings)] == ["X1"]
    assert apply_fixes("ab", findings)[0] == "Ab"
    assert apply_fixes("ab", findings, unsafe=True)[0] == "AB"


def test_the_loop_reruns_until_nothing_applies_and_is_bounded() -> None:
    calls: list[str] = []

    def lint(text: str) -> list[Finding]:  # one "aa" at a time becomes "a": several rounds are needed
        calls.append(text)
        at = text.find("aa")
        return [_finding("X1", at, at + 2, "a")] if at >= 0 else []

    result = fix_text("aaaaa", lint)
    assert result.text == "a"
    assert len(result.fixed) == 4 and not result.remaining
    assert fix_text("aaaaa", lint, rounds=2).text == "aaa"


def test_a_round_that_adds_findings_is_undone() -> None:
    def lint(text: str) -> list[Finding]:
        if text == "bad":
            return [_finding("X1", 0, 3, "worse")]
        return [_finding("X2", 0, 1, "w")] if text == "worse" else []

    result = fix_text("bad", lint)
    assert result.text == "bad"
    assert [f.code for f in result.gained] == ["X2"]
    assert not result.fixed
