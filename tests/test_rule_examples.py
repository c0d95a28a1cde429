"""Every rule's own examples are its first tests: each must-flag example is flagged, each must-pass one is not."""

from __future__ import annotations

import pytest

from replylint import Finding, Language, Linter
from replylint.checks import CHECKS, Example
from replylint.checks.directive import DirectiveCheck
from replylint.files import lint_source
from replylint.packs import RuleSpec, builtin_specs

SPECS = builtin_specs()


def lint_file_text(name: str, text: str, linter: Linter, lang: Language) -> list[Finding]:
    """Lint a file's text as ``replylint check`` does, directive findings included."""
    return lint_source(text, name=name, linter=linter, language=lang).findings


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


def _findings(linter: Linter, lang: Language, example: Example, spec: RuleSpec) -> list[Finding]:
    """Lint an example as written: alone, or (``sent-to``) as the same reply to several customer messages; the
    example of a rule about a file's directives is the text of a file (a ``.j2`` template if ``template``)."""
    if isinstance(CHECKS[spec.check], type) and issubclass(CHECKS[spec.check], DirectiveCheck):
        return lint_file_text("example.j2" if example.template else "example.txt", example.text, linter, lang)
    if example.sent_to:
        texts = [example.text] * len(example.sent_to)
        reports = linter.lint_many(texts, language=lang, channel=example.channel, contexts=example.sent_to)
        return [f for report in reports for f in report.findings]
    report = linter.lint(
        example.text, language=lang, channel=example.channel, context=example.context, template=example.template
    )
    return report.findings


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.code)
def test_every_rule_has_examples_in_both_languages(spec: RuleSpec) -> None:
    data = spec.language_data()
    for lang in (Language.RU, Language.EN):
        assert lang in data, f"{spec.code} has no {lang.value} examples"
        assert data[lang].examples(flagged=True), f"{spec.code} has no must-flag {lang.value} example"
        assert data[lang].examples(flagged=False), f"{spec.code} has no must-pass {lang.value} example"


@pytest.mark.parametrize("case", _cases(True), ids=_id)
def test_must_flag(linter: Linter, case: tuple[RuleSpec, Language, Example]) -> None:
    spec, lang, example = case
    findings = _findings(linter, lang, example, spec)
    assert spec.code in [f.code for f in findings], [f.model_dump() for f in findings]


@pytest.mark.parametrize("case", _cases(False), ids=_id)
def test_must_pass(linter: Linter, case: tuple[RuleSpec, Language, Example]) -> None:
    spec, lang, example = case
    hits = [f for f in _findings(linter, lang, example, spec) if f.code == spec.code]
    assert not hits, hits
