"""The ``replylint`` command: thin over the library — parse flags, lint, print, exit."""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from replylint.config import Config, discover_config, load_config_file
from replylint.errors import ConfigError, ReplylintWarning
from replylint.formats import FORMATS, STATISTICS, FileResult, OutputOptions, color_enabled
from replylint.keys import KeySpecError, parse_key
from replylint.lines import printable
from replylint.models import Channel, Finding, Language, Severity
from replylint.service.client import RemoteLinter, ServiceError, ServiceRefused
from replylint.service.defaults import (
    BUDGET,
    DEFAULT_HOST,
    DEFAULT_PORT,
    LINT_WORKERS,
    MAX_BODY,
    MAX_CONNECTIONS,
    TIMEOUT,
)
from replylint.wording import counted

if TYPE_CHECKING:
    from replylint.baseline import Baseline
    from replylint.engine import Linter
    from replylint.files import FileReport
    from replylint.packs import RuleSpec
    from replylint.registry import Registry

#: Exit codes: 3 is an internal error (a bug in replylint): a reply or file was not checked.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
#: The start of the error of a file that crashed the linter: the run goes on, and exits EXIT_INTERNAL.
INTERNAL_ERROR = "internal error"
#: The start of the error of a file whose discovered configuration is invalid: the run goes on, and exits EXIT_USAGE.
CONFIG_ERROR = "configuration error"
#: The error of a path named on the command line that does not exist (a usage error): the run goes on with the
#: other paths, and exits EXIT_USAGE.
NO_SUCH_PATH = "no such file or folder (named on the command line)"

_T = TypeVar("_T")


class _Linters:
    """One linter per configuration file (and one for its fragments), built on first use; or the service at
    ``server`` for every file.

    A configuration given with ``--config`` that is invalid stops the run; one found beside the files raises its
    :class:`ConfigError` for each file it governs (said once on standard error), and the other files are linted.
    """

    def __init__(self, explicit: Path | None, server: str | None = None) -> None:
        self._explicit = load_config_file(explicit) if explicit else None
        self._by_source: dict[tuple[Path | None, bool], Linter | ConfigError] = {}
        self._by_folder: dict[Path, Config | ConfigError] = {}
        self._registries: dict[Path | None, Registry] = {}
        self._remote = RemoteLinter(server) if server is not None else None
        self._reported: set[str] = set()

    @property
    def explicit(self) -> bool:
        """Whether one configuration file was named for everything (``--config``)."""
        return self._explicit is not None

    def config_for(self, path: Path) -> Config:
        """The configuration of a file; :class:`ConfigError` (kept, not read again) when it is invalid."""
        if self._explicit is not None:
            return self._explicit
        folder = path if path.is_dir() else path.parent
        if folder not in self._by_folder:
            try:
                self._by_folder[folder] = discover_config(folder)
            except ConfigError as exc:
                self._by_folder[folder] = exc
        return self._raise_or(self._by_folder[folder])

    def _raise_or(self, found: _T | ConfigError) -> _T:
        if isinstance(found, ConfigError):
            if str(found) not in self._reported:
                self._reported.add(str(found))
                print(f"replylint: {CONFIG_ERROR}: {found}", file=sys.stderr)
            raise found
        return found

    def registry(self, config: Config) -> Registry:
        """The rules of a configuration's packs (the packaged, installed and configured ones)."""
        from replylint.registry import registry_for

        if config.source not in self._registries:
            self._registries[config.source] = registry_for(config)
        return self._registries[config.source]

    def rule_specs(self) -> list[RuleSpec]:
        """Every rule of the configurations used so far (or the current folder's), once per code."""
        found: dict[str, RuleSpec] = {}
        for config in self._configs():
            try:
                found.update((spec.code, spec) for spec in self.registry(config).rules)
            except ConfigError:
                continue  # its files were skipped with the error
        return sorted(found.values(), key=lambda spec: spec.code)

    def _configs(self) -> list[Config]:
        """The configurations used so far that are valid, or the current folder's."""
        if self._explicit is not None:
            return [self._explicit]
        used = [c for c in self._by_folder.values() if isinstance(c, Config)]
        if used or self._by_folder:
            return used
        try:
            return [self.config_for(Path.cwd())]
        except ConfigError:
            return []

    def for_path(self, path: Path, fragment: bool = False) -> Linter | RemoteLinter:
        if self._remote is not None:
            return self._remote
        from replylint.engine import Linter  # the analysis pipeline: loaded only to lint locally

        config = self.config_for(path)
        key = (config.source, fragment)
        if key not in self._by_source:
            if fragment:
                config = config.model_copy(update={"ignore": [*config.ignore, *config.fragment_ignore]})
            try:
                self._by_source[key] = Linter(config)
            except ConfigError as exc:
                if self._explicit is not None:
                    raise
                self._by_source[key] = exc
        return self._raise_or(self._by_source[key])


