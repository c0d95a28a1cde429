"""Inline suppressions: ``replylint:`` directives in a file's comments, applied to findings in file coordinates.

Directives (each takes an optional ``=CODE,...`` list of codes, code prefixes, rule names or categories; none
means every rule; text after `` -- `` is a free reason):

- ``replylint: disable-next-line=RL101`` — the next line that holds more than comments (and, above a YAML/JSON
  key or a ``.po`` entry, the whole value or translation);
- ``replylint: disable=RL201`` … ``replylint: enable=RL201`` — a block (to the end of the file without enable);
- ``replylint: disable-file=RL603`` — the whole file, whole-reply findings included;
- ``replylint: noqa`` or ``replylint: noqa: RL101`` (a bare ``noqa: RL101`` too) — findings on the comment's line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from replylint.lines import LineIndex
from replylint.models import Finding
from replylint.sources.base import Comment, Segment, SourceFile

KINDS = ("disable-next-line", "disable", "enable", "disable-file", "noqa")
_DIRECTIVE = re.compile(
    r"(?<![\w-])(?:replylint:[ \t]*(?P<kind>[\w-]+)|(?P<bare>noqa)(?![\w-]))"
    r"(?:[ \t]*[:=][ \t]*(?P<selectors>[\w.-]+(?:[ \t]*,[ \t]*[\w.-]+)*))?"
)

Selectors = tuple[str, ...]


def selects(selectors: Iterable[str], finding: Finding) -> bool:
    """Whether a code, code prefix, rule name, category or ``ALL`` among ``selectors`` names the finding."""
    return any(
        s.upper() == "ALL" or finding.code.startswith(s.upper()) or s.lower() in (finding.rule, finding.category)
        for s in selectors
    )


@dataclass
class Suppressions:
    """The directives of one file. Empty selectors mean every rule."""

    file: list[Selectors] = field(default_factory=list)
    lines: dict[int, list[Selectors]] = field(default_factory=dict)
    blocks: list[tuple[tuple[int, int], bool, Selectors]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, source: SourceFile, lines: LineIndex, redirects: Mapping[str, str] | None = None) -> Suppressions:
        """Read the directives in a file's comments; a renamed code among ``redirects`` acts on its new code."""
        found = cls()
        renamed = redirects or {}
        comments = sorted(source.comments, key=lambda c: c.start)
        for comment in comments:
            body = source.text[comment.body_start : comment.body_end]
            for match in _DIRECTIVE.finditer(body):
                kind = match.group("kind") or "noqa"
                raw = match.group("selectors")
                selectors: Selectors = tuple(s.strip() for s in raw.split(",")) if raw else ()
                line, column = lines.line_col(comment.body_start + match.start())
                for old in [s for s in selectors if s.upper() in renamed]:
                    new = renamed[old.upper()]
                    found.problems.append(f"{line}:{column}: {old} has been renamed to {new}; acting on {new}")
                    selectors = tuple(new if s == old else s for s in selectors)
                if kind not in KINDS:
                    found.problems.append(
                        f"{line}:{column}: unknown directive 'replylint: {kind}' (expected one of {', '.join(KINDS)})"
                    )
                elif kind == "disable-file":
                    found.file.append(selectors)
                elif kind == "noqa":
                    found.lines.setdefault(lines.line_of(comment.start), []).append(selectors)
                elif kind == "disable-next-line":
                    target = _next_line(source, lines, comments, lines.line_of(max(comment.start, comment.end - 1)))
                    if target is not None:
                        found.lines.setdefault(target, []).append(selectors)
                else:
                    where = lines.line_col(comment.start if kind == "disable" else comment.end)
                    found.blocks.append((where, kind == "disable", selectors))
        found.blocks.sort(key=lambda b: b[0])
        return found

    def suppresses(self, finding: Finding, anchor_line: int | None = None) -> bool:
        """Whether a finding (in file coordinates) is disabled; ``anchor_line`` is its entry's line, if any."""
        if any(not s or selects(s, finding) for s in self.file):
            return True
        for line in {finding.line, anchor_line}:
            if any(not s or selects(s, finding) for s in self.lines.get(line or 0, ())):
                return True
        all_off, off, back_on = False, set[str](), set[str]()
        for where, disable, selectors in self.blocks:
            if where > (finding.line, finding.column):
                break
            if not selectors:
                all_off, off, back_on = disable, set(), set()
            elif disable:
                (back_on.difference_update if all_off else off.update)(selectors)
            else:
                off.difference_update(selectors)
                if all_off:
                    back_on.update(selectors)
        return (all_off and not selects(back_on, finding)) or selects(off, finding)

    def filter(self, findings: Iterable[Finding], segment: Segment, lines: LineIndex) -> list[Finding]:
        """The findings of one segment that no directive disables."""
        anchor = lines.line_of(segment.anchor) if segment.anchor is not None else None
        return [f for f in findings if not self.suppresses(f, anchor)]


def _next_line(source: SourceFile, lines: LineIndex, comments: Sequence[Comment], after: int) -> int | None:
    """The first line after ``after`` that holds something besides white space and comments."""
    for line in range(after + 1, len(lines.starts) + 1):
        start, end = lines.line_span(line)
        chars = list(source.text[start:end])
        for comment in comments:
            for offset in range(max(start, comment.start), min(end, comment.end)):
                chars[offset - start] = " "
        if "".join(chars).strip():
            return line
    return None
