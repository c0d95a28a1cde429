"""One file linted: read it, find its replies, lint each, map positions into the file once, apply the file's
suppressions and keep each reply's score. The command line, the service, the audit and the editor server call
:func:`lint_source`; :meth:`Linter.lint <replylint.engine.Linter.lint>` with ``template=True`` calls
:func:`lint_template` so a template reads the same through the API as through a file (docs/files.md)."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel, Field, PrivateAttr

from replylint.baseline import Baseline
from replylint.errors import ReplyTooLong
from replylint.keys import DEFAULT_KEYS
from replylint.lines import LineIndex
from replylint.models import Act, Channel, ContextInfo, Finding, Language, Report, SentenceActs, Summary
from replylint.scoring import summarize, tone_score
from replylint.selectors import selects
from replylint.sources import (
    STRUCTURED_SUFFIXES,
    Segment,
    SourceError,
    SourceFile,
    Suppressions,
    decode,
    map_finding,
    read_text,
    reader_format,
    refuse_binary,
)
from replylint.sources.template import reduce_template

if TYPE_CHECKING:
    from replylint.config import Config


#: Directive findings of a file once its findings went through its suppressions, messages in a language.
Hygiene = Callable[[Suppressions, LineIndex, Language], list[Finding]]
#: Whether a reply's finding (in the reply's coordinates) is reported; one left out does not count towards the
#: cap of findings a rule reports in a reply (``replylint.engine.MAX_HITS``).
Keep = Callable[[Finding], bool]


class ReplyLinter(Protocol):
    """What lints one reply: a :class:`~replylint.engine.Linter`, or a client of the service."""

    def lint(
        self,
        text: str,
        language: Language | str | None = None,
        channel: Channel | str | None = None,
        context: str | None = None,
        *,
        template: bool = False,
    ) -> Report: ...


class FileSentence(BaseModel):
    """A sentence of a reply in a file, with the acts it performs."""

    start: int = Field(description="File offset of the sentence's first character.")
    end: int = Field(description="File offset just past its last character.")
    line: int
    column: int
    text: str = Field(description="The sentence as linted: markup removed, white space folded.")
    acts: list[Act] = Field(default_factory=list, description="In the order of docs/acts.md.")


class FileReply(BaseModel):
    """One reply of a file (the whole of a text file, one value of a YAML file, one ``.po`` translation)."""

    key: str | None = Field(None, description="The value's key in a YAML/JSON file (``macros[0].body``).")
    line: int = Field(description="1-based line of the reply's first visible character.")
    column: int
    language: Language
    context: ContextInfo
    score: int = Field(ge=0, le=100, description="Tone score of the reply after suppressions (docs/scoring.md).")
    findings: int = Field(description="Findings left after suppressions.")
    sentences: list[FileSentence] = Field(default_factory=list)


class FileReport(BaseModel):
    """Everything replylint found in one file, in file coordinates, after the file's suppressions."""

    path: str = Field(description="The name the file was given as (``-`` for standard input).")
    findings: list[Finding] = Field(default_factory=list, description="By line, column and code.")
    replies: list[FileReply] = Field(default_factory=list)
    score: int = Field(100, ge=0, le=100, description="The lowest score of the file's replies (100 without any).")
    summary: Summary = Field(default_factory=Summary)
    problems: list[str] = Field(
        default_factory=list, description="``line:column: message`` for each malformed directive."
    )
    baselined: int = Field(0, description="Findings left out because the baseline holds them.")
    error: str | None = Field(None, description="Why the file could not be linted; then nothing else is set.")
    text: str = Field("", exclude=True, description="The file's decoded text (not serialised).")
    _lines: LineIndex | None = PrivateAttr(None)

    @property
    def lines(self) -> LineIndex:
        """The file's line index, the one its positions were computed with."""
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def line(self, number: int) -> str:
        """The text of a 1-based line, without its line break."""
        return self.lines.line_text(number)


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes; a FIFO, device or socket is refused without blocking on it."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(descriptor, "rb") as handle:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = "FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"
            raise OSError(f"not a regular file ({kind})")
        return handle.read()


def _reader_path(name: str, format: str | None) -> Path:
    """The path whose ending chooses the reader: ``format`` (``md``, ``.j2``, ``html.j2``) or the name's."""
    if format is None:
        return Path(name)
    return Path("file." + reader_format(format))