def _folder_files(root: Path, linters: _Linters) -> list[tuple[Path, str | None]]:
    """The lintable files under a folder (hidden and excluded ones left out), and each sub-folder that could not
    be listed with its error."""
    from replylint.sources import LINTABLE_SUFFIXES

    found: list[tuple[Path, str | None]] = []

    def unreadable(exc: OSError) -> None:
        found.append((Path(exc.filename or root), f"cannot read folder: {exc.strerror or exc}"))

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(folder, name)
            if not name.startswith(".") and path.suffix.lower() in LINTABLE_SUFFIXES:
                included, error = _selected(path, linters)
                if included:
                    found.append((path, error))
    return sorted(found, key=lambda item: item[0])


def _walk(paths: Sequence[str], linters: _Linters) -> Iterator[tuple[str, str | None]]:
    """Each file to lint once (those named, unless excluded, and the lintable ones in folders), or a folder that
    could not be listed, or a named path that does not exist, with its error. A file reached again (named twice,
    named and in a named folder, ``./a.txt`` beside ``a.txt``, a link to a file already linted) keeps its first
    name: it is neither reported nor fixed twice, and standard input is read once."""
    seen: set[str] = set()
    for raw, error in _each_path(paths, linters):
        key = _same_file_key(raw)
        if key not in seen:
            seen.add(key)
            yield raw, error


def _same_file_key(raw: str) -> str:
    """What two names of one file share: the real path of an existing file, else the absolute name."""
    if raw == "-":
        return raw
    return os.path.realpath(raw) if os.path.exists(raw) else os.path.abspath(raw)


def _each_path(paths: Sequence[str], linters: _Linters) -> Iterator[tuple[str, str | None]]:
    for raw in paths:
        path = Path(raw)
        if raw == "-":
            yield raw, None
        elif not os.path.lexists(raw):  # a link to nothing exists: it is a file that cannot be read
            yield raw, NO_SUCH_PATH
        elif path.is_dir():
            found = _folder_files(path, linters)
            if not found:
                print(f"replylint: warning: {raw}: no file to lint in this folder", file=sys.stderr)
            yield from ((str(p), error) for p, error in found)
        else:
            included, error = _selected(path, linters)
            if included:
                yield raw, error


def _selected(path: Path, linters: _Linters) -> tuple[bool, str | None]:
    """Whether a file is linted (its configuration does not exclude it), and the error it is skipped with when its
    configuration is invalid."""
    try:
        return not linters.config_for(path).excludes(path), None
    except ConfigError as exc:
        return True, f"{CONFIG_ERROR}: {exc}"


def _keys(args: argparse.Namespace, config: Config) -> list[str]:
    """``--keys`` (or the configured ``keys``), then ``--extend-keys`` and the configured ``extend-keys``."""
    given = [k.strip() for k in args.keys.split(",") if k.strip()] if args.keys else config.keys
    extra = [k.strip() for k in args.extend_keys.split(",") if k.strip()] if args.extend_keys else []
    return [*given, *config.extend_keys, *extra]


