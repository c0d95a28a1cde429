"""The summary of an audit: counts per category, rule and group, bounded examples, the worst replies, and the
summary as text for a terminal."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from replylint.audit.outcome import MATCH_CHARS, Outcome
from replylint.wording import counted, noun_for

#: Bounds of the summary: examples kept per rule, distinct matches counted per rule, bad rows listed.
EXAMPLES_PER_RULE = 3


MATCHES_PER_RULE = 1000


BAD_ROWS_LISTED = 20


#: Replies with the lowest scores kept for the report.
WORST_KEPT = 10


NO_GROUP = "(none)"


def _bounded_add(counter: Counter[str], key: str, limit: int) -> None:
    counter[key] += 1
    if len(counter) > 2 * limit:
        kept = counter.most_common(limit)
        counter.clear()
        counter.update(dict(kept))


@dataclass
class RuleStats:
    """Findings of one rule across the audit."""

    code: str
    rule: str
    category: str
    severity: str
    findings: int = 0
    replies: int = 0
    matches: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class GroupStats:
    """Counts for one agent, team or company."""

    replies: int = 0
    flagged: int = 0
    errored: int = 0
    score_sum: int = 0
    severities: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)

    @property
    def mean_score(self) -> float:
        """Mean tone score of the group's replies."""
        return self.score_sum / self.replies if self.replies else 0.0

    @property
    def error_rate(self) -> float:
        """Share of the group's replies with an error finding."""
        return self.errored / self.replies if self.replies else 0.0


def groups_by_error_rate(groups: dict[str, GroupStats]) -> list[tuple[str, GroupStats]]:
    """Groups worst first: the highest share of replies with an error, then the lowest mean score, then the most
    replies."""
    return sorted(groups.items(), key=lambda item: (-item[1].error_rate, item[1].mean_score, -item[1].replies, item[0]))


def _worst_key(reply: dict[str, Any]) -> tuple[int, int]:
    return reply["score"], reply["line"]


