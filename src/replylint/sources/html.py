"""HTML: the text a reader sees, read with the standard library's ``html.parser``.

The parser reports the line and column of every piece of text, entity and comment; with ``convert_charrefs``
off each piece of text is the file's own characters, so offsets stay exact. Scripts, styles, ``<head>``,
code and quoted messages (``<blockquote>``) are not the agent's prose and are skipped.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

from replylint.lines import NEWLINES, LineIndex
from replylint.sources.base import Comment, SegmentBuilder, SourceFile

#: Elements whose content is not reply prose.
SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript", "pre", "code", "blockquote"})
#: Elements that break the text into lines (sentences do not run across them).
BLOCKS = frozenset(
    {
        "address", "article", "aside", "br", "dd", "div", "dl", "dt", "figcaption", "footer", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "section", "table", "td", "th",
        "tr", "ul",
    }
)  # fmt: skip


#: Stands for a ``<`` that no ``>`` follows (same length, so positions do not move).
_INERT = "\ufffc"


def _inert_tail(text: str) -> str:
    """``text`` with every ``<`` after its last ``>`` made inert: no tag, comment or declaration can close
    there, and the standard library's parser would scan the rest of the file again for each of them at
    ``close()`` (quadratic: 20,000 ``<a `` took 16 s)."""
    tail = text.rfind(">") + 1
    if "<" not in text[tail:]:
        return text
    return text[:tail] + text[tail:].replace("<", _INERT)


class _TextParser(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.lines = LineIndex(text, NEWLINES)  # the parser's line numbers count \n alone
        self.builder = SegmentBuilder()
        self.comments: list[Comment] = []
        self.skipping: list[str] = []

    def file_offset(self) -> int:
        line, column = self.getpos()
        return self.lines.starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":  # </head> may be left out
            self.skipping.clear()
        elif tag in SKIPPED:
            self.skipping.append(tag)
        elif tag in BLOCKS:
            self.builder.separate()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.builder.separate()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipping:
            while self.skipping.pop() != tag:
                pass
        elif tag in BLOCKS:
            self.builder.separate()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            start = self.file_offset()
            data = self.text[start : start + len(data)]  # the file's own characters, an inert "<" included
            self.builder.take(data.replace("\r", " ").replace("\n", " "), start)

    def _reference(self, source: str) -> None:
        if not self.skipping:
            decoded = html.unescape(source)
            self.builder.take(decoded if decoded != source else source[:-1], self.file_offset())

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        start = self.file_offset()
        self.comments.append(Comment(start, start + len(data) + 7, start + 4, start + 4 + len(data)))


def read_html(text: str) -> SourceFile:
    """The visible text of an HTML file as one reply."""
    parser = _TextParser(text)
    parser.feed(_inert_tail(text))
    parser.close()
    segment = parser.builder.build()
    return SourceFile(text, [segment] if segment.text.strip() else [], parser.comments)