def _explain_acts(report: FileReport) -> Iterator[str]:
    """``path:line:col: [acts] sentence`` for each sentence of a linted file, its control characters escaped."""
    for reply in report.replies:
        for sentence in reply.sentences:
            acts = ", ".join(act.value for act in sentence.acts) or "-"
            yield printable(f"{report.path}:{sentence.line}:{sentence.column}: [{acts}] {sentence.text}")


def _lint_one(
    raw: str, args: argparse.Namespace, linters: _Linters, context: str | None, baseline: Baseline | None = None
) -> FileResult:
    path = Path.cwd() if raw == "-" else Path(raw)
    try:
        source: Path | bytes = sys.stdin.buffer.read() if raw == "-" else path
    except OSError as exc:
        return FileResult(raw, "", error=exc.strerror or str(exc))
    report = _lint_file(raw, source, args, linters, context, baseline)
    for problem in report.problems:
        print(printable(f"{raw}:{problem}"), file=sys.stderr)
    if args.explain_acts:
        print(*_explain_acts(report), sep="\n")
    result = FileResult(raw, report.text, report.findings, report.error)
    if result.error or not (args.fix or args.diff):
        return result
    return _fix(raw, result, args, linters, context, baseline)


def _lint_file(
    raw: str,
    source: Path | bytes | str,
    args: argparse.Namespace,
    linters: _Linters,
    context: str | None,
    baseline: Baseline | None = None,
) -> FileReport:
    """Lint one file (its path, bytes or text) through the file pipeline with the configuration found for it."""
    from replylint.files import lint_source  # the file readers: loaded only to lint

    path = Path.cwd() if raw == "-" else Path(raw)
    config = linters.config_for(path)
    return lint_source(
        source,
        name=raw,
        linter=linters.for_path(path, raw != "-" and config.is_fragment(path)),
        config=config,
        language=args.language,
        channel=args.channel,
        context=context,
        keys=_keys(args, config),
        baseline=baseline,
    )