@dataclass
class AuditSummary:
    """Counts of an audit; two summaries of disjoint parts of an export :meth:`merge` into the whole's."""

    rows: int = 0
    replies: int = 0
    flagged: int = 0
    findings: int = 0
    score_sum: int = 0
    #: Tone scores in bins of ten (0–9 … 90–99) and a last bin for 100.
    score_bins: list[int] = field(default_factory=lambda: [0] * 11)
    replies_by_severity: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    channels: Counter[str] = field(default_factory=Counter)
    contexts: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    replies_by_category: Counter[str] = field(default_factory=Counter)
    rules: dict[str, RuleStats] = field(default_factory=dict)
    groups: dict[str, GroupStats] = field(default_factory=dict)
    bad_reasons: Counter[str] = field(default_factory=Counter)
    bad_rows: list[dict[str, Any]] = field(default_factory=list)
    #: Rows the linter failed on (bugs in replylint).
    internal_errors: int = 0
    #: Why the input ended before its end (a truncated or corrupt ``.gz``, a read error, a worker that died).
    incomplete: str | None = None
    #: The replies with the lowest scores, lowest first.
    worst: list[dict[str, Any]] = field(default_factory=list)
    grouped: bool = False
    source: str = ""
    elapsed: float = 0.0

    @property
    def bad(self) -> int:
        """Rows that could not be linted."""
        return sum(self.bad_reasons.values())

    @property
    def mean_score(self) -> float:
        """Mean tone score of the linted replies."""
        return self.score_sum / self.replies if self.replies else 0.0

    def add(self, outcome: Outcome) -> None:
        """Count one row."""
        self.rows += 1
        if outcome.error is not None:
            self.internal_errors += outcome.internal
            self.bad_reasons[outcome.error] += 1
            if len(self.bad_rows) < BAD_ROWS_LISTED:
                self.bad_rows.append({"line": outcome.line, "id": outcome.id, "reason": outcome.error})
            return
        self.replies += 1
        self.score_sum += outcome.score
        self.score_bins[min(outcome.score // 10, 10)] += 1
        self.languages[outcome.language] += 1
        self.channels[outcome.channel or "default"] += 1
        self.contexts[outcome.context] += 1
        self.findings += len(outcome.findings)
        group = self._group(outcome.group) if self.grouped else None
        if group is not None:
            group.replies += 1
            group.score_sum += outcome.score
        if not outcome.findings:
            return
        self._keep_worst(outcome)
        self.flagged += 1
        severities = {brief[3] for brief in outcome.findings}
        categories = {brief[2] for brief in outcome.findings}
        self.replies_by_severity.update(severities)
        self.replies_by_category.update(categories)
        if group is not None:
            group.flagged += 1
            group.errored += "error" in severities
            group.severities.update(brief[3] for brief in outcome.findings)
            group.categories.update(brief[2] for brief in outcome.findings)
        seen: set[str] = set()
        for code, rule, category, severity, match, excerpt in outcome.findings:
            self.categories[category] += 1
            stats = self.rules.get(code)
            if stats is None:
                stats = self.rules[code] = RuleStats(code, rule, category, severity)
            stats.findings += 1
            if code not in seen:
                seen.add(code)
                stats.replies += 1
                if len(stats.examples) < EXAMPLES_PER_RULE:
                    stats.examples.append(
                        {
                            "line": outcome.line,
                            "id": outcome.id,
                            "excerpt": excerpt,
                            "match": match,
                            "customer": outcome.customer,
                        }
                    )
            if match and len(match) < MATCH_CHARS:
                _bounded_add(stats.matches, " ".join(match.lower().split())[:80], MATCHES_PER_RULE)

    def _keep_worst(self, outcome: Outcome) -> None:
        if len(self.worst) >= WORST_KEPT and (outcome.score, outcome.line) >= _worst_key(self.worst[-1]):
            return
        self.worst.append(
            {
                "line": outcome.line,
                "id": outcome.id,
                "group": outcome.group,
                "score": outcome.score,
                "reply": outcome.reply,
                "customer": outcome.customer,
                "marks": [list(mark) for mark in outcome.marks],
                "rules": sorted({(brief[0], brief[1], brief[3]) for brief in outcome.findings}),
            }
        )
        self.worst = sorted(self.worst, key=_worst_key)[:WORST_KEPT]

    def _group(self, name: str | None) -> GroupStats:
        key = name if name is not None else NO_GROUP
        stats = self.groups.get(key)
        if stats is None:
            stats = self.groups[key] = GroupStats()
        return stats

    def merge(self, other: AuditSummary) -> AuditSummary:
        """Add another summary's counts to this one (examples and bad rows stay bounded); return self."""
        self.incomplete = self.incomplete or other.incomplete
        for name in ("rows", "replies", "flagged", "findings", "score_sum", "internal_errors"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.score_bins = [a + b for a, b in zip(self.score_bins, other.score_bins, strict=True)]
        for name in ("replies_by_severity", "languages", "channels", "contexts", "categories", "replies_by_category"):
            getattr(self, name).update(getattr(other, name))
        self.bad_reasons.update(other.bad_reasons)
        self.bad_rows = [*self.bad_rows, *other.bad_rows][:BAD_ROWS_LISTED]
        self.worst = sorted([*self.worst, *other.worst], key=_worst_key)[:WORST_KEPT]
        for code, theirs in other.rules.items():
            mine = self.rules.get(code)
            if mine is None:
                mine = self.rules[code] = RuleStats(theirs.code, theirs.rule, theirs.category, theirs.severity)
            mine.findings += theirs.findings
            mine.replies += theirs.replies
            mine.matches.update(theirs.matches)
            if len(mine.matches) > 2 * MATCHES_PER_RULE:
                mine.matches = Counter(dict(mine.matches.most_common(MATCHES_PER_RULE)))
            mine.examples = [*mine.examples, *theirs.examples][:EXAMPLES_PER_RULE]
        self.grouped = self.grouped or other.grouped
        for name, theirs_group in other.groups.items():
            group = self._group(name)
            group.replies += theirs_group.replies
            group.flagged += theirs_group.flagged
            group.errored += theirs_group.errored
            group.score_sum += theirs_group.score_sum
            group.severities.update(theirs_group.severities)
            group.categories.update(theirs_group.categories)
        self.elapsed = max(self.elapsed, other.elapsed)
        return self

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data; rules by findings, groups by replies, top matches per rule."""
        rules = sorted(self.rules.values(), key=lambda r: (-r.findings, r.code))
        groups = groups_by_error_rate(self.groups)
        return {
            "source": self.source,
            "rows": self.rows,
            "replies": self.replies,
            "bad_rows": self.bad,
            "bad_reasons": dict(self.bad_reasons.most_common()),
            "bad_row_examples": self.bad_rows,
            "internal_errors": self.internal_errors,
            "incomplete": self.incomplete,
            "flagged": self.flagged,
            "findings": self.findings,
            "mean_score": round(self.mean_score, 2),
            "score_bins": self.score_bins,
            "replies_by_severity": dict(self.replies_by_severity),
            "languages": dict(self.languages.most_common()),
            "channels": dict(self.channels.most_common()),
            "contexts": dict(self.contexts.most_common()),
            "categories": {
                name: {"findings": count, "replies": self.replies_by_category[name]}
                for name, count in self.categories.most_common()
            },
            "rules": [
                {
                    "code": r.code,
                    "rule": r.rule,
                    "category": r.category,
                    "severity": r.severity,
                    "findings": r.findings,
                    "replies": r.replies,
                    "top_matches": dict(r.matches.most_common(10)),
                    "examples": r.examples,
                }
                for r in rules
            ],
            "groups": {
                name: {
                    "replies": g.replies,
                    "flagged": g.flagged,
                    "with_error": g.errored,
                    "error_rate": round(g.error_rate, 4),
                    "mean_score": round(g.mean_score, 2),
                    "severities": dict(g.severities),
                    "categories": dict(g.categories.most_common()),
                }
                for name, g in groups
            },
            "worst_replies": self.worst,
            "elapsed_seconds": round(self.elapsed, 3),
        }


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0.0%"


def render_summary(summary: AuditSummary, top_groups: int = 20) -> str:
    """The summary as text for a terminal."""
    s = summary
    out = [
        f"Audited {s.source or 'the export'}: {counted(s.rows, 'row')}, "
        f"{counted(s.replies, 'reply', 'replies')} linted, {counted(s.bad, 'bad row')}"
    ]
    if s.incomplete:
        out.append(f"  INCOMPLETE: {s.incomplete}")
    if s.bad:
        out.append("  bad rows: " + ", ".join(f"{reason}: {n:,}" for reason, n in s.bad_reasons.most_common()))
    errors = s.replies_by_severity["error"]
    out.append(
        f"Replies with findings: {s.flagged:,} ({_pct(s.flagged, s.replies)}), with an error: {errors:,} "
        f"({_pct(errors, s.replies)}); "
        + (f"mean tone score {s.mean_score:.1f}" if s.replies else "no mean tone score (no reply linted)")
    )
    if s.categories:
        out.append("\nBy category:")
        for name, count in s.categories.most_common():
            replies = s.replies_by_category[name]
            out.append(
                f"  {name:<18} {count:>8,} {noun_for(count, 'finding'):<8} in {replies:>8,} "
                f"{noun_for(replies, 'reply', 'replies')} ({_pct(replies, s.replies)})"
            )
        out.append("\nBy rule:")
        for r in sorted(s.rules.values(), key=lambda r: (-r.findings, r.code)):
            top = ", ".join(f"{m!r}×{n}" for m, n in r.matches.most_common(3))
            findings = noun_for(r.findings, "finding")
            out.append(f"  {r.code} {r.rule:<28} {r.severity:<8} {r.findings:>8,} {findings:<8}  {top}")
    if s.groups:
        shown = groups_by_error_rate(s.groups)[:top_groups]
        out.append(f"\nBy group ({len(shown)} of {len(s.groups):,}, highest share of replies with an error first):")
        for name, g in shown:
            out.append(
                f"  {name[:30]:<30} {g.replies:>8,} replies  {_pct(g.errored, g.replies):>6} with an error  "
                f"{_pct(g.flagged, g.replies):>6} flagged  score {g.mean_score:5.1f}"
            )
    rate = s.rows / s.elapsed if s.elapsed else 0.0
    out.append(f"\n{s.elapsed:.1f} s, {rate:,.0f} rows/s")
    return "\n".join(out) + "\n"
