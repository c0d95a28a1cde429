"""The tone score and the counts of a list of findings (docs/scoring.md): one reply's, one file's."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from replylint.models import Finding, Severity, Summary, built

#: Score penalty per finding, by severity; each rule counts at most :data:`MAX_COUNTED` times.
PENALTY = {Severity.ERROR: 25, Severity.WARNING: 10, Severity.INFO: 3}
MAX_COUNTED = 2


def tone_score(findings: Sequence[Finding]) -> int:
    """100 minus a penalty per finding by severity, each rule counted at most twice; never below 0."""
    counted: Counter[str] = Counter()
    penalty = 0
    for finding in findings:
        counted[finding.code] += 1
        if counted[finding.code] <= MAX_COUNTED:
            penalty += PENALTY[finding.severity]
    return max(0, 100 - penalty)


def summarize(findings: Sequence[Finding]) -> Summary:
    """Counts per severity and category."""
    severities = Counter(f.severity for f in findings)
    return built(
        Summary,
        {
            "errors": severities[Severity.ERROR],
            "warnings": severities[Severity.WARNING],
            "infos": severities[Severity.INFO],
            "by_category": dict(Counter(str(f.category) for f in findings)),
        },
    )