def _patch_lines(text: str) -> list[str]:
    """The lines of ``text`` as ``patch`` and ``git apply`` read them: each ends at ``\\n`` (a ``\\r`` stays in
    its line), and a form feed or U+2028 ends none, where :meth:`str.splitlines` would break there too."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def _fix(
    raw: str,
    result: FileResult,
    args: argparse.Namespace,
    linters: _Linters,
    context: str | None,
    baseline: Baseline | None,
) -> FileResult:
    """Apply the fixes of a linted file: write it (``--fix``) or print the difference (``--diff``)."""
    import difflib

    from replylint.fixes import fix_text
    from replylint.sources.text import encode_like

    def lint(text: str) -> list[Finding] | None:
        again = _lint_file(raw, text, args, linters, context, baseline)
        return None if again.error else again.findings

    fixed = fix_text(result.text, lint, findings=result.findings, unsafe=args.unsafe_fixes)
    if fixed.gained:
        print(f"{raw}: fixes not applied: they would add {', '.join(f.code for f in fixed.gained)}", file=sys.stderr)
    if fixed.text == result.text:
        return result
    if args.diff:
        diff = difflib.unified_diff(_patch_lines(result.text), _patch_lines(fixed.text), f"a/{raw}", f"b/{raw}")
        no_newline = "\n\\ No newline at end of file\n"  # as diff -u marks a last line without a line break
        sys.stdout.writelines(line if line.endswith("\n") else line + no_newline for line in diff)
        return FileResult(raw, result.text, result.findings, fixed=len(fixed.fixed))
    try:
        with open(raw, "rb") as file:
            head = file.read(4)  # the byte-order mark, if any: the fixed file keeps the encoding it was read in
        Path(raw).write_bytes(encode_like(fixed.text, head))
    except OSError as exc:
        return FileResult(raw, result.text, error=f"cannot write the fixes: {exc.strerror or exc}")
    return FileResult(raw, fixed.text, fixed.remaining, fixed=len(fixed.fixed))


def _lint_guarded(
    raw: str, args: argparse.Namespace, linters: _Linters, context: str | None, baseline: Baseline | None
) -> FileResult:
    """:func:`_lint_one`, but a file that crashes the linter is reported (traceback on standard error) and
    the run goes on; so does a file whose discovered configuration is invalid (skipped with the error)."""
    try:
        return _lint_one(raw, args, linters, context, baseline)
    except ConfigError as exc:
        if linters.explicit:
            raise
        return FileResult(raw, "", error=f"{CONFIG_ERROR}: {exc}")
    except ServiceRefused as exc:  # this reply only (over a size limit); the other files are still linted
        return FileResult(raw, "", error=str(exc))
    except ServiceError:
        raise
    except Exception as exc:
        print(f"replylint: {INTERNAL_ERROR} while linting {raw}:", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        return FileResult(raw, "", error=f"{INTERNAL_ERROR}: {type(exc).__name__}: {exc}")


def _check(args: argparse.Namespace) -> int:
    if args.statistics and args.format not in STATISTICS:
        print(f"replylint: --statistics works with --format {' or '.join(STATISTICS)}", file=sys.stderr)
        return EXIT_USAGE
    for given in (args.keys, args.extend_keys):
        try:
            [parse_key(k) for k in (given or "").split(",") if k.strip()]
        except KeySpecError as exc:
            print(f"replylint: {exc}", file=sys.stderr)
            return EXIT_USAGE
    if args.explain_acts and args.format != "text":
        print("replylint: --explain-acts works with --format text", file=sys.stderr)
        return EXIT_USAGE
    if args.explain_acts and args.statistics:
        print("replylint: --explain-acts prints sentences, --statistics counts: give one of them", file=sys.stderr)
        return EXIT_USAGE
    if (args.fix or args.diff) and args.server:
        print("replylint: --fix and --diff lint locally; leave out --server", file=sys.stderr)
        return EXIT_USAGE
    if args.unsafe_fixes and not (args.fix or args.diff):
        print("replylint: --unsafe-fixes goes with --fix or --diff", file=sys.stderr)
        return EXIT_USAGE
    if args.fix and args.diff:
        print("replylint: --diff shows what --fix would change; give one of them", file=sys.stderr)
        return EXIT_USAGE
    if args.fix and (not args.paths or "-" in args.paths):
        print("replylint: --fix writes files; for standard input use --diff", file=sys.stderr)
        return EXIT_USAGE
    linters = _Linters(Path(args.config) if args.config else None, args.server)
    context = None
    if args.context_file:
        from replylint.sources.base import SourceError
        from replylint.sources.text import decode

        try:  # decoded as a reply file is: UTF-8, or UTF-16/32 with a byte-order mark, which is dropped
            context = decode(Path(args.context_file).read_bytes())
        except (OSError, SourceError) as exc:
            reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
            print(f"replylint: cannot read context file {args.context_file}: {reason}", file=sys.stderr)
            return EXIT_USAGE
    from replylint.baseline import Baseline

    baseline = Baseline.load(Path(args.baseline)) if args.baseline else None
    own = _real(args.baseline or args.write_baseline) if args.baseline or args.write_baseline else None
    results = [
        FileResult(raw, "", error=error) if error else _lint_guarded(raw, args, linters, context, baseline)
        for raw, error in _walk(args.paths or ["-"], linters)
        if own is None or raw == "-" or _real(raw) != own  # the baseline is not a reply file
    ]
    if args.write_baseline:
        return _write_baseline(Path(args.write_baseline), results)
    fail_on = Severity(args.fail_on) if args.fail_on else _fail_on(linters)
    if args.fix or args.diff:
        fixed = sum(r.fixed for r in results)
        files = sum(1 for r in results if r.fixed)
        verb = "Would fix" if args.diff else "Fixed"
        print(f"{verb} {counted(fixed, 'finding')} in {counted(files, 'file')}.", file=sys.stderr)
        if args.diff:  # a file that could not be read or linted is said and counts, as without --diff
            for result in results:
                if result.error:
                    print(f"{result.path}: skipped: {result.error}", file=sys.stderr)
            return _exit_code(results, bool(fixed))
    if args.statistics:
        sys.stdout.write(STATISTICS[args.format](results))
    else:
        color = color_enabled(sys.stdout, args.no_color)
        rules = linters.rule_specs() if args.format == "sarif" else ()
        options = OutputOptions(color=color, quiet=args.quiet, rules=rules)
        sys.stdout.write(FORMATS[args.format](results, options))
    for result in results:
        if result.error and (args.format != "text" or args.statistics):
            print(f"{result.path}: skipped: {result.error}", file=sys.stderr)
    if baseline is not None:
        print(*_baseline_summary(baseline), sep="\n", file=sys.stderr)
    return _exit_code(results, any(f.severity.rank >= fail_on.rank for r in results for f in r.findings))


def _real(path: str) -> str:
    """The path with its symbolic links followed; a link loop is left as it is (``Path.resolve`` raises)."""
    return os.path.realpath(path)


def _fail_on(linters: _Linters) -> Severity:
    """The current folder's ``fail-on``; the default when its configuration is invalid (its files are skipped)."""
    try:
        return linters.config_for(Path.cwd()).fail_on
    except ConfigError:
        return Config().fail_on


