"""SARIF 2.1.0 output for code-scanning tools (GitHub code scanning, IDE viewers, CI dashboards)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from replylint.formats.base import FileResult
from replylint.lines import LineIndex
from replylint.models import Finding, Fix, Severity

if TYPE_CHECKING:
    from replylint.packs import RuleSpec

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: The rule reference; each rule has the anchor ``#<code>-<name>`` there (see ``replylint rules --markdown``).
RULES_URL = "https://github.com/replylint/replylint/blob/main/docs/rules.md"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def _tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("replylint")
    except PackageNotFoundError:
        return "0"


def _uri(path: str) -> str:
    """A relative path as a relative URI reference, an absolute one as a ``file:`` URI; a name that is not valid
    UTF-8 (its bytes kept as lone surrogates) is quoted byte by byte, as ``as_uri`` does."""
    pure = PurePath(path)
    return pure.as_uri() if pure.is_absolute() else quote(os.fsencode(pure.as_posix()))


def _descriptor(
    code: str, name: str, category: str, severity: Severity, rationale: str, packaged: bool
) -> dict[str, Any]:
    """A rule's descriptor; only a packaged rule links to its section of the rule reference."""
    help_uri = {"helpUri": f"{RULES_URL}#{code.lower()}-{name}"} if packaged else {}
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": _SENTENCE_END.split(rationale, maxsplit=1)[0]},
        "fullDescription": {"text": rationale},
        **help_uri,
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {"category": category, "tags": [category]},
    }


def _rules(findings: Sequence[Finding], specs: Sequence[RuleSpec]) -> list[dict[str, Any]]:
    """Every rule given (default: the packaged and installed ones), then any other rule that produced a finding."""
    from replylint.packs import builtin_specs  # the rule packs; loaded here, not when a format is chosen
    from replylint.registry import builtin_registry

    packaged = {s.code for s in builtin_specs()}
    specs = sorted(specs or builtin_registry().rules, key=lambda s: s.code)
    rules = [_descriptor(s.code, s.name, s.category, s.severity, s.rationale, s.code in packaged) for s in specs]
    known = {r["id"] for r in rules}
    for f in findings:
        if f.code not in known:
            known.add(f.code)
            rules.append(_descriptor(f.code, f.rule, f.category, f.severity, f.rule, f.code in packaged))
    return rules


def _fix(path: str, fix: Fix, lines: LineIndex) -> dict[str, Any]:
    """A SARIF ``fix``: the edits as replacements of regions of the file."""
    replacements = []
    for edit in fix.edits:
        (line, column), (end_line, end_column) = lines.line_col(edit.start), lines.line_col(edit.end)
        region = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}
        region |= {"charOffset": edit.start, "charLength": edit.end - edit.start}
        replacements.append({"deletedRegion": region, "insertedContent": {"text": edit.replacement}})
    return {
        "description": {"text": f"{fix.applicability.value} fix"},
        "artifactChanges": [{"artifactLocation": {"uri": _uri(path)}, "replacements": replacements}],
    }


def _result(path: str, finding: Finding, rule_index: int, lines: LineIndex) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }
    if finding.match is not None:
        region["snippet"] = {"text": finding.match}
    properties: dict[str, Any] = {"category": str(finding.category), "rule": finding.rule}
    if finding.suggestion:
        properties["suggestion"] = finding.suggestion
    result = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": region}}],
        "properties": properties,
    }
    if finding.fix is not None:
        result["fixes"] = [_fix(path, finding.fix, lines)]
    return result


def sarif_log(results: Sequence[FileResult], specs: Sequence[RuleSpec] = ()) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict: one run, the rules, one result per finding, skipped files as
    tool notifications; ``specs`` are the rules listed (default: the packaged and installed ones). Columns count
    Unicode code points (``columnKind``), 1-based."""
    findings = [f for r in results for f in r.findings]
    rules = _rules(findings, specs)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{r.path}: skipped: {r.error}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}}}],
        }
        for r in results
        if r.error
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "replylint",
                        "version": _tool_version(),
                        "informationUri": RULES_URL,
                        "rules": rules,
                    }
                },
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
                "columnKind": "unicodeCodePoints",
                "results": [_result(r.path, f, index[f.code], r.lines) for r in results for f in r.findings],
            }
        ],
    }


def render_sarif(results: Sequence[FileResult], specs: Sequence[RuleSpec] = ()) -> str:
    """The SARIF log as indented JSON."""
    return json.dumps(sarif_log(results, specs), ensure_ascii=False, indent=2) + "\n"
