"""Inline suppressions: ``replylint:`` directives in a file's comments, applied to findings in file coordinates.

Directives (each takes an optional ``=CODE,...`` list of codes, code prefixes, rule names or categories; none
means every rule, but an ``=`` or ``:`` followed by no list names no rule: it suppresses nothing and is reported
(RL001); text after `` -- `` is a free reason):

- ``replylint: disable-next-line=RL101`` — the next line that holds more than comments (and, above a YAML/JSON
  key or a ``.po`` entry, the whole value or translation);
- ``replylint: disable=RL201`` … ``replylint: enable=RL201`` — a block (to the end of the file without enable);
- ``replylint: disable-file=RL603`` — the whole file, whole-reply findings included;
- ``replylint: noqa`` or ``replylint: noqa: RL101`` (a bare ``noqa: RL101`` too) — findings on the comment's line.

Selectors are read by :mod:`replylint.selectors`, as the configuration reads them. Each selector that suppresses
a finding is marked used, so :meth:`Suppressions.issues` can tell the ones that suppressed nothing (RL002) from
those that name no rule at all (RL001).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from replylint.lines import LineIndex
from replylint.models import Finding
from replylint.selectors import matches, unknown
from replylint.sources.base import Comment, Segment, SourceFile

KINDS = ("disable-next-line", "disable", "enable", "disable-file", "noqa")
_DIRECTIVE = re.compile(
    r"(?<![\w-])(?:replylint:[ \t]*(?P<kind>[\w-]+)|(?P<bare>noqa)(?![\w-]))"
    r"(?:[ \t]*(?P<sep>[:=])[ \t]*(?P<selectors>(?!--(?![\w.-]))[\w.-]+(?:[ \t]*,[ \t]*[\w.-]+)*)?)?"
)
_SELECTOR = re.compile(r"[\w.-]+")

#: A rule as selectors see it: its code, name and category.
RuleKey = tuple[str, str, str]


@dataclass(frozen=True)
class Directive:
    """One directive as written: its kind, its selectors (empty: every rule) with their file spans, and its own
    span; ``bare`` for a ``noqa`` without ``replylint:``, which may belong to another tool; ``sep`` the ``=`` or
    ``:`` before its list, if written."""

    kind: str
    selectors: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    start: int
    end: int
    bare: bool = False
    sep: str = ""

    @property
    def empty_list(self) -> bool:
        """An ``=`` or ``:`` with no selector after it: names no rule rather than every rule (a bare ``noqa`` may
        belong to another tool, so its empty list keeps meaning every rule)."""
        return bool(self.sep) and not self.selectors and not self.bare

    def names(self, finding: Finding, blanket: bool = True) -> int | None:
        """The index of the first selector naming the finding (-1 for a directive with none, unless ``blanket`` is
        off), or None."""
        if self.empty_list:
            return None
        if not self.selectors:
            return -1 if blanket else None
        return next((i for i, s in enumerate(self.selectors) if _names(s, finding)), None)


@dataclass(frozen=True)
class DirectiveIssue:
    """A directive's selector that names no rule (``unused`` False), or a directive or selector that suppressed
    nothing (``unused`` True); ``start``/``end`` are file offsets of what is reported."""

    unused: bool
    text: str
    start: int
    end: int


def _names(selector: str, finding: Finding) -> bool:
    return matches(selector, finding.code, finding.rule, finding.category)


@dataclass
class Suppressions:
    """The directives of one file, and which of their selectors have suppressed a finding so far."""

    directives: list[Directive] = field(default_factory=list)
    file: list[int] = field(default_factory=list)
    lines: dict[int, list[int]] = field(default_factory=dict)
    blocks: list[tuple[tuple[int, int], int]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    used: set[tuple[int, int]] = field(default_factory=set)

    @classmethod
    def parse(cls, source: SourceFile, lines: LineIndex, redirects: Mapping[str, str] | None = None) -> Suppressions:
        """Read the directives in a file's comments; a renamed code among ``redirects`` acts on its new code."""
        found = cls()
        renamed = redirects or {}
        comments = sorted(source.comments, key=lambda c: c.start)
        uncommented: str | None = None  # the text with its comments blanked, made for the first disable-next-line
        for comment in comments:
            body = source.text[comment.body_start : comment.body_end]
            for match in _DIRECTIVE.finditer(body):
                kind = match.group("kind") or "noqa"
                line, column = lines.line_col(comment.body_start + match.start())
                if kind not in KINDS:
                    found.problems.append(
                        f"{line}:{column}: unknown directive 'replylint: {kind}' (expected one of {', '.join(KINDS)})"
                    )
                    continue
                directive = _directive(match, kind, comment.body_start)
                for old in [s for s in directive.selectors if s.upper() in renamed]:
                    new = renamed[old.upper()]
                    found.problems.append(f"{line}:{column}: {old} has been renamed to {new}; acting on {new}")
                if renamed:
                    selectors = tuple(renamed.get(s.upper(), s) for s in directive.selectors)
                    directive = replace(directive, selectors=selectors)
                index = len(found.directives)
                found.directives.append(directive)
                if kind == "disable-file":
                    found.file.append(index)
                elif kind == "noqa":
                    found.lines.setdefault(lines.line_of(comment.start), []).append(index)
                elif kind == "disable-next-line":
                    if uncommented is None:
                        uncommented = _blank_comments(source.text, comments)
                    target = _next_line(uncommented, lines, lines.line_of(max(comment.start, comment.end - 1)))
                    if target is not None:
                        found.lines.setdefault(target, []).append(index)
                else:
                    found.blocks.append((lines.line_col(comment.start if kind == "disable" else comment.end), index))
        found.blocks.sort(key=lambda b: b[0])
        return found

    def suppresses(
        self, finding: Finding, anchor_line: int | None = None, *, credit: bool = True, blanket: bool = True
    ) -> bool:
        """Whether a finding (in file coordinates) is disabled; ``anchor_line`` is its entry's line, if any. The
        first directive that disables it (file, then line, then block) is marked used unless ``credit`` is off;
        with ``blanket`` off, only directives that name rules count."""
        by = self._suppressed_by(finding, anchor_line, blanket)
        if by is not None and credit:
            self.used.add(by)
        return by is not None

    def _suppressed_by(self, finding: Finding, anchor_line: int | None, blanket: bool) -> tuple[int, int] | None:
        for index in self.file:
            if (which := self.directives[index].names(finding, blanket)) is not None:
                return index, which
        for line in {finding.line, anchor_line}:
            for index in self.lines.get(line or 0, ()):
                if (which := self.directives[index].names(finding, blanket)) is not None:
                    return index, which
        all_off: int | None = None
        off: dict[str, tuple[int, int]] = {}
        back_on: set[str] = set()
        for where, index in self.blocks:
            if where > (finding.line, finding.column):
                break
            directive = self.directives[index]
            if directive.empty_list:
                continue
            disable = directive.kind == "disable"
            keys = [s.casefold() for s in directive.selectors]
            if not keys:
                all_off, off, back_on = (index if disable else None), {}, set()
            elif disable and all_off is not None:
                back_on.difference_update(keys)
            elif disable:
                off.update({key: (index, i) for i, key in enumerate(keys)})
            else:
                for key in keys:
                    off.pop(key, None)
                if all_off is not None:
                    back_on.update(keys)
        if blanket and all_off is not None and not any(_names(s, finding) for s in back_on):
            return all_off, -1
        return next((by for key, by in off.items() if _names(key, finding)), None)

    def filter(self, findings: Iterable[Finding], segment: Segment, lines: LineIndex) -> list[Finding]:
        """The findings of one segment that no directive disables."""
        anchor = lines.line_of(segment.anchor) if segment.anchor is not None else None
        return [f for f in findings if not self.suppresses(f, anchor)]

    def issues(self, rules: Sequence[RuleKey], exempt: Sequence[RuleKey] = ()) -> list[DirectiveIssue]:
        """Selectors that name none of ``rules``, and directives and selectors that have suppressed nothing so far,
        in file order. Bare ``noqa`` is left alone, and so is a selector naming one of ``exempt`` (the rules that
        report these issues, which cannot judge themselves)."""
        found = []
        for index, directive in enumerate(self.directives):
            if directive.bare:
                continue
            if directive.empty_list:
                found.append(
                    DirectiveIssue(False, _kind_text(directive) + directive.sep, directive.start, directive.end)
                )
                continue
            if not directive.selectors and directive.kind != "enable":
                if (index, -1) not in self.used:
                    found.append(DirectiveIssue(True, _kind_text(directive), directive.start, directive.end))
                continue
            for i, (selector, (start, end)) in enumerate(zip(directive.selectors, directive.spans, strict=True)):
                if unknown([selector], rules):
                    found.append(DirectiveIssue(False, selector, start, end))
                elif directive.kind != "enable" and (index, i) not in self.used and unknown([selector], exempt):
                    found.append(DirectiveIssue(True, selector, start, end))
        return found


