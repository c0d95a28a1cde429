"""Reporters: turn linted files into text for people and tools."""

from collections.abc import Callable, Sequence

from replylint.formats.base import FileResult
from replylint.formats.json import render_json
from replylint.formats.text import render_text

Renderer = Callable[[Sequence[FileResult], bool], str]

#: Output formats by the name ``--output-format`` takes.
FORMATS: dict[str, Renderer] = {
    "text": lambda results, color: render_text(results, color=color),
    "json": lambda results, color: render_json(results),
}

__all__ = ["FORMATS", "FileResult", "Renderer", "render_json", "render_text"]