def lint_source(
    source: Path | bytes | str,
    *,
    name: str | None = None,
    format: str | None = None,
    linter: ReplyLinter | None = None,
    config: Config | None = None,
    language: Language | str | None = None,
    channel: Channel | str | None = None,
    context: str | None = None,
    keys: Sequence[str] | None = None,
    baseline: Baseline | None = None,
) -> FileReport:
    """Lint one file: a path to read, its bytes (UTF-8, or UTF-16/32 with a byte-order mark) or its text.

    ``name`` is the file's name in the report (default: the path, else ``-``); its ending, or ``format`` when
    given (``md``, ``j2``, ``html.j2``, ``yaml``…), chooses how the file is read. ``linter`` lints each reply
    (default: a linter shared in this process for ``config``); ``keys`` are the YAML/JSON keys whose values
    are replies (default: the configuration's). The configuration's ``per-file-ignores`` apply to ``name``;
    directive hygiene (RL001, RL002) is reported when linting locally; findings in ``baseline`` are left out
    and counted in ``baselined``. A file that cannot be read comes back with ``error`` set; a ``format`` that no
    reader reads is a ``ValueError``.
    """
    label = name if name is not None else str(source) if isinstance(source, Path) else "-"
    if keys is None:
        own = config or getattr(linter, "config", None)
        keys = own.all_keys if own is not None else DEFAULT_KEYS
    reader = _reader_path(label, format)
    try:
        data = read_bytes(source) if isinstance(source, Path) else source
        text = refuse_binary(data) if isinstance(data, str) else decode(data)
        read = read_text(reader, text, keys)
    except OSError as exc:
        return FileReport(path=label, error=exc.strerror or str(exc))
    except SourceError as exc:
        return FileReport(path=label, error=str(exc))
    if not read.segments:
        hint = "; set `keys`" if reader.suffix.lower() in STRUCTURED_SUFFIXES else ""
        return FileReport(path=label, text=read.text, error=f"no reply text found in {label}{hint}")

    if linter is None:  # built once there is a reply to lint
        from replylint.engine import shared_linter

        linter = shared_linter(config)
    lint = linter.lint
    keeping = _keeping(linter)

    def lint_one(segment: Segment, keep: Keep | None) -> tuple[Report, bool]:
        try:
            if keeping is not None and keep is not None:
                return keeping(segment.text, keep, language, channel, context, template=segment.template), True
            return lint(segment.text, language, channel, context, template=segment.template), False
        except ReplyTooLong as exc:
            raise SourceError(_too_long(exc, segment)) from None

    own = config or getattr(linter, "config", None)
    ignored = own.ignored_in(Path(label)) if own is not None and label != "-" else []
    try:
        return _lint_file(label, read, lint_one, _hygiene(linter, channel), ignored, baseline, _redirects(linter, own))
    except SourceError as exc:
        return FileReport(path=label, text=read.text, error=str(exc))


def _too_long(error: ReplyTooLong, segment: Segment) -> str:
    """Why a file's reply was not linted: the reply (its key in a YAML/JSON file) over the size limit."""
    if error.argument != "text":
        return str(error)  # the customer's message
    return error.naming(segment.key or "the reply")


def _redirects(linter: ReplyLinter, config: Config | None) -> Mapping[str, str]:
    """The renamed codes of the linter's rules (a local linter's registry, else the configuration's)."""
    registry = getattr(linter, "registry", None)
    if registry is None:
        from replylint.registry import builtin_registry, registry_for

        registry = registry_for(config) if config is not None else builtin_registry()
    redirects: Mapping[str, str] = registry.redirects
    return redirects


def _keeping(linter: ReplyLinter) -> Callable[..., Report] | None:
    """A local linter's ``lint_keeping``, which applies the file's suppressions before each rule's cap of
    findings; a service client caps on the server, before the file's suppressions."""
    engine = sys.modules.get("replylint.engine")
    if engine is None or not isinstance(linter, engine.Linter):
        return None
    keeping: Callable[..., Report] = linter.lint_keeping
    return keeping


def _hygiene(linter: ReplyLinter, channel: Channel | str | None) -> Hygiene | None:
    """The directive findings of a local linter; none through a service client. A linter is an engine's only
    once the engine is loaded, so a client never loads it (the engine imports this module)."""
    engine = sys.modules.get("replylint.engine")
    if engine is None or not isinstance(linter, engine.Linter):
        return None
    local = linter
    chan = Channel(channel) if channel else linter.config.channel
    return lambda suppressions, lines, language: local.directive_findings(suppressions, lines, language, chan)


