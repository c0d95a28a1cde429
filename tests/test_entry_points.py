"""Packs and check kinds from installed packages (entry points): the example pack in examples/ installed with pip
works from the command line, audit workers, the service and Python, and a broken package is an error naming it.

The example is installed with ``pip install --target`` into a folder of its own rather than into the test venv:
no network is needed (``--no-index --no-build-isolation``, hatchling comes with the dev extra), and the rest of
the suite keeps linting with the packaged rules alone (docs outputs, SARIF rule lists, quality numbers).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import serve_process
from replylint import Language, Linter
from replylint.engine import _validate_installed
from replylint.errors import ConfigError
from replylint.packs import Example
from replylint.registry import _installed_check, builtin_registry, installed_packs
from replylint.service.client import RemoteLinter

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "replylint-pack-acme"


@pytest.fixture(scope="session")
def acme_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the example pack as pip installs it."""
    target = tmp_path_factory.mktemp("acme-site")
    build = tmp_path_factory.mktemp("acme-source") / "pack"
    shutil.copytree(EXAMPLE, build)  # pip may leave build files beside the source
    offline = ["--no-deps", "--no-index", "--no-build-isolation"]
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", *offline, "--target", str(target), str(build)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def _forget_installed() -> None:
    for cached in (installed_packs, builtin_registry, _installed_check, _validate_installed):
        cached.cache_clear()
    for name in [m for m in sys.modules if m.startswith(("replylint_pack_acme", "broken_pack"))]:
        del sys.modules[name]


@pytest.fixture
def on_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Packages put on ``sys.path`` by the test count as installed, for this test only."""
    _forget_installed()
    yield monkeypatch
    monkeypatch.undo()
    _forget_installed()


def _cli(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, "-m", "replylint", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_installed_pack_runs_from_the_command_line(acme_site: Path, tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text("Your Basic Plus plan is renewed.\nI have opened a ticket for you.\n", encoding="utf-8")
    done = _cli(acme_site, tmp_path, "check", "reply.txt")
    assert done.returncode == 1, done.stderr
    assert "reply.txt:1:6: AC001 [warning] “Basic Plus” is a retired plan name." in done.stdout
    assert "reply.txt:2:17: AC002 [info] Mentions a ticket without its number: “ticket”." in done.stdout
    explained = _cli(acme_site, tmp_path, "explain", "ac002")
    assert explained.stdout.startswith("AC002 ticket-without-number (acme-style, info)"), explained.stderr
    assert "From replylint-pack-acme: replylint_pack_acme/acme.toml." in explained.stdout
    assert "  Я создала заявку для инженеров." in explained.stdout
    listed = _cli(acme_site, tmp_path, "rules", "acme-style")
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["AC001", "AC002"]
    reply.write_text("I have opened ticket #10234 for you.\n", encoding="utf-8")
    assert "AC002" not in _cli(acme_site, tmp_path, "check", "reply.txt").stdout


def _cases() -> list[tuple[str, Language, Example, bool]]:
    """The example pack's own examples, read from its source (the installed copy is the same file)."""
    from replylint.packs import load_pack

    pack = load_pack(EXAMPLE / "src" / "replylint_pack_acme" / "acme.toml")
    return [
        (spec.code, lang, example, flagged)
        for spec in pack.rules
        for lang in spec.languages
        for flagged in (True, False)
        for example in spec.examples(lang, flagged=flagged)
    ]


@pytest.mark.parametrize(
    ("code", "lang", "example", "flagged"), _cases(), ids=lambda v: v.text[:30] if isinstance(v, Example) else str(v)
)
def test_the_installed_packs_examples_hold(
    acme_site: Path, on_path: pytest.MonkeyPatch, code: str, lang: Language, example: Example, flagged: bool
) -> None:
    on_path.syspath_prepend(str(acme_site))
    found = [f.code for f in Linter().lint(example.text, language=lang, context=example.context).findings]
    assert (code in found) is flagged, found


def _dist(site: Path, name: str, entry_points: str, files: dict[str, str]) -> None:
    """A minimal installed distribution: its metadata, entry points and package files."""
    info = site / f"{name.replace('-', '_')}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")
    for path, text in files.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("entry_points", "files", "message"),
    [
        (
            "[replylint.packs]\nbroken = broken_pack\n",
            {"broken_pack/__init__.py": "", "broken_pack/rules.toml": "[[rule]]\ncode = 'BR001'\n"},
            r"broken-pack: broken_pack/rules.toml: rule\[0\]\.name: Field required",
        ),
        (
            "[replylint.packs]\nbroken = broken_pack\n",
            {"broken_pack/__init__.py": ""},
            r"broken-pack 0\.1: entry-points\.replylint\.packs\.broken: package 'broken_pack' holds no \*\.toml pack",
        ),
        (
            "[replylint.packs]\nbroken = no_such_module\n",
            {},
            r"broken-pack 0\.1: entry-points\.replylint\.packs\.broken: cannot import 'no_such_module'",
        ),
    ],
    ids=["bad-rule", "no-pack", "no-module"],
)
def test_a_broken_installed_pack_names_the_distribution_file_and_key(
    tmp_path: Path, on_path: pytest.MonkeyPatch, entry_points: str, files: dict[str, str], message: str
) -> None:
    _dist(tmp_path, "broken-pack", entry_points, files)
    on_path.syspath_prepend(str(tmp_path))
    with pytest.raises(ConfigError, match=message):
        Linter()


def test_a_broken_installed_check_kind_names_the_distribution(tmp_path: Path, on_path: pytest.MonkeyPatch) -> None:
    pack = (EXAMPLE / "src" / "replylint_pack_acme" / "acme.toml").read_text(encoding="utf-8")
    _dist(
        tmp_path,
        "broken-pack",
        "[replylint.packs]\nbroken = broken_pack\n[replylint.checks]\nacme-ticket-number = broken_pack.checks:Nope\n",
        {"broken_pack/__init__.py": "", "broken_pack/acme.toml": pack, "broken_pack/checks.py": "Nope = 1\n"},
    )
    on_path.syspath_prepend(str(tmp_path))
    with pytest.raises(
        ConfigError,
        match=r"broken-pack 0\.1: entry-points\.replylint\.checks\.acme-ticket-number: "
        r"'broken_pack\.checks:Nope' is not a subclass of replylint\.checks\.Check",
    ):
        Linter()


def test_the_installed_check_kind_runs_in_audit_workers_and_the_service(acme_site: Path, tmp_path: Path) -> None:
    (tmp_path / "replies.csv").write_text(
        "text\nI have opened a ticket with our engineers.\nI have opened ticket #10234 with our engineers.\n",
        encoding="utf-8",
    )
    done = _cli(acme_site, tmp_path, "audit", "replies.csv", "--jobs", "2", "--language", "en", "--output", "-")
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [[f["code"] for f in row["findings"] if f["code"].startswith("AC")] for row in rows] == [["AC002"], []]
    env = {**os.environ, "PYTHONPATH": str(acme_site)}
    with serve_process(["--workers", "1"], tmp_path, env) as (_, url):
        report = RemoteLinter(url).lint("I have opened a ticket with our engineers.", language="en")
        assert [f.code for f in report.findings if f.code.startswith("AC")] == ["AC002"]
