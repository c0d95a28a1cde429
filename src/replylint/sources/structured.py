"""YAML and JSON exports of macros: string values at configured keys are replies, mapped to their own characters.

YAML is read with PyYAML's composer, whose nodes carry the exact start and end of every scalar and its style
(plain, quoted, literal, folded); JSON with a small walker over the standard library's ``scanstring``. Each
value's characters are then found in the file one by one (escapes stand on their backslash, folded line
breaks on the break), and the result is checked against the parser's value: a value that cannot be aligned
is reported at its start instead. Values are read as templates (placeholders kept, control tags dropped).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, though not in the stubs
from typing import Any

import yaml
from yaml.scanner import Scanner

from replylint.keys import key_index
from replylint.lines import NEWLINES, LineIndex
from replylint.sources.base import Comment, Segment, SegmentBuilder, SourceError, SourceFile, compose
from replylint.sources.html import read_html
from replylint.sources.template import reduce_template

_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
#: How a YAML scalar of each style writes its characters (see ``replylint.sources.base.encode``).
_YAML_ESCAPES = {'"': "double-quoted", "'": "single-quoted", "|": "block", ">": "block"}
_YAML_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#[^\n]*", re.MULTILINE)
_JSON_SPACE = re.compile(r"[ \t\r\n]*")
_JSON_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")
#: Possessive, so that a long string is skipped in constant memory (see the ``.po`` reader's ``_STRING``).
_JSON_NESTING = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')
#: Deepest nesting of lists and objects read in a YAML or JSON file; deeper ones are refused with an error.
MAX_NESTING = 200
_JSON_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
#: A value with an HTML tag in it (Freshdesk's content_html, Help Scout's text) is read as HTML.
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")


@dataclass(frozen=True)
class _Value:
    """A string value found at a path: its text, where its characters may be found, and its key's offset.

    ``scopes`` hold, for each name of the path, the scalar values (as text) of the object that holds the name."""

    path: tuple[str | int, ...]
    value: str
    segment: Segment
    anchor: int
    scopes: tuple[Mapping[str, str], ...]


def path_name(path: Sequence[str | int]) -> str:
    """``macros[0].body`` for the path ``("macros", 0, "body")``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _align(value: str, text: str, start: int, end: int) -> Segment | None:
    """Find ``value``'s characters in order in ``text[start:end]`` (a folded break stands for a space)."""
    builder = SegmentBuilder()
    i = start
    for ch in value:
        while i < end:
            raw = text[i]
            if raw == ch or (ch == " " and raw in "\r\n") or (ch == "\n" and raw == "\r"):
                break
            i += 1
        else:
            return None
        builder.take(ch, i)
        i += 1
    return builder.build()


def _flow_breaks(text: str, i: int, end: int, builder: SegmentBuilder) -> int:
    """After a line break in a flow scalar: one ``\\n`` per empty line, then skip the next line's indentation."""
    while True:
        while i < end and text[i] in " \t":
            i += 1
        if i < end and text[i] in "\r\n":
            builder.take("\n", i)
            i += 2 if text.startswith("\r\n", i) else 1
        else:
            return i


def _double_quoted(text: str, start: int, end: int) -> Segment:
    """A double-quoted YAML scalar's characters (between the quotes), escapes decoded on their backslash."""
    builder = SegmentBuilder()
    i = start
    while i < end:
        ch = text[i]
        if ch == "\\":
            escape = text[i + 1]
            if escape in Scanner.ESCAPE_REPLACEMENTS:
                builder.take(Scanner.ESCAPE_REPLACEMENTS[escape], i)
                i += 2
            elif escape in Scanner.ESCAPE_CODES:
                length = Scanner.ESCAPE_CODES[escape]
                builder.take(chr(int(text[i + 2 : i + 2 + length], 16)), i)
                i += 2 + length
            else:  # an escaped line break joins the lines without a space
                i += 3 if text.startswith("\r\n", i + 1) else 2
                i = _flow_breaks(text, i, end, builder)
        elif ch in " \t\r\n":
            j = i
            while j < end and text[j] in " \t":
                j += 1
            if j < end and text[j] in "\r\n":
                before = builder.length
                k = _flow_breaks(text, j + (2 if text.startswith("\r\n", j) else 1), end, builder)
                if builder.length == before:
                    builder.take(" ", j)
                i = k
            else:
                builder.take(text[i:j], i)
                i = j
        else:
            builder.take(ch, i)
            i += 1
    return builder.build()


def _yaml_scalar(node: yaml.ScalarNode, text: str) -> Segment:
    """The segment of a YAML string scalar, exact where it can be aligned, else pinned at its start."""
    start, end = node.start_mark.index, node.end_mark.index
    segment: Segment | None
    if node.style in ("|", ">"):
        body = text.find("\n", start, end) + 1 or end
        segment = _align(node.value, text, body, end)
    elif node.style == '"' and "\\" in text[start:end]:
        segment = _double_quoted(text, start + 1, end - 1)
    elif node.style in ("'", '"'):
        segment = _align(node.value, text, start + 1, end - 1)
    else:
        segment = _align(node.value, text, start, end)
    if segment is None or segment.text != node.value:
        return Segment(node.value, ((0, start, 0),))
    return replace(segment, escapes=(_YAML_ESCAPES.get(node.style, "plain"),))


