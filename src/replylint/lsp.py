"""The editor language server, ``replylint lsp`` (pygls, over standard input and output).

Each open document is linted through the file pipeline (:func:`replylint.files.lint_source`) with the
configuration the command line would find for it, on open, change and save. Diagnostics carry exact ranges
(LSP positions count UTF-16 code units); hover shows the rule's explanation; code actions apply a safe fix or
insert a suppression comment in the file's own syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from lsprotocol import types
from pygls import uris
from pygls.lsp.server import LanguageServer

from replylint.config import Config, discover_config
from replylint.errors import ConfigError
from replylint.files import FileReport, lint_source
from replylint.formats.sarif import RULES_URL
from replylint.lines import MARKDOWN_BREAKS, LineIndex
from replylint.models import Applicability, Finding, Severity
from replylint.sources import SourceError, read_text

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
#: A suppression comment around a directive, by file ending (JSON has no comments).
_COMMENTS = {
    ".md": "<!-- {} -->",
    ".markdown": "<!-- {} -->",
    ".html": "<!-- {} -->",
    ".htm": "<!-- {} -->",
    ".j2": "{{# {} #}}",
    ".jinja": "{{# {} #}}",
    ".jinja2": "{{# {} #}}",
    ".liquid": "{{% comment %}}{}{{% endcomment %}}",
    ".hbs": "{{{{! {} }}}}",
    ".handlebars": "{{{{! {} }}}}",
    ".mustache": "{{{{! {} }}}}",
    ".yaml": "# {}",
    ".yml": "# {}",
    ".po": "# {}",
}
_INDENT = re.compile(r"[ \t]*")
#: Endings whose directive above an entry's first line (its YAML key, its ``.po`` entry) covers the entry.
_BY_ENTRY = frozenset({".yaml", ".yml", ".po"})


class Positions:
    """LSP positions of offsets in a text: lines end at ``\\n``, ``\\r\\n`` or ``\\r``; columns count UTF-16 code
    units."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = LineIndex(text, MARKDOWN_BREAKS)

    def position(self, offset: int) -> types.Position:
        """The position of a character offset."""
        line, column = self.lines.line_col(offset)
        start = self.lines.starts[line - 1]
        return types.Position(line=line - 1, character=_utf16(self.text[start : start + column - 1]))

    def offset(self, position: types.Position) -> int:
        """The character offset of a position (clamped to its line)."""
        if position.line >= len(self.lines.starts):
            return len(self.text)
        start, end = self.lines.line_span(position.line + 1)
        units = 0
        for index in range(start, end):
            if units >= position.character:
                return index
            units += 2 if ord(self.text[index]) > 0xFFFF else 1
        return end


def _utf16(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def finding_span(finding: Finding, report: FileReport) -> tuple[int, int]:
    """The character span of a finding in the file (a whole-reply finding: from its line and column on)."""
    if finding.start is not None and finding.end is not None:
        return finding.start, finding.end
    starts = report.lines.starts
    return starts[finding.line - 1] + finding.column - 1, starts[finding.end_line - 1] + finding.end_column - 1


@dataclass
class Document:
    """A linted document: its report and the positions of its text."""

    report: FileReport
    positions: Positions
    config: Config

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.positions.position(start), end=self.positions.position(end))


def _version() -> str:
    try:
        return metadata.version("replylint")
    except metadata.PackageNotFoundError:
        return "0"


class ReplylintServer(LanguageServer):
    """The server: the last report of each open document."""

    def __init__(self) -> None:
        super().__init__("replylint", _version())
        self.documents: dict[str, Document] = {}

    def config_for(self, path: Path) -> Config:
        """The configuration the command line finds for a file (nearest ``.replylint.toml`` or
        ``pyproject.toml``), with the fragment settings when the file is a fragment (``fragments`` patterns are
        relative to the configuration's folder, as for the command line). Read again for each lint, as each
        ``replylint check`` reads it: one written, changed or removed while the editor is open applies at the next
        change (finding and reading it takes under a millisecond; the linter of an unchanged configuration is
        shared)."""
        config = discover_config(path.parent)
        if config.is_fragment(path):
            config = config.model_copy(update={"ignore": [*config.ignore, *config.fragment_ignore]})
        return config

    def lint(self, uri: str) -> None:
        """Lint a document and publish its diagnostics."""
        document = self.workspace.get_text_document(uri)
        path = Path(uris.to_fs_path(uri) or document.filename or "document.txt")
        try:
            config = self.config_for(path)
            if config.excludes(path):  # never linted, as `replylint check` never lints it (README.md, package.json)
                self.documents.pop(uri, None)
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(uri=uri, diagnostics=[], version=document.version)
                )
                return
            report = lint_source(document.source, name=str(path), config=config)
        except ConfigError as exc:
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=f"replylint: configuration error: {exc}")
            )
            return
        linted = self.documents[uri] = Document(report, Positions(report.text or document.source), config)
        diagnostics = [self.diagnostic(linted, finding) for finding in report.findings]
        if report.error and not report.error.startswith("no reply text found"):
            start = types.Position(line=0, character=0)
            diagnostics.append(
                types.Diagnostic(
                    range=types.Range(start=start, end=start),
                    message=f"not linted: {report.error}",
                    severity=types.DiagnosticSeverity.Warning,
                    source="replylint",
                )
            )
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version)
        )

    @staticmethod
    def diagnostic(document: Document, finding: Finding) -> types.Diagnostic:
        message = finding.message + (f"\n{finding.suggestion}" if finding.suggestion else "")
        return types.Diagnostic(
            range=document.range(*finding_span(finding, document.report)),
            message=message,
            severity=_SEVERITY[finding.severity],
            code=finding.code,
            code_description=types.CodeDescription(href=f"{RULES_URL}#{finding.code.lower()}-{finding.rule}"),
            source="replylint",
        )


server = ReplylintServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def _did_open(ls: ReplylintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.lint(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def _did_change(ls: ReplylintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.lint(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def _did_save(ls: ReplylintServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.lint(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def _did_close(ls: ReplylintServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.documents.pop(params.text_document.uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@cache
def _explanations(config_json: str) -> dict[str, str]:
    """``replylint explain`` of every rule, for a configuration (as JSON, so that it can be cached)."""
    from replylint.ruleinfo import rule_infos

    return {info.spec.code: info.explanation() for info in rule_infos(Config.model_validate_json(config_json))}


@server.feature(types.TEXT_DOCUMENT_HOVER)
def _hover(ls: ReplylintServer, params: types.HoverParams) -> types.Hover | None:
    document = ls.documents.get(params.text_document.uri)
    if document is None:
        return None
    offset = document.positions.offset(params.position)
    found = [
        (f, span)
        for f in document.report.findings
        if (span := finding_span(f, document.report))[0] <= offset < max(span[1], span[0] + 1)
    ]
    if not found:
        return None
    explanations = _explanations(document.config.model_dump_json(by_alias=True))
    parts = []
    for finding, _ in found:
        parts.append(f"**{finding.code}** `{finding.rule}` ({finding.severity.value}): {finding.message}")
        if finding.suggestion:
            parts.append(finding.suggestion)
        parts.append("```text\n" + explanations.get(finding.code, "").rstrip() + "\n```")
    start = min(span[0] for _, span in found)
    end = max(span[1] for _, span in found)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n".join(parts)),
        range=document.range(start, end),
    )


def _suppression(document: Document, finding: Finding, uri: str) -> types.CodeAction | None:
    """Insert a comment turning the rule off for the finding's line (for a whole-reply finding, the file), in
    the file's own syntax; None for a file without comments (JSON)."""
    path = Path(document.report.path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return None
    wrap = _COMMENTS.get(suffix, "# {}")
    whole = finding.start is None
    directive = f"replylint: {'disable-file' if whole else 'disable-next-line'}={finding.code}"
    at = 0 if whole else finding_span(finding, document.report)[0]
    if not whole and suffix in _BY_ENTRY:
        at = _entry_start(document, at)
    lines = document.positions.lines
    line_start = lines.starts[lines.line_of(at) - 1]
    indent = _INDENT.match(document.report.text, line_start).group()  # type: ignore[union-attr]
    insert = document.positions.position(line_start)
    edit = types.TextEdit(range=types.Range(start=insert, end=insert), new_text=f"{indent}{wrap.format(directive)}\n")
    scope = "this file" if whole else "this line"
    return types.CodeAction(
        title=f"Disable {finding.code} for {scope}",
        kind=types.CodeActionKind.QuickFix,
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )


def _entry_start(document: Document, offset: int) -> int:
    """The file offset of the YAML key or ``.po`` entry whose value holds ``offset`` (``offset`` when none)."""
    report = document.report
    try:
        read = read_text(Path(report.path), report.text, document.config.all_keys)
    except SourceError:
        return offset
    for segment in read.segments:
        if segment.anchor is not None and segment.pieces:
            first, last = segment.pieces[0], segment.pieces[-1]
            if first[1] <= offset <= last[1] + last[2]:
                return segment.anchor
    return offset


def _fix_action(document: Document, finding: Finding, uri: str) -> types.CodeAction | None:
    fix = finding.fix
    if fix is None or fix.applicability is not Applicability.SAFE:
        return None
    edits = [types.TextEdit(range=document.range(e.start, e.end), new_text=e.replacement) for e in fix.edits]
    shown = " ".join(e.replacement for e in fix.edits)
    return types.CodeAction(
        title=f"Fix {finding.code}: “{finding.match}” → “{shown}”",
        kind=types.CodeActionKind.QuickFix,
        edit=types.WorkspaceEdit(changes={uri: edits}),
        is_preferred=True,
    )


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def _code_actions(ls: ReplylintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    document = ls.documents.get(uri)
    if document is None:
        return []
    start, end = document.positions.offset(params.range.start), document.positions.offset(params.range.end)
    actions = []
    for finding in document.report.findings:
        span = finding_span(finding, document.report)
        if span[0] <= end and start <= span[1]:
            diagnostic = ReplylintServer.diagnostic(document, finding)
            for action in (_fix_action(document, finding, uri), _suppression(document, finding, uri)):
                if action is not None:
                    action.diagnostics = [diagnostic]
                    actions.append(action)
    return actions


def main() -> None:
    """Serve over standard input and output until the client exits."""
    server.start_io()
