"""Reporters: turn linted files into text for people and tools."""

from collections.abc import Callable, Sequence

from replylint.formats.base import FileResult, OutputOptions, color_enabled
from replylint.formats.github import render_github
from replylint.formats.json import render_json
from replylint.formats.junit import render_junit
from replylint.formats.sarif import render_sarif, sarif_log
from replylint.formats.statistics import render_statistics, render_statistics_json, rule_counts
from replylint.formats.text import render_text

Renderer = Callable[[Sequence[FileResult], OutputOptions], str]

#: Output formats by the name ``--format`` / ``--output-format`` takes.
FORMATS: dict[str, Renderer] = {
    "text": lambda results, o: render_text(results, color=o.color, show_source=not o.quiet, summary=not o.quiet),
    "json": lambda results, o: render_json(results),
    "sarif": lambda results, o: render_sarif(results, o.rules),
    "github": lambda results, o: render_github(results),
    "junit": lambda results, o: render_junit(results),
}

#: ``--statistics`` renderers by output format; other formats have no statistics form.
STATISTICS: dict[str, Callable[[Sequence[FileResult]], str]] = {
    "text": render_statistics,
    "json": render_statistics_json,
}

__all__ = [
    "FORMATS",
    "STATISTICS",
    "FileResult",
    "OutputOptions",
    "Renderer",
    "color_enabled",
    "render_github",
    "render_json",
    "render_junit",
    "render_sarif",
    "render_statistics",
    "render_statistics_json",
    "render_text",
    "rule_counts",
    "sarif_log",
]
