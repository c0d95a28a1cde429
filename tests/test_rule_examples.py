"""Every rule's own examples are its first tests: each must-flag example is flagged (at the spans it marks, with the
suggestion it states), each must-pass one is not."""

from __future__ import annotations

import pytest

from replylint import Config, Finding, Language, Linter
from replylint.checks import Example
from replylint.examples import example_findings
from replylint.fixes import fix_text
from replylint.packs import RuleSpec, builtin_specs

SPECS = builtin_specs()


@pytest.fixture(scope="module")
def linter() -> Linter:
    """Every rule, the preview ones too: a preview rule's examples test it as much as a stable one's."""
    return Linter(Config(preview=True))


def _cases(flagged: bool) -> list[tuple[RuleSpec, Language, Example]]:
    return [
        (spec, lang, example)
        for spec in SPECS
        for lang, data in spec.language_data().items()
        for example in data.examples(flagged=flagged)
    ]


def _id(case: tuple[RuleSpec, Language, Example]) -> str:
    spec, lang, example = case
    return f"{spec.code}-{lang.value}-{example.text[:40]}"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.code)
def test_every_rule_has_examples_in_both_languages(spec: RuleSpec) -> None:
    data = spec.language_data()
    for lang in (Language.RU, Language.EN):
        assert lang in data, f"{spec.code} has no {lang.value} examples"
        assert data[lang].examples(flagged=True), f"{spec.code} has no must-flag {lang.value} example"
        assert data[lang].examples(flagged=False), f"{spec.code} has no must-pass {lang.value} example"


@pytest.mark.parametrize("case", _cases(True), ids=_id)
def test_must_flag(linter: Linter, case: tuple[RuleSpec, Language, Example]) -> None:
    """Flagged, and where the example states them, exactly the ⟦marked⟧ spans and the suggestion."""
    spec, lang, example = case
    findings = example_findings(linter, spec, lang, example)
    hits = [f for f in findings if f.code == spec.code]
    assert hits, [f.model_dump() for f in findings]
    if example.spans:
        flagged = sorted({(f.start, f.end) for f in hits if f.start is not None and f.end is not None})
        marked = [example.text[s:e] for s, e in example.spans]
        assert flagged == list(example.spans), (marked, [example.text[s:e] for s, e in flagged])
    if example.suggestion is not None:
        assert {f.suggestion for f in hits} == {example.suggestion}


@pytest.mark.parametrize("case", _cases(False), ids=_id)
def test_must_pass(linter: Linter, case: tuple[RuleSpec, Language, Example]) -> None:
    spec, lang, example = case
    hits = [f for f in example_findings(linter, spec, lang, example) if f.code == spec.code]
    assert not hits, hits


def _fixed_cases() -> list[tuple[RuleSpec, Language, Example]]:
    return [case for case in _cases(True) if case[2].fixed is not None]


def test_rules_state_fixed_text() -> None:
    """Every rule that offers fixes shows one applied in each language."""
    for spec in SPECS:
        if spec.fix is not None:
            langs = {lang for s, lang, _ in _fixed_cases() if s is spec}
            assert langs == {Language.RU, Language.EN}, (
                f"{spec.code} states no fixed text in {sorted({Language.RU, Language.EN} - langs)}"
            )


@pytest.mark.parametrize("case", _fixed_cases(), ids=_id)
def test_fixed_text(linter: Linter, case: tuple[RuleSpec, Language, Example]) -> None:
    """A must-flag example that states its fixed text: the rule's fixes (safe and unsafe), applied until none is
    left, give it."""
    spec, lang, example = case

    def own(text: str) -> list[Finding]:
        found = [
            f
            for f in example_findings(linter, spec, lang, example.model_copy(update={"text": text}))
            if f.code == spec.code
        ]
        assert all(f.fix is not None and f.fix.applicability == spec.fix for f in found), found
        return found

    result = fix_text(example.text, own, unsafe=True)
    assert result.text == example.fixed
    assert not result.remaining, result.remaining