def _exit_code(results: Sequence[FileResult], failed: bool) -> int:
    """3 when a file crashed the linter, 2 when a file's configuration is invalid or a named path does not exist, 1
    for findings at the fail level (``failed``) or a file that could not be read, else 0."""
    errors = [r.error for r in results if r.error]
    if any(e.startswith(INTERNAL_ERROR) for e in errors):
        return EXIT_INTERNAL
    if any(e.startswith((CONFIG_ERROR, NO_SUCH_PATH)) for e in errors):
        return EXIT_USAGE
    return EXIT_FINDINGS if failed or errors else EXIT_OK


def _write_baseline(path: Path, results: Sequence[FileResult]) -> int:
    """Record every finding of a run as accepted; files that could not be linted are listed and exit 1."""
    from replylint.baseline import write_baseline

    linted = [(r.path, r.findings) for r in results if not r.error]
    try:
        count = write_baseline(path, linted)
    except OSError as exc:
        print(f"replylint: cannot write baseline {path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{path}: baseline of {counted(count, 'finding')} in {counted(len(linted), 'file')} written", file=sys.stderr)
    for result in results:
        if result.error:
            print(f"{result.path}: skipped: {result.error}", file=sys.stderr)
    return _exit_code(results, False)


def _baseline_summary(baseline: Baseline) -> Iterator[str]:
    """How many findings the baseline left out, and its entries no longer found in the files linted."""
    yield f"{baseline.label}: {counted(baseline.baselined, 'finding')} in the baseline not reported"
    stale = baseline.stale()
    if stale:
        yield (
            f"{baseline.label}: {sum(e.count for e in stale)} findings of the baseline no longer found "
            "(fixed or changed; --write-baseline records the present ones):"
        )
        for entry in stale:
            times = f" ×{entry.count}" if entry.count > 1 else ""
            yield (
                f"  {entry.path}: {entry.code} “{entry.match}”{times}"
                if entry.match
                else f"  {entry.path}: {entry.code}{times}"
            )


def _config(args: argparse.Namespace) -> Config:
    return load_config_file(Path(args.config)) if args.config else discover_config(Path.cwd())


def _checked(config: Config) -> Config:
    """``config`` once its rule selection names only known rules (the registry, no analysis): a wrong code is a
    configuration error before an audit's or a service's workers start, each failing on it alone."""
    from replylint.registry import registry_for
    from replylint.selection import check_selection

    registry = registry_for(config)
    check_selection(registry.redirected(config), registry.rules)
    return config


