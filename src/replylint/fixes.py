"""Applying fixes: the edits findings carry, applied to a reply or a file until nothing fixable is left.

A fix is applied whole or not at all; of fixes whose edits overlap, the first is applied and the others wait for
the next round, when the text is linted again (at most :data:`MAX_ROUNDS` rounds). A round after which some rule
has more findings than before it is undone, and fixing stops there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from replylint.models import Applicability, Edit, Finding

#: Rounds of lint-and-fix at most: each round applies the fixes that do not overlap.
MAX_ROUNDS = 10


def fixable(findings: Iterable[Finding], *, unsafe: bool = False) -> list[Finding]:
    """The findings with a fix that may be applied: safe ones, and unsafe ones when ``unsafe``."""
    return [f for f in findings if f.fix is not None and (unsafe or f.fix.applicability is Applicability.SAFE)]


def _overlap(a: Edit, b: Edit) -> bool:
    return (a.start < b.end and b.start < a.end) or (a.start == b.start and (a.start == a.end or b.start == b.end))


def apply_fixes(text: str, findings: Iterable[Finding], *, unsafe: bool = False) -> tuple[str, list[Finding]]:
    """``text`` with the fixes of ``findings`` applied, and the findings whose fixes were applied: in order of
    position, each fix whose edits overlap no edit already taken."""
    taken: list[Edit] = []
    applied: list[Finding] = []
    for finding in sorted(fixable(findings, unsafe=unsafe), key=lambda f: f.fix.edits[0].start if f.fix else 0):
        assert finding.fix is not None
        edits = finding.fix.edits
        if any(e.end > len(text) or e.start > e.end for e in edits):
            continue
        if not any(_overlap(e, t) for e in edits for t in taken):
            taken.extend(edits)
            applied.append(finding)
    parts, position = [], 0
    for edit in sorted(taken, key=lambda e: e.start):
        parts += [text[position : edit.start], edit.replacement]
        position = edit.end
    parts.append(text[position:])
    return "".join(parts), applied


@dataclass
class FixResult:
    """What fixing left: the text, the findings whose fixes were applied, the findings that remain, and the
    findings a round would have added (that round was undone)."""

    text: str
    fixed: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    gained: list[Finding] = field(default_factory=list)


def _gained(before: Sequence[Finding], after: Sequence[Finding]) -> list[Finding]:
    """Findings of ``after`` beyond the number ``before`` held of their rule."""
    left = Counter(f.code for f in before)
    seen: Counter[str] = Counter()
    extra = []
    for finding in after:
        seen[finding.code] += 1
        if seen[finding.code] > left[finding.code]:
            extra.append(finding)
    return extra


def fix_text(
    text: str, lint: Callable[[str], Sequence[Finding]], *, unsafe: bool = False, rounds: int = MAX_ROUNDS
) -> FixResult:
    """Lint ``text`` with ``lint``, apply the fixes, and again until no fix applies or ``rounds`` are done.

    ``lint`` gives the findings of a text with their fixes in that text's offsets: a reply linted by
    ``Linter.lint``, or a file's text through its reader.
    """
    findings = list(lint(text))
    result = FixResult(text)
    seen = {text}
    for _ in range(rounds):
        new_text, applied = apply_fixes(text, findings, unsafe=unsafe)
        if not applied or new_text in seen:
            break
        after = list(lint(new_text))
        gained = _gained(findings, after)
        if gained:
            result.gained = gained
            break
        seen.add(new_text)
        result.fixed.extend(applied)
        text, findings = new_text, after
    result.text, result.remaining = text, findings
    return result
