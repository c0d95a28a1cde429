"""Plain text: the whole file is one reply."""

from __future__ import annotations

from replylint.sources.base import Segment, SourceError, SourceFile


def decode(data: bytes) -> str:
    """UTF-8 text of a file (a BOM is dropped); raise :class:`SourceError` for binary or other encodings."""
    if b"\x00" in data[:8192]:
        raise SourceError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from exc
    return text.removeprefix("\ufeff")


def read_plain(text: str) -> SourceFile:
    """The whole text as one segment."""
    return SourceFile(text, [Segment.verbatim(text)] if text.strip() else [])
