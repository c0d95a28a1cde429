"""Directive hygiene: a file's directive issues as findings of the directive rules (``rules/directive.toml``)."""

from __future__ import annotations

from replylint.checks import Hit
from replylint.checks.directive import DirectiveCheck
from replylint.engine import Linter, finding
from replylint.lines import LineIndex
from replylint.models import Channel, Finding, Language
from replylint.sources.suppress import Suppressions


def directive_findings(
    linter: Linter, suppressions: Suppressions, lines: LineIndex, language: Language, channel: Channel | None
) -> list[Finding]:
    """Findings on the directives of a file once all of its findings went through ``suppressions``: selectors
    naming no rule of the linter's packs, and directives that suppressed nothing. Each is reported by the directive
    rule the configuration selects (with its severity in the channel); only a directive that names that rule
    suppresses it (a blanket ``disable-file`` does not); ``language`` is the language of the messages."""
    rules = {
        rule.check.unused: rule
        for rule in linter.rules
        if isinstance(rule.check, DirectiveCheck) and linter.rule_for(rule.spec.code, channel) is not None
    }
    if not rules:
        return []
    keys = [(spec.code, spec.name, spec.category.value) for spec in linter.specs]
    exempt = [(r.spec.code, r.spec.name, r.spec.category.value) for r in rules.values()]
    found = []
    for issue in suppressions.issues(keys, exempt):
        rule = rules.get(issue.unused)
        if rule is None:
            continue
        channel_rule = linter.rule_for(rule.spec.code, channel) or rule
        hit = Hit(issue.start, issue.end, {"match": issue.text})
        at, until = lines.line_col(issue.start), lines.line_col(issue.end)
        result = finding(channel_rule, hit, language, at, until, issue.text, (issue.start, issue.end))
        if not suppressions.suppresses(result, credit=False, blanket=False):
            found.append(result)
    return found
