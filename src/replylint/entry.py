"""The ``replylint`` console script: a shell hook's ``check --server`` goes to the small standard-library client
(:mod:`replylint.hook`) first; everything else, and whatever the client leaves, to :mod:`replylint.cli`."""

from __future__ import annotations

import io
import sys

TYPE_CHECKING = False  # the hook client imports neither ``typing`` nor more than it needs
if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    remote = any(a == "--server" or a.startswith("--server=") for a in args)
    if args[:1] == ["check"] and remote:
        from replylint import hook

        options = hook.parse(args)
        if options is not None and sys.stdin is not None:
            data = sys.stdin.buffer.read()
            if isinstance(sys.stdout, io.TextIOWrapper):
                sys.stdout.reconfigure(errors="backslashreplace")
            code = hook.check(options, data)
            if code is not None:
                return code
            sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")  # the command line reads it again
    from replylint import collector, spacy_import

    if args[:1] == ["audit"] or (args[:1] == ["check"] and not remote):
        collector.pause()  # until the first linter is built: start-up makes little for the collector to free
    if args[:1] == ["audit"]:
        collector.hold_long_lived()  # a batch that lints on: full passes walk only what came after the last one
    spacy_import.install()  # a replylint process has no use for spaCy's command line (16 MiB, 0.2 s)
    from replylint.cli import main as cli_main

    return cli_main(args)
