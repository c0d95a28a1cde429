"""Every rule's own examples are its first tests: each must-flag example is flagged (at the spans it marks, with the
suggestion it states), each must-pass one is not."""

from __future__ import annotations

import pytest

from replylint import Language, Linter
from replylint.checks import Example
from replylint.examples import example_findings
from replylint.packs import RuleSpec, builtin_specs

SPECS = builtin_specs()


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
