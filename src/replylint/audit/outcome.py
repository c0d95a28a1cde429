"""What one row of an audit comes to: its JSON line for the results file and what the summary counts of it."""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace

from replylint.audit.read import BadRow, Row
from replylint.lines import LineIndex
from replylint.models import Finding, Report
from replylint.scoring import tone_score

#: Characters of a reply shown around a finding, and of a matched text counted, in the summary.
EXCERPT_CHARS = 160


MATCH_CHARS = 80


#: Characters kept of a reply and of its customer's message for the report's examples and worst replies.
REPLY_CHARS = 600


CUSTOMER_CHARS = 300


NO_CUSTOMER_MESSAGE = "no customer message"


#: The reason of a row the linter failed on (a bug in replylint), before the exception's type and message.
INTERNAL_ERROR = "internal error"


#: A finding as the summary needs it: code, rule, category, severity, matched text, excerpt of the reply.
FindingBrief = tuple[str, str, str, str, str | None, str]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one row: its JSON line for the results file and what the summary counts."""

    json_line: str
    line: int
    id: str | None = None
    group: str | None = None
    error: str | None = None
    language: str = ""
    channel: str | None = None
    context: str = ""
    score: int = 100
    findings: tuple[FindingBrief, ...] = ()
    internal: bool = False
    #: The start of the reply and of the customer's message (None: none given), for examples and worst replies.
    reply: str = ""
    customer: str | None = None
    #: Spans of the findings in ``reply``: start, end, code, severity.
    marks: tuple[tuple[int, int, str, str], ...] = ()
    #: Keys of the rules that compare replies, and the line and column where the reply ends (see CrossReplies).
    keys: dict[str, Hashable] = field(default_factory=dict)
    end: tuple[int, int] = (1, 1)


def _excerpt(text: str, start: int | None, end: int | None) -> str:
    """The part of a reply around a span; a long span (a paragraph, the part over a length limit) is cut to its
    start, with a little of what comes before it."""
    if start is None or end is None:
        return text[:EXCERPT_CHARS] + ("…" if len(text) > EXCERPT_CHARS else "")
    margin = max(EXCERPT_CHARS // 4, (EXCERPT_CHARS - (end - start)) // 2)
    lo, hi = max(0, start - margin), min(len(text), end + margin, start + EXCERPT_CHARS - margin)
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


def _brief_match(match: str | None) -> str | None:
    """A matched text short enough to show and count; a long one (a whole paragraph) is cut to its start."""
    if match is None or len(match) <= MATCH_CHARS:
        return match
    return match[:MATCH_CHARS]


def outcome_of(row: Row, report: Report, keys: dict[str, Hashable] | None = None) -> Outcome:
    """The outcome of a linted row: its results line, its counts, and what the report shows of it."""
    channel = report.channel.value if report.channel else None
    context = report.context.kind.value if report.context.source != "reply" else NO_CUSTOMER_MESSAGE
    record = {
        "line": row.line,
        "id": row.id,
        "group": row.group,
        "language": report.language.value,
        "channel": channel,
        "context": report.context.kind.value,
        "score": report.score,
        "findings": [f.model_dump(mode="json") for f in report.findings],
    }
    return Outcome(
        json.dumps(record, ensure_ascii=False),
        row.line,
        row.id,
        row.group,
        language=report.language.value,
        channel=channel,
        context=context,
        score=report.score,
        findings=_briefs(row.text, report.findings),
        reply=row.text[:REPLY_CHARS],
        customer=row.context[:CUSTOMER_CHARS] if row.context else None,
        marks=_marks(report.findings),
        keys=keys or {},
        end=LineIndex(row.text).line_col(len(row.text)) if keys else (1, 1),
    )


def _briefs(text: str, findings: Iterable[Finding]) -> tuple[FindingBrief, ...]:
    return tuple(
        (f.code, f.rule, f.category.value, f.severity.value, _brief_match(f.match), _excerpt(text, f.start, f.end))
        for f in findings
    )


def _marks(findings: Iterable[Finding]) -> tuple[tuple[int, int, str, str], ...]:
    return tuple(
        (f.start, min(f.end, REPLY_CHARS), f.code, f.severity.value)
        for f in findings
        if f.start is not None and f.end is not None and f.start < REPLY_CHARS
    )


def with_findings(outcome: Outcome, extra: list[Finding]) -> Outcome:
    """An outcome with findings of the rules that compare replies added, and its score and results line redone."""
    record = json.loads(outcome.json_line)
    findings = [Finding.model_validate(f) for f in record["findings"]] + extra
    record["findings"] = [f.model_dump(mode="json") for f in findings]
    record["score"] = tone_score(findings)
    added = tuple(
        (f.code, f.rule, f.category.value, f.severity.value, None, _excerpt(outcome.reply, None, None)) for f in extra
    )
    return replace(
        outcome,
        json_line=json.dumps(record, ensure_ascii=False),
        score=record["score"],
        findings=outcome.findings + added,
    )


def bad_outcome(row: BadRow, *, internal: bool = False) -> Outcome:
    """The outcome of a row that could not be linted; ``internal`` when a bug in replylint is why."""
    record = {"line": row.line, "id": row.id, "error": row.reason}
    return Outcome(json.dumps(record, ensure_ascii=False), row.line, row.id, error=row.reason, internal=internal)
