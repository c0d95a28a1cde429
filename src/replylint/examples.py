"""How a rule's example is linted: alone, as the same reply sent to several customers (``sent-to``), or, for a
rule about a file's directives, as the text of a file (a ``.j2`` template when ``template`` is set)."""

from __future__ import annotations

from replylint.checks import Example
from replylint.checks.directive import DirectiveCheck
from replylint.engine import Linter
from replylint.files import lint_source
from replylint.models import Finding, Language
from replylint.packs import RuleSpec
from replylint.registry import check_kind


def example_findings(linter: Linter, spec: RuleSpec, lang: Language, example: Example) -> list[Finding]:
    """Every finding on an example of ``spec`` in ``lang``, linted as the example says."""
    if issubclass(check_kind(spec), DirectiveCheck):
        name = "example.j2" if example.template else "example.txt"
        return lint_source(example.text, name=name, linter=linter, language=lang, channel=example.channel).findings
    if example.sent_to:
        texts = [example.text] * len(example.sent_to)
        reports = linter.lint_many(texts, language=lang, channel=example.channel, contexts=example.sent_to)
        return [f for report in reports for f in report.findings]
    report = linter.lint(
        example.text, language=lang, channel=example.channel, context=example.context, template=example.template
    )
    return report.findings
