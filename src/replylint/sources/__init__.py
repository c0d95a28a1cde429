"""Readers that turn files into segments of reply text, with offsets back into the file, and their comments."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from replylint.keys import DEFAULT_KEYS
from replylint.lines import LineIndex
from replylint.sources.base import (
    Comment,
    Segment,
    SegmentBuilder,
    SourceError,
    SourceFile,
    compose,
    map_finding,
    nest,
)
from replylint.sources.html import read_html
from replylint.sources.po import read_po
from replylint.sources.suppress import Suppressions
from replylint.sources.template import read_template, reduce_template
from replylint.sources.text import decode, read_plain, refuse_binary


# The Markdown and YAML readers' parsers (markdown-it-py, PyYAML: 90 modules, 1.3 MiB) are imported when a file of
# theirs is first read: an audit, a check of plain text and the service's replies never need them.
def read_markdown(text: str) -> SourceFile:
    """The prose of a Markdown file as one reply (:mod:`replylint.sources.markdown`)."""
    from replylint.sources.markdown import read_markdown as read

    return read(text)


def read_json(text: str, keys: Sequence[str]) -> SourceFile:
    """String values at ``keys`` in a JSON file (:mod:`replylint.sources.structured`)."""
    from replylint.sources.structured import read_json as read

    return read(text, keys)


def read_yaml(text: str, keys: Sequence[str]) -> SourceFile:
    """String values at ``keys`` in a YAML file (:mod:`replylint.sources.structured`)."""
    from replylint.sources.structured import read_yaml as read

    return read(text, keys)


_TEXT_READERS: dict[str, Callable[[str], SourceFile]] = {
    ".txt": read_plain,
    ".text": read_plain,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".po": read_po,
}
TEMPLATE_SUFFIXES = frozenset({".j2", ".jinja", ".jinja2", ".liquid", ".hbs", ".handlebars", ".mustache"})
STRUCTURED_SUFFIXES = frozenset({".yaml", ".yml", ".json"})
#: File endings linted when a folder is given (and by the pre-commit hook).
LINTABLE_SUFFIXES = frozenset({*_TEXT_READERS, *TEMPLATE_SUFFIXES, *STRUCTURED_SUFFIXES})

__all__ = [
    "LINTABLE_SUFFIXES",
    "STRUCTURED_SUFFIXES",
    "Comment",
    "LineIndex",
    "Segment",
    "SegmentBuilder",
    "SourceError",
    "SourceFile",
    "Suppressions",
    "compose",
    "decode",
    "map_finding",
    "read_source",
    "read_text",
    "reader_format",
    "refuse_binary",
]


def reader_format(format: str) -> str:
    """``format`` (``md``, ``.j2``, ``html.j2``, ``YAML``) as the endings it names, lower case without a leading dot;
    ``ValueError`` when one of them is no ending a reader reads, so a misspelt format is not read as plain text."""
    name = format.strip().lstrip(".").lower()
    if not name or any(f".{part}" not in LINTABLE_SUFFIXES for part in name.split(".")):
        known = ", ".join(s[1:] for s in sorted(LINTABLE_SUFFIXES))
        raise ValueError(f"no reader for format {format!r}: one of {known}, or a template of one (html.j2)")
    return name


def read_text(path: Path, text: str, keys: Sequence[str] = DEFAULT_KEYS) -> SourceFile:
    """Segments and comments of a file's text, by its ending (plain text for any other).

    A template whose inner ending is Markdown or HTML (``reply.html.j2``) is read as both: the template's tags
    first, then the markup of what is left.
    """
    suffixes = [s.lower() for s in path.suffixes]
    last = suffixes[-1] if suffixes else ""
    if last == ".json":
        return read_json(text, keys)
    if last in (".yaml", ".yml"):
        return read_yaml(text, keys)
    if last in TEMPLATE_SUFFIXES:
        segment, comments = reduce_template(text)
        inner = _TEXT_READERS.get(suffixes[-2] if len(suffixes) > 1 else "")
        if inner is None or inner is read_plain or not segment.text.strip():
            return read_template(text)
        return nest(inner(segment.text), segment, text, comments)
    return _TEXT_READERS.get(last, read_plain)(text)


def read_source(path: Path, data: bytes, keys: Sequence[str] = DEFAULT_KEYS) -> SourceFile:
    """Segments of a file by its ending; raise :class:`SourceError` for a file that cannot be linted.

    ``keys`` are the keys whose string values are replies in YAML and JSON files (``body``, ``comment.value``).
    """
    return read_text(path, decode(data), keys)
