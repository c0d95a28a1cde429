"""The ``replylint`` command: thin over the library — parse flags, lint, print, exit."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from replylint.config import Config, discover_config, load_config_file
from replylint.errors import ConfigError
from replylint.formats import FORMATS, STATISTICS, FileResult, OutputOptions, color_enabled
from replylint.models import Channel, Finding, Language, Report, Severity
from replylint.server import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    MAX_BODY,
    TIMEOUT,
    RemoteLinter,
    ServiceError,
    make_server,
    serve,
)
from replylint.sources import (
    LINTABLE_SUFFIXES,
    LineIndex,
    Segment,
    SourceError,
    Suppressions,
    map_finding,
    read_source,
)

if TYPE_CHECKING:
    from replylint.engine import Linter

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Linters:
    """One linter per configuration file, built on first use; or the service at ``server`` for every file."""

    def __init__(self, explicit: Path | None, server: str | None = None) -> None:
        self._explicit = load_config_file(explicit) if explicit else None
        self._by_source: dict[Path | None, Linter] = {}
        self._remote = RemoteLinter(server) if server else None

    def config_for(self, path: Path) -> Config:
        return self._explicit or discover_config(path)

    def for_path(self, path: Path) -> Linter | RemoteLinter:
        if self._remote is not None:
            return self._remote
        from replylint.engine import Linter  # the analysis pipeline: loaded only to lint locally

        config = self.config_for(path)
        if config.source not in self._by_source:
            self._by_source[config.source] = Linter(config)
        return self._by_source[config.source]


def _walk(paths: Sequence[str]) -> Iterator[str]:
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in LINTABLE_SUFFIXES)
            yield from (str(p) for p in found if not any(part.startswith(".") for part in p.parts))
        else:
            yield raw


def _explain_acts(raw: str, segment: Segment, lines: LineIndex, report: Report) -> Iterator[str]:
    """``path:line:col: [acts] sentence`` for each sentence of a linted segment, in file coordinates."""
    for sentence in report.sentences:
        line, column = lines.line_col(segment.file_offset(sentence.start))
        acts = ", ".join(act.value for act in sentence.acts) or "-"
        text = " ".join(segment.text[sentence.start : sentence.end].split())
        yield f"{raw}:{line}:{column}: [{acts}] {text}"


def _lint_one(raw: str, args: argparse.Namespace, linters: _Linters, context: str | None) -> FileResult:
    path = Path.cwd() if raw == "-" else Path(raw)
    try:
        data = sys.stdin.buffer.read() if raw == "-" else path.read_bytes()
        keys = [k.strip() for k in args.keys.split(",") if k.strip()] if args.keys else linters.config_for(path).keys
        source = read_source(Path(raw), data, keys)
    except OSError as exc:
        return FileResult(raw, "", error=exc.strerror or str(exc))
    except SourceError as exc:
        return FileResult(raw, "", error=str(exc))
    linter = linters.for_path(path)
    lines = LineIndex(source.text)
    suppressions = Suppressions.parse(source, lines)
    for problem in suppressions.problems:
        print(f"{raw}:{problem}", file=sys.stderr)
    findings: list[Finding] = []
    for segment in source.segments:
        report = linter.lint(segment.text, args.language, args.channel, context, template=segment.template)
        if args.explain_acts:
            print(*_explain_acts(raw, segment, lines, report), sep="\n")
        findings.extend(suppressions.filter((map_finding(f, segment, lines) for f in report.findings), segment, lines))
    findings.sort(key=lambda f: (f.line, f.column, f.code))
    return FileResult(raw, source.text, findings)


def _check(args: argparse.Namespace) -> int:
    if args.statistics and args.format not in STATISTICS:
        print(f"replylint: --statistics works with --format {' or '.join(STATISTICS)}", file=sys.stderr)
        return EXIT_USAGE
    if args.explain_acts and (args.format != "text" or args.statistics):
        print("replylint: --explain-acts works with --format text", file=sys.stderr)
        return EXIT_USAGE
    linters = _Linters(Path(args.config) if args.config else None, args.server)
    context = None
    if args.context_file:
        try:
            context = Path(args.context_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"replylint: cannot read context file {args.context_file}: {exc}", file=sys.stderr)
            return EXIT_USAGE
    results = [_lint_one(raw, args, linters, context) for raw in _walk(args.paths or ["-"])]
    fail_on = Severity(args.fail_on) if args.fail_on else linters.config_for(Path.cwd()).fail_on
    if args.statistics:
        sys.stdout.write(STATISTICS[args.format](results))
    else:
        options = OutputOptions(color=color_enabled(sys.stdout, args.no_color), quiet=args.quiet)
        sys.stdout.write(FORMATS[args.format](results, options))
    for result in results:
        if result.error and args.format != "text":
            print(f"{result.path}: skipped: {result.error}", file=sys.stderr)
    failed = any(f.severity.rank >= fail_on.rank for r in results for f in r.findings)
    return EXIT_FINDINGS if failed or any(r.error for r in results) else EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    from replylint.packs import builtin_specs
    from replylint.ruledoc import render_markdown

    if args.markdown:
        sys.stdout.write(render_markdown(builtin_specs()))
        return EXIT_OK
    for spec in builtin_specs():
        langs = ",".join(lang for lang in ("ru", "en") if getattr(spec, lang) is not None)
        print(f"{spec.code}  {spec.name:<28} {spec.category.value:<18} {spec.severity.value:<8} {langs}")
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from replylint.packs import builtin_specs

    for spec in builtin_specs():
        if args.rule in (spec.code, spec.name):
            print(f"{spec.code} {spec.name} ({spec.category.value}, {spec.severity.value})\n")
            print(spec.rationale)
            print(f"\nMessage: {spec.message.en}\nСообщение: {spec.message.ru}")
            if spec.suggestion:
                print(f"\nSuggestion: {spec.suggestion.en}\nСовет: {spec.suggestion.ru}")
            return EXIT_OK
    print(f"replylint: no rule {args.rule!r}", file=sys.stderr)
    return EXIT_USAGE


def _audit(args: argparse.Namespace) -> int:
    from replylint.audit import AuditError, Columns, audit_file, render_summary

    config = load_config_file(Path(args.config)) if args.config else discover_config(Path(args.file))
    if args.channel:
        config = config.model_copy(update={"channel": Channel(args.channel)})
    columns = Columns(args.text_column, args.context_column, args.channel_column, args.id_column, args.group_column)
    try:
        summary = audit_file(
            args.file,
            columns=columns,
            fmt=args.input_format,
            config=config,
            language=args.language,
            jobs=args.jobs,
            output=args.output,
            html=args.html,
            summary_json=args.summary,
            progress=sys.stderr.isatty() and not args.no_progress,
        )
    except AuditError as exc:
        print(f"replylint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(render_summary(summary), end="", file=sys.stderr if args.output == "-" else sys.stdout)
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from replylint.engine import Linter

    logging.basicConfig(format="%(asctime)s %(message)s", stream=sys.stderr)
    logging.getLogger("replylint.server").setLevel(logging.INFO)  # one line per request
    config = load_config_file(Path(args.config)) if args.config else discover_config(Path.cwd())
    try:
        server = make_server(Linter(config), args.host, args.port, max_body=args.max_body, timeout=args.timeout)
    except OSError as exc:
        print(f"replylint: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    serve(server)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="replylint", description="Lint the tone of customer-service replies.")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="lint files, folders or standard input (-)")
    check.add_argument("paths", nargs="*", help="files or folders; '-' or nothing reads standard input")
    check.add_argument("--language", choices=[lang.value for lang in Language], help="skip language detection")
    check.add_argument("--channel", choices=[c.value for c in Channel], help="where the reply is published")
    check.add_argument("--context-file", help="the customer's message the replies answer")
    check.add_argument(
        "--format", "--output-format", dest="format", choices=sorted(FORMATS), default="text", help="output format"
    )
    check.add_argument("--fail-on", choices=[s.value for s in Severity], help="lowest severity that exits 1")
    check.add_argument("--config", help="configuration file (default: nearest .replylint.toml or pyproject.toml)")
    check.add_argument("--no-color", action="store_true", help="never colour the output (NO_COLOR is respected too)")
    check.add_argument("--statistics", action="store_true", help="print the number of findings per rule instead")
    check.add_argument(
        "-q", "--quiet", action="store_true", help="print the findings alone: no source lines, help or totals"
    )
    check.add_argument("--server", metavar="URL", help="lint through a running `replylint serve` at URL")
    check.add_argument("--keys", help="keys whose values are replies in YAML/JSON files, e.g. body,comment.value")
    check.add_argument(
        "--explain-acts", action="store_true", help="print each sentence with its acts first (docs/acts.md)"
    )
    check.set_defaults(handler=_check)

    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--markdown", action="store_true", help="print the rule reference (docs/rules.md)")
    rules.set_defaults(handler=_rules)

    explain = commands.add_parser("explain", help="explain one rule")
    explain.add_argument("rule", help="code or name, e.g. RL101")
    explain.set_defaults(handler=_explain)

    audit = commands.add_parser("audit", help="lint every reply of a CSV or JSON Lines export and summarise")
    audit.add_argument("file", help="a .csv, .tsv or .jsonl export (optionally .gz); '-' reads standard input")
    audit.add_argument("--format", dest="input_format", choices=["csv", "tsv", "jsonl"], help="default: by suffix")
    audit.add_argument("--text-column", default="text", help="column or key of the reply (default: text)")
    audit.add_argument("--context-column", help="column of the customer's message the reply answers")
    audit.add_argument("--channel-column", help="column of the channel (review, social, chat, email)")
    audit.add_argument("--id-column", help="column of the row's id, copied into the results")
    audit.add_argument("--group-column", help="column to summarise by, e.g. agent or company")
    audit.add_argument("--language", choices=[lang.value for lang in Language], help="skip language detection")
    audit.add_argument("--channel", choices=[c.value for c in Channel], help="channel of rows without one")
    audit.add_argument("--jobs", type=int, default=1, help="worker processes (default: 1)")
    audit.add_argument("--output", help="write one JSON line per row here ('-': standard output)")
    audit.add_argument("--html", help="write a self-contained HTML report here")
    audit.add_argument("--summary", help="write the summary as JSON here")
    audit.add_argument("--config", help="configuration file (default: nearest .replylint.toml or pyproject.toml)")
    audit.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    audit.set_defaults(handler=_audit)

    serve_cmd = commands.add_parser("serve", help="serve the HTTP JSON API (POST /v1/lint, /v1/lint-batch)")
    serve_cmd.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST})")
    serve_cmd.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port; 0 picks a free one (default: {DEFAULT_PORT})"
    )
    serve_cmd.add_argument("--config", help="configuration file (default: nearest .replylint.toml or pyproject.toml)")
    serve_cmd.add_argument(
        "--max-body", type=int, default=MAX_BODY, help=f"largest request body in bytes (default: {MAX_BODY})"
    )
    serve_cmd.add_argument(
        "--timeout", type=float, default=TIMEOUT, help=f"seconds to receive a request (default: {TIMEOUT:g})"
    )
    serve_cmd.set_defaults(handler=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except ConfigError as exc:
        print(f"replylint: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ServiceError as exc:
        print(f"replylint: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