def _lint_file(
    label: str,
    read: SourceFile,
    lint_one: Callable[[Segment, Keep | None], tuple[Report, bool]],
    hygiene: Hygiene | None = None,
    ignored: Sequence[str] = (),
    baseline: Baseline | None = None,
    redirects: Mapping[str, str] | None = None,
) -> FileReport:
    """Lint each segment of a read file; map, leave out the ``ignored`` rules (``per-file-ignores``), suppress,
    report the directives' hygiene, leave out the ``baseline``'s findings, and score in file coordinates.

    ``lint_one`` lints a segment, and says whether its linter applied the ``keep`` it was given to every finding it
    returns (a local linter, before each rule's cap): those findings are decided, and the file's directives marked
    used, once. Without it (a service client, which caps on the server), each finding is decided after mapping."""
    lines = LineIndex(read.text)
    suppressions = Suppressions.parse(read, lines, redirects)
    findings: list[Finding] = []
    replies: list[FileReply] = []
    for segment in read.segments:
        anchor = lines.line_of(segment.anchor) if segment.anchor is not None else None

        def keep(found: Finding, segment: Segment = segment, anchor: int | None = anchor) -> bool:
            mapped = map_finding(found, segment, lines)
            return not (ignored and selects(ignored, found.code, found.rule, found.category)) and not (
                suppressions.suppresses(mapped, anchor)
            )

        report, decided = lint_one(segment, keep if suppressions.directives or ignored else None)
        mapped = [map_finding(f, segment, lines) for f in report.findings]
        kept = mapped if decided else suppressions.filter(_not_ignored(mapped, ignored), segment, lines)
        findings.extend(kept)
        replies.append(_reply(segment, report, kept, lines))
    if hygiene is not None:
        findings.extend(_not_ignored(hygiene(suppressions, lines, replies[0].language), ignored))
    findings.sort(key=lambda f: (f.line, f.column, f.code))
    baselined = 0
    if baseline is not None:
        findings, baselined = baseline.apply(label, findings)
    result = FileReport(
        path=label,
        findings=findings,
        replies=replies,
        score=min(reply.score for reply in replies),
        summary=summarize(findings),
        problems=suppressions.problems,
        baselined=baselined,
        text=read.text,
    )
    result._lines = lines
    return result


def _not_ignored(findings: Iterable[Finding], ignored: Sequence[str]) -> Iterable[Finding]:
    if not ignored:
        return findings
    return (f for f in findings if not selects(ignored, f.code, f.rule, f.category))


def _reply(segment: Segment, report: Report, kept: list[Finding], lines: LineIndex) -> FileReply:
    text = segment.text
    line, column = lines.line_col(segment.file_offset(len(text) - len(text.lstrip())))
    return FileReply(
        key=segment.key,
        line=line,
        column=column,
        language=report.language,
        context=report.context,
        score=tone_score(kept),
        findings=len(kept),
        sentences=[_sentence(s, segment, lines) for s in report.sentences],
    )


def _sentence(sentence: SentenceActs, segment: Segment, lines: LineIndex) -> FileSentence:
    start, end = segment.file_offset(sentence.start), segment.file_end(sentence.end)
    line, column = lines.line_col(start)
    text = " ".join(segment.text[sentence.start : sentence.end].split())
    return FileSentence(start=start, end=end, line=line, column=column, text=text, acts=sentence.acts)


def lint_template(
    text: str,
    lint_reduced: Callable[[str, Keep | None], Report],
    hygiene: Hygiene | None = None,
    redirects: Mapping[str, str] | None = None,
    keep: Keep | None = None,
) -> Report:
    """A reply template linted as a template file is: control tags and comments are not text, the directives
    in its comments (``{# replylint: disable=RL201 #}``) apply and ``hygiene`` reports on them, and the report's
    offsets are in ``text``. ``lint_reduced`` lints the template's text as the reader sees it, leaving out the
    findings its second argument refuses before each rule's cap; ``keep`` (findings in ``text``) adds to it, and
    decides the findings on the template's own directives too, so every finding returned has passed it."""
    if "{" not in text:
        return lint_reduced(text, keep)
    segment, comments = reduce_template(text)
    if not comments and segment.text == text:
        return lint_reduced(text, keep)  # placeholders only: nothing to map or suppress
    lines = LineIndex(text)
    suppressions = Suppressions.parse(SourceFile(text, [segment], comments), lines, redirects)

    def reported(finding: Finding) -> bool:
        in_file = map_finding(finding, segment, lines)
        whole = in_file if finding.start is not None else _whole_reply(finding, lines)
        return not suppressions.suppresses(in_file) and (keep is None or keep(whole))

    report = lint_reduced(segment.text, reported)  # each finding decided once, by `reported`
    kept = [map_finding(f, segment, lines) if f.start is not None else _whole_reply(f, lines) for f in report.findings]
    if hygiene is not None:
        kept.extend(f for f in hygiene(suppressions, lines, report.language) if keep is None or keep(f))
        kept.sort(key=lambda f: (f.line, f.column, f.code))
    sentences = [
        SentenceActs.model_construct(start=segment.file_offset(s.start), end=segment.file_end(s.end), acts=s.acts)
        for s in report.sentences
    ]
    return report.model_copy(
        update={"findings": kept, "score": tone_score(kept), "summary": summarize(kept), "sentences": sentences}
    )


def _whole_reply(finding: Finding, lines: LineIndex) -> Finding:
    """A whole-reply finding of a report: from line 1, column 1 to the text's end."""
    end_line, end_column = lines.line_col(len(lines.text))
    return finding.model_copy(update={"line": 1, "column": 1, "end_line": end_line, "end_column": end_column})
