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


DEFERRED_SCRIPT = """
import json, sys
from replylint import spacy_import
spacy_import.install()
from replylint import Linter
linter = Linter()
codes = [f.code for f in linter.lint("You should have read the manual before writing to us.").findings]
codes += [f.code for f in linter.lint("Прочитайте инструкцию.", context="Где мой заказ? Уже неделя прошла!").findings]
codes += [f.code for f in linter.lint("Read the manual.", context="Where is my order? It has been a week!").findings]
deferred = {name: type(sys.modules[name]).__name__ for name in spacy_import.DEFERRED}
import srsly
from tqdm import tqdm
from tqdm.auto import tqdm as auto
print(json.dumps({
    "codes": codes,
    "deferred": deferred,
    "finder_left": any(type(f).__name__ == "_Finder" for f in sys.meta_path),
    "yaml": srsly.yaml_loads(srsly.yaml_dumps({"a": [1, 2]})),
    "pickle": srsly.pickle_loads(srsly.pickle_dumps([1, "b"])),
    "tqdm": tqdm.__name__ == "tqdm" and auto is not None and sum(tqdm(range(3), disable=True)) == 3,
    "after": {name: type(sys.modules[name]).__name__ for name in spacy_import.DEFERRED},
}))
"""


def test_the_deferred_modules_never_run_while_linting_and_run_when_read() -> None:
    result = _run(DEFERRED_SCRIPT)
    assert result["codes"]
    assert result["deferred"] == {"tqdm": "_Deferred", "srsly._yaml_api": "_Deferred", "srsly.cloudpickle": "_Deferred"}
    assert result["finder_left"] is False  # the finder left with spaCy's import
    assert result["yaml"] == {"a": [1, 2]}
    assert result["pickle"] == [1, "b"]
    assert result["tqdm"] is True
    assert result["after"] == {"tqdm": "module", "srsly._yaml_api": "module", "srsly.cloudpickle": "module"}


def test_the_stand_ins_are_every_name_imported_from_a_deferred_module_and_functions() -> None:
    """A name imported by name from a deferred module while spaCy is imported must be one of its stand-ins (a
    function forwarding to the real one), or spaCy's import would run the module and the deferral would be lost;
    a stand-in for a class or a constant would hide what it is."""
    import ast
    import importlib
    import inspect
    import pathlib

    from replylint.spacy_import import DEFERRED

    site = pathlib.Path(inspect.getfile(importlib.import_module("srsly"))).parent.parent
    imported: dict[str, set[str]] = {name: set() for name in DEFERRED}
    for package in ("spacy", "thinc", "srsly", "confection", "catalogue", "wasabi"):
        for path in (site / package).rglob("*.py"):
            if "tests" in path.parts or "cli" in path.parts:
                continue
            module = ".".join(path.relative_to(site).with_suffix("").parts).removesuffix(".__init__")
            for node in ast.parse(path.read_text(encoding="utf-8")).body:  # module level only: what import runs
                if isinstance(node, ast.ImportFrom) and node.module is not None:
                    base = module if path.name == "__init__.py" else module.rpartition(".")[0]
                    for _ in range(node.level - 1):
                        base = base.rpartition(".")[0]
                    source = f"{base}.{node.module}" if node.level else node.module
                    if source in imported:
                        imported[source].update(alias.name for alias in node.names)
    for name, deferral in DEFERRED.items():
        assert imported[name] == set(deferral.names), name
        real = importlib.import_module(name)
        assert all(inspect.isfunction(getattr(real, stand_in)) for stand_in in deferral.names), name


def test_a_version_not_checked_is_imported_the_ordinary_way() -> None:
    script = """
import json, sys
from replylint import spacy_import
spacy_import.DEFERRED["tqdm"] = spacy_import.DEFERRED["tqdm"]._replace(versions=("0.",))
spacy_import.install()
import spacy
print(json.dumps({name: type(sys.modules[name]).__name__ for name in spacy_import.DEFERRED}))
"""
    assert _run(script) == {"tqdm": "module", "srsly._yaml_api": "_Deferred", "srsly.cloudpickle": "_Deferred"}
