"""Markdown: the prose a reader sees, with markup removed and every character mapped back to the file.

markdown-it-py (CommonMark, plus tables and strikethrough) decides what is prose: paragraphs, headings, list
items and table cells are; code blocks, code spans, link destinations, images, quoted messages (``>``) and
front matter are not; raw HTML blocks are read as HTML. Its block tokens carry line maps and its inline tokens
carry the exact source of every piece of text and markup, so each piece is found in the file in order from
the start of its block.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from replylint.lines import MARKDOWN_BREAKS, LineIndex
from replylint.sources.base import Comment, Segment, SegmentBuilder, SourceFile, compose
from replylint.sources.html import read_html

_BRACKET = re.compile(r"\\.|[\[\]]", re.DOTALL)


def _closed_brackets(src: str) -> frozenset[int]:
    """Offsets of the ``[`` in ``src`` that a later ``]`` closes (backslash escapes skipped): one linear pass."""
    closed: list[int] = []
    open_at: list[int] = []
    for match in _BRACKET.finditer(src):
        mark = match.group()
        if mark == "[":
            open_at.append(match.start())
        elif mark == "]" and open_at:
            closed.append(open_at.pop())
    return frozenset(closed)


def _label_closed(state: StateInline, at: int) -> bool:
    """Whether the ``[`` at ``at`` can open a link label; computed once per inline text, in ``state.env``."""
    cached = state.env.get("replylint-brackets")
    if cached is None or cached[0] is not state.src:
        cached = state.env["replylint-brackets"] = (state.src, _closed_brackets(state.src))
    return at in cached[1]


def _linear(rule: Callable[[StateInline, bool], bool], offset: int) -> Callable[[StateInline, bool], bool]:
    """A link or image rule that fails at once on a ``[`` that nothing closes (its label starts ``offset`` after
    the rule's position): markdown-it scans the rest of the block for every such ``[``, so a run of them costs
    seconds per thousand."""

    def rule_fn(state: StateInline, silent: bool) -> bool:
        at = state.pos + offset
        if state.src.startswith("[", at) and not _label_closed(state, at):
            return False
        return rule(state, silent)

    return rule_fn


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")
    for name, offset in (("link", 0), ("image", 1)):
        rule = next(r for r in md.inline.ruler.__rules__ if r.name == name)
        md.inline.ruler.at(name, _linear(rule.fn, offset))
    return md


_MD = _parser()
_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n.*?^(?:\1|\.\.\.)[ \t]*\r?$", re.MULTILINE | re.DOTALL)
_DELIMITERS = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"})


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _label_end(text: str, position: int) -> int:
    """Offset of the ``]`` closing the link label that opens at ``position`` (a ``[``)."""
    depth = 0
    while position < len(text):
        ch = text[position]
        if ch == "\\":
            position += 1
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return position
        position += 1
    return len(text)


def _link_end(text: str, position: int) -> int:
    """Offset after a link whose label closes at ``position``: ``](dest "title")``, ``][ref]`` or ``]``."""
    after = position + 1
    if text.startswith("(", after):
        i = _skip_space(text, after + 1)
        destination = parseLinkDestination(text, i, len(text))
        if destination.ok:
            i = _skip_space(text, destination.pos)
            title = parseLinkTitle(text, i, len(text))
            if title.ok:
                i = _skip_space(text, title.pos)
        if text.startswith(")", i):
            return i + 1
        close = text.find(")", after)
        return close + 1 if close >= 0 else after
    if text.startswith("[", after):
        close = text.find("]", after)
        return close + 1 if close >= 0 else after
    return after


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = LineIndex(text, MARKDOWN_BREAKS)  # the lines of markdown-it's token maps
        self.builder = SegmentBuilder()
        self.comments: list[Comment] = []
        self.cursor = 0

    def line_start(self, line: int) -> int:
        """Offset of a 0-based line (the file's end past the last line)."""
        return self.lines.starts[line] if line < len(self.lines.starts) else len(self.text)

    def find(self, needle: str) -> int:
        return self.text.find(needle, self.cursor) if needle else -1

    def html_block(self, token: Token, keep: bool) -> None:
        assert token.map is not None
        start, end = self.line_start(token.map[0]), self.line_start(token.map[1])
        outer = Segment.verbatim(self.text[start:end], start)
        inner = read_html(outer.text)
        self.comments.extend(c.moved(outer) for c in inner.comments)
        if keep:
            for segment in inner.segments:
                self.builder.append(compose(outer, segment))
        self.cursor = max(self.cursor, end)

    def inline(self, token: Token, builder: SegmentBuilder) -> None:
        assert token.map is not None
        text = self.text
        self.cursor = max(self.cursor, self.line_start(token.map[0]))
        in_autolink = False
        for child in token.children or []:
            kind = child.type
            if in_autolink:
                in_autolink = kind != "link_close"
                continue
            if kind == "text":
                at = self.find(child.content)
                if at < 0:
                    builder.insert(child.content)
                    continue
                builder.take(child.content, at)
                self.cursor = at + len(child.content)
            elif kind == "text_special":
                at = self.find(child.markup)
                if at >= 0:
                    builder.take(child.content, at + 1 if child.info == "escape" else at)
                    self.cursor = at + len(child.markup)
            elif kind in ("softbreak", "hardbreak"):
                at = self.find("\n")
                if at >= 0:
                    builder.take(" " if kind == "softbreak" else "\n", at)
                    self.cursor = at + 1
            elif kind in _DELIMITERS:
                at = self.find(child.markup)
                self.cursor = at + len(child.markup) if at >= 0 else self.cursor
            elif kind == "code_inline":
                at = self.find(child.markup)
                if at >= 0:
                    close = text.find(child.markup, at + len(child.markup))
                    self.cursor = close + len(child.markup) if close >= 0 else self.cursor
            elif kind == "html_inline":
                at = self.find(child.content)
                if at >= 0:
                    end = at + len(child.content)
                    if child.content.startswith("<!--"):
                        self.comments.append(Comment(at, end, at + 4, end - 3))
                    self.cursor = end
            elif kind == "link_open":
                if child.markup == "autolink":
                    at = self.find(">")
                    self.cursor = at + 1 if at >= 0 else self.cursor
                    in_autolink = True
                else:
                    at = self.find("[")
                    self.cursor = at + 1 if at >= 0 else self.cursor
            elif kind == "link_close":
                at = self.find("]")
                self.cursor = _link_end(text, at) if at >= 0 else self.cursor
            elif kind == "image":
                at = self.find("![")
                if at >= 0:
                    self.cursor = _link_end(text, _label_end(text, at + 1))

    def read(self) -> SourceFile:
        text = self.text
        front = _FRONT_MATTER.match(text)
        parsed = text if front is None else "\n" * front.group().count("\n") + text[front.end() :]
        quoted = 0
        for token in _MD.parse(parsed):
            if token.type == "blockquote_open":
                quoted += 1
            elif token.type == "blockquote_close":
                quoted -= 1
            elif token.type == "html_block":
                self.html_block(token, keep=not quoted)
                self.builder.separate()
            elif token.type == "inline":
                self.inline(token, self.builder if not quoted else SegmentBuilder())
                self.builder.separate()
        segment = self.builder.build()
        return SourceFile(text, [segment] if segment.text.strip() else [], self.comments)


def read_markdown(text: str) -> SourceFile:
    """The prose of a Markdown file as one reply."""
    return _Reader(text).read()
