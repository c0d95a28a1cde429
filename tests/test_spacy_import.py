"""spaCy comes without its command line in a replylint process, and its command line still works when asked for."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import json, sys
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