def _too_deep(line: int) -> SourceError:
    return SourceError(f"nested more than {MAX_NESTING} levels deep (line {line})")


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing flow collections (``[``, ``{``) nested deeper than :data:`MAX_NESTING` as its
    scanner meets them: the scanner keeps a possible key per open level and reads them all at each token, so 1,000
    nested ``[`` (2 KB) took a second before the composer's recursion failed."""

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:
        if self.flow_level >= MAX_NESTING:
            raise _too_deep(self.get_mark().line + 1)
        super().fetch_flow_collection_start(TokenClass)


def _yaml_values(text: str) -> tuple[list[_Value], list[tuple[int, int]]]:
    """Every string value under a mapping key, and the spans of all scalars (where ``#`` is not a comment)."""
    values: list[_Value] = []
    spans: list[tuple[int, int]] = []
    seen: set[int] = set()

    def walk(
        node: yaml.Node,
        path: tuple[str | int, ...],
        anchor: int,
        scopes: tuple[Mapping[str, str], ...],
        depth: int = 0,
    ) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if depth > MAX_NESTING:
            raise _too_deep(node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            start, end = node.start_mark.index, node.end_mark.index
            if node.style in ("|", ">"):  # a comment may follow the header: the text starts on the next line
                header_end = text.find("\n", start, end)
                start = header_end if header_end >= 0 else end
            spans.append((start, end))
            if node.tag == _STR_TAG and path:
                values.append(_Value(path, node.value, _yaml_scalar(node, text), anchor, scopes))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index), anchor, scopes, depth + 1)
        elif isinstance(node, yaml.MappingNode):
            _unique_keys(node)
            scope = {
                str(k.value): str(v.value)
                for k, v in node.value
                if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)
            }
            for key, item in node.value:
                walk(key, (), key.start_mark.index, (), depth + 1)
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                walk(item, (*path, name), key.start_mark.index, (*scopes, scope), depth + 1)

    try:
        for document in yaml.compose_all(text, Loader=_Loader):
            if document is not None:
                walk(document, (), document.start_mark.index, ())
    except yaml.MarkedYAMLError as exc:
        raise SourceError(_yaml_problem(exc)) from exc
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML: {' '.join(str(exc).split())}") from exc
    except RecursionError as exc:  # PyYAML's composer recurses once per level, before the walk can count them
        raise SourceError(f"nested more than {MAX_NESTING} levels deep") from exc
    return values, sorted(spans)


def _unique_keys(node: yaml.MappingNode) -> None:
    """Refuse a mapping that repeats a key: a loader keeps one of the values and drops the other unseen."""
    first: dict[tuple[str, str], yaml.Node] = {}
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE_TAG:
            seen = first.setdefault((key.tag, key.value), key)
            if seen is not key:
                mark = key.start_mark
                raise SourceError(
                    f"invalid YAML at line {mark.line + 1}, column {mark.column + 1}: "
                    f"duplicate key {key.value!r} (first at line {seen.start_mark.line + 1})"
                )


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    """``invalid YAML at line L, column C: problem (while context)``, without PyYAML's excerpt of the text."""
    mark = exc.problem_mark or exc.context_mark
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    context = f" ({exc.context})" if exc.context else ""
    return f"invalid YAML{where}: {exc.problem or 'cannot be parsed'}{context}"


def _yaml_comments(text: str, spans: list[tuple[int, int]]) -> list[Comment]:
    starts = [s for s, _ in spans]
    comments = []
    for match in _YAML_COMMENT.finditer(text):
        index = bisect.bisect_right(starts, match.start()) - 1
        if index >= 0 and spans[index][0] <= match.start() < spans[index][1]:
            continue
        end = match.end() - (1 if match.group().endswith("\r") else 0)
        comments.append(Comment(match.start(), end, match.start() + 1, end))
    return comments


def _json_string(text: str, start: int, end: int, value: str) -> Segment:
    """A JSON string's characters (between the quotes), escapes decoded on their backslash."""
    builder = SegmentBuilder()
    i = start
    while i < end:
        slash = text.find("\\", i, end)
        if slash < 0:
            builder.take(text[i:end], i)
            break
        builder.take(text[i:slash], i)
        escape = text[slash + 1]
        if escape == "u":
            code = int(text[slash + 2 : slash + 6], 16)
            i = slash + 6
            if 0xD800 <= code < 0xDC00 and text.startswith("\\u", i):
                low = int(text[i + 2 : i + 6], 16)
                if 0xDC00 <= low < 0xE000:
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
            builder.take(chr(code), slash)
        else:
            builder.take(_JSON_ESCAPES[escape], slash)
            i = slash + 2
    segment = builder.build(escapes=("double-quoted",))
    return segment if segment.text == value else Segment(value, ((0, start, 0),))


def _string_at(text: str, quote: int) -> tuple[str, int]:
    """The JSON string whose opening quote is at ``quote``, and the offset after its closing quote."""
    value, end = scanstring(text, quote + 1)
    return str(value), int(end)


def _check_nesting(text: str) -> None:
    """Refuse JSON nested deeper than :data:`MAX_NESTING` before any recursive parser sees it (one pass)."""
    depth = 0
    for match in _JSON_NESTING.finditer(text):
        mark = match.group()
        if mark in "[{":
            depth += 1
            if depth > MAX_NESTING:
                raise _too_deep(text.count("\n", 0, match.start()) + 1)
        elif mark in "]}":
            depth -= 1


def _not_json(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def _duplicate_json_key(text: str, key: str, at: int, first: int) -> SourceError:
    lines = LineIndex(text, NEWLINES)  # lines as the json module counts them
    line, column = lines.line_col(at)
    return SourceError(
        f"invalid JSON at line {line}, column {column}: duplicate key {key!r} (first at line {lines.line_of(first)})"
    )


def _json_values(text: str) -> list[_Value]:
    _check_nesting(text)
    try:  # numbers are not kept: a 5,000-digit integer is valid JSON, and only strings are read
        json.loads(text, parse_int=len, parse_float=len, parse_constant=_not_json)
    except ValueError as exc:  # JSONDecodeError, or NaN / Infinity
        raise SourceError(f"invalid JSON: {exc}") from exc
    found: list[_Value] = []

    def space(i: int) -> int:
        return _JSON_SPACE.match(text, i).end()  # type: ignore[union-attr]

    def value(i: int, path: tuple[str | int, ...], anchor: int, scopes: tuple[Mapping[str, str], ...]) -> int:
        """Collect the strings inside the JSON value at ``i``; return the offset after it."""
        i = space(i)
        opening = text[i]
        if opening == '"':
            string, end = _string_at(text, i)
            if path:
                found.append(_Value(path, string, _json_string(text, i + 1, end - 1, string), anchor, scopes))
            return end
        if opening not in "[{":
            return _JSON_SCALAR.match(text, i).end()  # type: ignore[union-attr]
        closing, i, index = ("]" if opening == "[" else "}"), space(i + 1), 0
        scope: dict[str, str] = {}  # an object's scalar values, filled in as they are read
        names: dict[str, int] = {}  # an object's keys and where each is first
        while text[i] != closing:
            item_path, item_anchor, item_scopes = (*path, index), anchor, scopes
            if opening == "{":
                key, after = _string_at(text, i)
                if names.setdefault(key, i) != i:
                    raise _duplicate_json_key(text, key, i, names[key])
                item_path, item_anchor, i = (*path, key), i, space(after) + 1
                item_scopes = (*scopes, scope)
            start = space(i)
            i = space(value(i, item_path, item_anchor, item_scopes))
            if opening == "{" and text[start] not in "[{":
                scope[str(item_path[-1])] = scanstring(text, start + 1)[0] if text[start] == '"' else text[start:i]
            i = space(i + 1) if text[i] == "," else i
            index += 1
        return i + 1

    try:
        value(0, (), 0, ())
    except RecursionError as exc:
        raise SourceError("JSON nested too deeply") from exc
    return found


def _matched(values: Sequence[_Value], keys: Sequence[str]) -> list[_Value]:
    """The values at ``keys``; of a key's copies in one object (``body_text|body``), the first present only."""
    matched: list[tuple[tuple[int, int], int, _Value]] = []
    first: dict[tuple[int, int], int] = {}
    for found in values:
        names = [p for p in found.path if isinstance(p, str)]
        index = key_index(names, found.scopes, keys)
        if index is not None:
            owner = (index[0], id(found.scopes[-1]))
            matched.append((owner, index[1], found))
            first[owner] = min(first.get(owner, index[1]), index[1])
    return [found for owner, alternative, found in matched if first[owner] == alternative]


def _segments(values: Sequence[_Value], keys: Sequence[str]) -> tuple[list[Segment], list[Comment]]:
    segments: list[Segment] = []
    comments: list[Comment] = []
    for found in _matched(values, keys):
        if not found.value.strip():
            continue
        outer = replace(found.segment, template=True, key=path_name(found.path), anchor=found.anchor)
        inner, inner_comments = reduce_template(outer.text)
        comments.extend(c.moved(outer) for c in inner_comments)
        if not inner.text.strip():
            continue
        value = compose(outer, inner)
        if _HTML_TAG.search(value.text) is None:
            segments.append(value)
            continue
        html = read_html(value.text)
        segments.extend(compose(value, s) for s in html.segments)
        comments.extend(c.moved(value) for c in html.comments)
    return segments, comments


def read_yaml(text: str, keys: Sequence[str]) -> SourceFile:
    """String values at ``keys`` in a YAML file, each one reply; ``#`` comments hold directives."""
    values, spans = _yaml_values(text)
    segments, comments = _segments(values, keys)
    return SourceFile(text, segments, sorted([*_yaml_comments(text, spans), *comments], key=lambda c: c.start))


def read_json(text: str, keys: Sequence[str]) -> SourceFile:
    """String values at ``keys`` in a JSON file, each one reply (JSON has no comments)."""
    segments, comments = _segments(_json_values(text), keys)
    return SourceFile(text, segments, comments)