def _directive(match: re.Match[str], kind: str, offset: int) -> Directive:
    """A directive from its match in a comment body starting at file offset ``offset``."""
    selectors: list[str] = []
    spans: list[tuple[int, int]] = []
    if match.group("selectors"):
        base = offset + match.start("selectors")
        for part in _SELECTOR.finditer(match.group("selectors")):
            selectors.append(part.group())
            spans.append((base + part.start(), base + part.end()))
    directive = Directive(
        kind,
        tuple(selectors),
        tuple(spans),
        offset + match.start(),
        offset + (match.end("kind") if match.group("kind") else match.end("bare")),
        bare=match.group("bare") is not None,
        sep=match.group("sep") or "",
    )
    if directive.empty_list:  # the issue is reported on the directive up to its separator
        return replace(directive, end=offset + match.end("sep"))
    return directive


def _kind_text(directive: Directive) -> str:
    return "noqa" if directive.bare else f"replylint: {directive.kind}"


def _blank_comments(text: str, comments: Sequence[Comment]) -> str:
    """``text`` with every character of its comments made a space (offsets and line breaks kept)."""
    pieces: list[str] = []
    position = 0
    for comment in comments:  # sorted by start; a comment inside another one adds nothing
        start, end = max(position, comment.start), min(len(text), comment.end)
        if start < end:
            pieces.append(text[position:start])
            pieces.append(" " * (end - start))
            position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _next_line(uncommented: str, lines: LineIndex, after: int) -> int | None:
    """The first line after ``after`` that holds something besides white space and comments (``uncommented``: the
    file's text with its comments blanked, read once per file rather than every comment per line)."""
    for line in range(after + 1, len(lines.starts) + 1):
        start, end = lines.line_span(line)
        if uncommented[start:end].strip():
            return line
    return None
