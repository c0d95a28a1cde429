"""The ``replylint`` command: thin over the library — parse flags, lint, print, exit."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from replylint.config import Config, discover_config, load_config_file
from replylint.engine import Linter
from replylint.errors import ConfigError
from replylint.formats import FORMATS, FileResult
from replylint.models import Channel, Finding, Language, Severity
from replylint.packs import builtin_specs
from replylint.ruledoc import render_markdown
from replylint.sources import LINTABLE_SUFFIXES, LineIndex, SourceError, map_finding, read_source

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Linters:
    """One linter per configuration file, built on first use."""

    def __init__(self, explicit: Path | None) -> None:
        self._explicit = load_config_file(explicit) if explicit else None
        self._by_source: dict[Path | None, Linter] = {}

    def config_for(self, path: Path) -> Config:
        return self._explicit or discover_config(path)

    def for_path(self, path: Path) -> Linter:
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


def _lint_one(raw: str, args: argparse.Namespace, linters: _Linters, context: str | None) -> FileResult:
    path = Path.cwd() if raw == "-" else Path(raw)
    try:
        data = sys.stdin.buffer.read() if raw == "-" else path.read_bytes()
        source = read_source(Path(raw), data)
    except OSError as exc:
        return FileResult(raw, "", error=exc.strerror or str(exc))
    except SourceError as exc:
        return FileResult(raw, "", error=str(exc))
    linter = linters.for_path(path)
    lines = LineIndex(source.text)
    findings: list[Finding] = []
    for segment in source.segments:
        report = linter.lint(segment.text, args.language, args.channel, context, template=segment.template)
        findings.extend(map_finding(f, segment, lines) for f in report.findings)
    findings.sort(key=lambda f: (f.line, f.column, f.code))
    return FileResult(raw, source.text, findings)


def _check(args: argparse.Namespace) -> int:
    linters = _Linters(Path(args.config) if args.config else None)
    context = None
    if args.context_file:
        try:
            context = Path(args.context_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"replylint: cannot read context file {args.context_file}: {exc}", file=sys.stderr)
            return EXIT_USAGE
    results = [_lint_one(raw, args, linters, context) for raw in _walk(args.paths or ["-"])]
    fail_on = Severity(args.fail_on) if args.fail_on else linters.config_for(Path.cwd()).fail_on
    color = sys.stdout.isatty() and not args.no_color
    sys.stdout.write(FORMATS[args.format](results, color))
    for result in results:
        if result.error and args.format != "text":
            print(f"{result.path}: skipped: {result.error}", file=sys.stderr)
    failed = any(f.severity.rank >= fail_on.rank for r in results for f in r.findings)
    return EXIT_FINDINGS if failed or any(r.error for r in results) else EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    if args.markdown:
        sys.stdout.write(render_markdown(builtin_specs()))
        return EXIT_OK
    for spec in builtin_specs():
        langs = ",".join(lang for lang in ("ru", "en") if getattr(spec, lang) is not None)
        print(f"{spec.code}  {spec.name:<28} {spec.category.value:<18} {spec.severity.value:<8} {langs}")
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
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
    check.add_argument("--no-color", action="store_true", help="never colour the output")
    check.set_defaults(handler=_check)

    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--markdown", action="store_true", help="print the rule reference (docs/rules.md)")
    rules.set_defaults(handler=_rules)

    explain = commands.add_parser("explain", help="explain one rule")
    explain.add_argument("rule", help="code or name, e.g. RL101")
    explain.set_defaults(handler=_explain)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except ConfigError as exc:
        print(f"replylint: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
