"""spaCy comes without its command line in a replylint process (the console script's), its command line still works
when asked for, and a program that imports the library keeps spaCy's ordinary import."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import json, sys
from replylint import spacy_import
spacy_import.install()  # what the console script does first
from replylint import Linter
report = Linter().lint("You should have read the manual before writing to us.")
loaded = sorted(m for m in ("spacy.cli", "requests", "httpx", "typer", "weasel") if m in sys.modules)
import spacy
import spacy.cli
from spacy.cli.info import info
print(json.dumps({
    "loaded_by_lint": loaded,
    "codes": [f.code for f in report.findings],
    "real_cli": hasattr(spacy.cli, "download") and spacy.cli.__file__.endswith("__init__.py"),
    "info": bool(spacy.info(silent=True)) and callable(info),
}))
"""


def _run(script: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_linting_never_loads_spacys_command_line_and_it_still_loads_on_demand() -> None:
    result = _run(SCRIPT)
    assert result["loaded_by_lint"] == []
    assert result["codes"]  # the linter works as before on spaCy imported this way
    assert result["real_cli"] is True
    assert result["info"] is True


def test_spacy_imported_before_replylint_is_left_as_it_is() -> None:
    script = "import sys, spacy, replylint.engine, json; print(json.dumps({'cli': 'spacy.cli' in sys.modules}))"
    assert _run(script) == {"cli": True}


def test_the_library_alone_leaves_spacys_import_as_it_is() -> None:
    script = (
        "import sys, json; from replylint import Linter; Linter().lint('Hello.'); "
        "print(json.dumps({'cli': 'spacy.cli' in sys.modules}))"
    )
    assert _run(script) == {"cli": True}


def test_the_console_script_lints_without_spacys_command_line() -> None:
    script = """
import io, json, sys
from replylint.entry import main
sys.stdin = io.TextIOWrapper(io.BytesIO(b"You should have read the manual before writing to us."), encoding="utf-8")
code = main(["check", "-", "--output-format", "json"])
print(json.dumps({"code": code, "cli": "spacy.cli" in sys.modules}), file=sys.stderr)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == {"code": 1, "cli": False}
    assert json.loads(done.stdout)  # the report itself


def test_the_command_line_imports_no_http_client() -> None:
    """``replylint.cli`` imports the service client, whose ``http.client`` (and ``ssl``, 1 MiB of an audit's memory)
    loads only when a command talks to a service."""
    script = (
        "import sys, json; import replylint.cli; "
        "print(json.dumps(sorted(m for m in ('http.client', 'ssl') if m in sys.modules)))"
    )
    assert _run(script) == []  # type: ignore[comparison-overlap]
