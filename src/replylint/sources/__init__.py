"""Readers that turn files into segments of reply text, with offsets back into the file."""

from __future__ import annotations

from pathlib import Path

from replylint.sources.base import LineIndex, Segment, SourceError, SourceFile, map_finding
from replylint.sources.text import decode, read_plain

#: File endings linted when a folder is given.
LINTABLE_SUFFIXES = frozenset({".txt", ".text"})

__all__ = [
    "LINTABLE_SUFFIXES",
    "LineIndex",
    "Segment",
    "SourceError",
    "SourceFile",
    "decode",
    "map_finding",
    "read_source",
]


def read_source(path: Path, data: bytes) -> SourceFile:
    """Segments of a file by its ending; raise :class:`SourceError` for a file that cannot be linted."""
    return read_plain(decode(data))
