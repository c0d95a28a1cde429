"""Plain text: the whole file is one reply; a line of its own ``# replylint: …`` is a directive, not text."""

from __future__ import annotations

import codecs
import re

from replylint.sources.base import Comment, Segment, SegmentBuilder, SourceError, SourceFile

_DIRECTIVE_LINE = re.compile(r"^[ \t]*#[ \t]*(replylint:[^\n]*?)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


#: Byte-order marks of the wide Unicode encodings, UTF-32 first (its little-endian mark starts like UTF-16's).
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


#: How far into a file a NUL marks it as binary, and what is said of it.
BINARY_PROBE = 8192
BINARY = "binary file (contains NUL bytes)"


def decode(data: bytes) -> str:
    """Text of a UTF-8 file, or of a UTF-16/32 file with its byte-order mark (a BOM is dropped); raise
    :class:`SourceError` for binary or other encodings."""
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise SourceError(f"not valid {encoding.upper()} (byte {exc.start})") from exc
    if b"\x00" in data[:BINARY_PROBE]:
        raise SourceError(BINARY)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r})") from exc
    return text.removeprefix("\ufeff")


def refuse_binary(text: str) -> str:
    """A file's text given as a string (``lint_source(str)``, the service's ``/v1/lint-file``), or
    :class:`SourceError` when it holds a NUL where :func:`decode` refuses a file's bytes: the same file is
    skipped as binary whichever way it arrives."""
    if "\x00" in text[:BINARY_PROBE]:
        raise SourceError(BINARY)
    return text


def encode_like(text: str, original: bytes) -> bytes:
    """``text`` written as :func:`decode` read ``original``: UTF-8 with its byte-order mark if it had one, or
    UTF-16/32 with the same byte-order mark and so the same byte order (fixes must not re-encode a file)."""
    for bom, encoding in _WIDE_BOMS:
        if original.startswith(bom):
            order = "le" if bom in (codecs.BOM_UTF32_LE, codecs.BOM_UTF16_LE) else "be"
            return bom + text.encode(f"{encoding}-{order}")
    return (codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b"") + text.encode("utf-8")


def read_plain(text: str) -> SourceFile:
    """The whole text as one segment, less the directive lines."""
    comments: list[Comment] = []
    builder = SegmentBuilder()
    position = 0
    for match in _DIRECTIVE_LINE.finditer(text):
        builder.take(text[position : match.start()], position)
        comments.append(Comment(match.start(), match.end(), match.start(1), match.end(1)))
        position = match.end()
    if not comments:
        return SourceFile(text, [Segment.verbatim(text)] if text.strip() else [])
    builder.take(text[position:], position)
    segment = builder.build()
    return SourceFile(text, [segment] if segment.text.strip() else [], comments)