def _rules(args: argparse.Namespace) -> int:
    from replylint.packs import builtin_specs
    from replylint.ruledoc import render_markdown
    from replylint.ruleinfo import rule_infos

    if args.markdown:
        sys.stdout.write(render_markdown(builtin_specs()))
        return EXIT_OK
    infos = [i for i in rule_infos(_config(args)) if not args.selectors or i.selected_by(args.selectors)]
    if args.selectors and not infos:
        print(f"replylint: no rule matches {' '.join(args.selectors)!r}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        print(json.dumps([i.to_dict() for i in infos], ensure_ascii=False, indent=2))
        return EXIT_OK
    for info in infos:
        print(info.line())
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from replylint.registry import registry_for
    from replylint.ruleinfo import rule_infos

    config = _config(args)
    registry = registry_for(config)
    spec = registry.get(args.rule)
    for info in rule_infos(config, registry):
        if info.spec is spec:
            print(info.explanation(), end="")
            return EXIT_OK
    print(f"replylint: no rule {args.rule!r}; `replylint rules` lists them", file=sys.stderr)
    return EXIT_USAGE


def _audit(args: argparse.Namespace) -> int:
    from replylint.audit import AuditError, Columns, audit_file, auto_jobs, render_summary

    config = _checked(load_config_file(Path(args.config)) if args.config else discover_config(Path(args.file)))
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
            jobs=auto_jobs(args.file) if args.jobs == "auto" else args.jobs,
            output=args.output,
            html=args.html,
            summary_json=args.summary,
            progress=sys.stderr.isatty() and not args.no_progress,
        )
    except AuditError as exc:
        print(f"replylint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(render_summary(summary), end="", file=sys.stderr if args.output == "-" else sys.stdout)
    if summary.internal_errors:
        return EXIT_INTERNAL
    return EXIT_FINDINGS if summary.incomplete else EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    try:
        from replylint.service import runner
    except ImportError as exc:
        print(f"replylint: serve needs the web stack: pip install 'replylint[serve]' ({exc})", file=sys.stderr)
        return EXIT_USAGE
    from replylint.engine import Linter

    logging.basicConfig(format="%(asctime)s %(message)s", stream=sys.stderr)
    logging.getLogger("replylint.service").setLevel(logging.INFO)  # one line per request
    config = _checked(_config(args))
    from replylint.service.limits import Limits

    limits = Limits(args.max_body, args.timeout, args.max_connections, args.budget, args.lint_workers)
    try:
        sock = runner.bind(args.host, args.port)
    except (OSError, OverflowError) as exc:
        print(f"replylint: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.workers > 1:
        return EXIT_OK if runner.serve_workers(config, sock, limits, args.workers) else EXIT_USAGE
    runner.serve(runner.Server(Linter(config), sock, limits))
    return EXIT_OK


def _lsp(args: argparse.Namespace) -> int:
    try:
        from replylint.lsp import main as serve_lsp
    except ImportError as exc:
        print(f"replylint: the language server needs pygls ({exc}): pip install 'replylint[lsp]'", file=sys.stderr)
        return EXIT_USAGE
    serve_lsp()
    return EXIT_OK


def _port(value: str) -> int:
    """A TCP port number for ``--port``: 0 (any free port) to 65535."""
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is not between 0 and 65535")
    return port


def _jobs(value: str) -> int | str:
    """``--jobs``: a number of worker processes, or ``auto``."""
    if value == "auto":
        return value
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number or 'auto': {value!r}") from None


def _positive(kind: type[int] | type[float]) -> Callable[[str], float]:
    """An argument type for a number above zero."""

    def parse(value: str) -> float:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
        if not number > 0:
            raise argparse.ArgumentTypeError(f"must be above 0, not {value}")
        return number

    return parse


def _version() -> str:
    try:
        return metadata.version("replylint")
    except metadata.PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="replylint", description="Lint the tone of customer-service replies.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
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
    check.add_argument(
        "--keys", help="keys whose values are replies in YAML/JSON files, e.g. body,comment.value (replaces keys)"
    )
    check.add_argument("--extend-keys", help="keys added to the configured ones, e.g. actions.value")
    check.add_argument(
        "--explain-acts", action="store_true", help="print each sentence with its acts first (docs/acts.md)"
    )
    baselines = check.add_mutually_exclusive_group()
    baselines.add_argument("--baseline", metavar="FILE", help="leave out the findings recorded in this baseline")
    baselines.add_argument(
        "--write-baseline", metavar="FILE", help="record every finding as accepted in FILE instead of reporting"
    )
    check.add_argument("--fix", action="store_true", help="apply the safe fixes to the files (docs/fixes.md)")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too")
    check.add_argument("--diff", action="store_true", help="print what --fix would change as a diff; change nothing")
    check.set_defaults(handler=_check)

    rules = commands.add_parser("rules", help="list every rule, with the configured packs and settings")
    rules.add_argument("selectors", nargs="*", help="only these codes, prefixes, names or categories (any case)")
    rules.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    rules.add_argument("--config", help="configuration file (default: nearest .replylint.toml or pyproject.toml)")
    rules.add_argument("--markdown", action="store_true", help="print the rule reference (docs/rules.md)")
    rules.set_defaults(handler=_rules)

    explain = commands.add_parser("explain", help="explain one rule: messages, severity per channel, examples")
    explain.add_argument("rule", help="code or name, in any case, e.g. RL101 or rl101")
    explain.add_argument("--config", help="configuration file (default: nearest .replylint.toml or pyproject.toml)")
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
    audit.add_argument(
        "--jobs", type=_jobs, default=1, help="worker processes, or auto: one per core, fewer for a small file"
    )
    audit.add_argument("--output", help="write one JSON line per row here ('-': standard output)")
    audit.add_argument("--html", help="write a self-contained HTML report here")
    audit.add_argument("--summary", help="write the summary as JSON here")
    audit.add_argument("--config", help="configuration file (default: nearest .replylint.toml or pyproject.toml)")
    audit.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    audit.set_defaults(handler=_audit)

    serve_cmd = commands.add_parser("serve", help="serve the HTTP JSON API (POST /v1/lint…) and the review page")
    serve_cmd.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST})")
    serve_cmd.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"port; 0 picks a free one (default: {DEFAULT_PORT})"
    )
    serve_cmd.add_argument("--config", help="configuration file (default: nearest .replylint.toml or pyproject.toml)")
    serve_cmd.add_argument(
        "--max-body", type=_positive(int), default=MAX_BODY, help=f"largest request body in bytes (default: {MAX_BODY})"
    )
    serve_cmd.add_argument(
        "--timeout",
        type=_positive(float),
        default=TIMEOUT,
        help=f"seconds to receive a whole request, headers and body (default: {TIMEOUT:g})",
    )
    serve_cmd.add_argument(
        "--max-connections",
        type=_positive(int),
        default=MAX_CONNECTIONS,
        help=f"connections served at once; more get 503 (default: {MAX_CONNECTIONS})",
    )
    serve_cmd.add_argument(
        "--budget",
        type=_positive(float),
        default=BUDGET,
        help=f"seconds of work per request before it stops with 503 (default: {BUDGET:g})",
    )
    serve_cmd.add_argument(
        "--workers",
        type=_positive(int),
        default=1,
        help="service processes (uvicorn workers) on the one port, each with its own linter (default: 1)",
    )
    serve_cmd.add_argument(
        "--lint-workers",
        type=_positive(int),
        default=LINT_WORKERS,
        help=f"processes that lint, per service process (default: {LINT_WORKERS})",
    )
    serve_cmd.set_defaults(handler=_serve)

    lsp = commands.add_parser("lsp", help="run the editor language server on standard input/output (docs/editors.md)")
    lsp.set_defaults(handler=_lsp)
    # Options are named in full: "--output x.sarif" is not read as --output-format with a bad value.
    for command in (parser, *commands.choices.values()):
        command.allow_abbrev = False
    return parser


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: object = None,
) -> None:
    """Print a warning as the other messages of the command are printed."""
    print(f"replylint: warning: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    for stream in (sys.stdout, sys.stderr):  # a lone surrogate from a "\ud800" escape is printed as that escape
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            warnings.simplefilter("default", ReplylintWarning)
            return int(args.handler(args))
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as other command-line tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_OK
    except ConfigError as exc:
        print(f"replylint: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ServiceError as exc:
        print(f"replylint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception:
        print(f"replylint: {INTERNAL_ERROR} (a bug in replylint; please report it):", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
