"""Every fenced snippet of the README and docs/ runs, so the documentation cannot drift from the code.

How each snippet is run is set by its fence's language (docs/writing-docs.md has the rules for writers). They run
in a copy of ``tests/fixtures/docs`` (the ``replies/``, ``tickets.csv``… the pages name), with the HTTP service
serving on a free port where a snippet says ``127.0.0.1:8080``, ``msg.txt`` as ``$1``, ``reply.txt`` on standard
input and a reply in ``$REPLY``. A fence preceded by
``<!-- snippet: skip — reason -->`` is not run; the test keeps such fences rare.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import make_server, serving
from replylint.cli import build_parser, main
from replylint.config import config_from_mapping
from replylint.packs import load_pack

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
WORKSPACE = Path(__file__).parent / "fixtures" / "docs"
BIN = Path(sys.executable).parent

_FENCE = re.compile(
    r"^(?P<indent> *)(?P<fence>`{3,})(?P<lang>[^\s`]*)[^\n]*\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$", re.M | re.S
)
_SKIP = re.compile(r"<!--\s*snippet:\s*skip\s*(?:—|--|-|:)\s*(?P<reason>[^>]*?)\s*-->\s*\Z")
#: Languages of reply files: the snippet is written to a file with this ending and linted.
REPLY_FILES = {
    "jinja": ".j2",
    "liquid": ".liquid",
    "handlebars": ".hbs",
    "markdown": ".md",
    "po": ".po",
    "html": ".html",
    "txt": ".txt",
}
#: Fences that show text rather than code: diagrams, formulas, responses of the service.
NOT_CODE = {"text"}
#: At most this share of the code fences may be skipped.
MAX_SKIPPED = 0.15
SERVICE = "http://127.0.0.1:8080"
_SHELL_SYNTAX = re.compile(r"[|<>&;$`\n\\]")
#: ``$REPLY`` in a shell snippet: a reply a helpdesk hands to a hook.
REPLY = "We are sorry for the wait. The refund was sent today and arrives within three days."


@dataclass(frozen=True)
class Snippet:
    page: Path
    line: int
    lang: str
    body: str
    skip: str | None

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def snippets() -> list[Snippet]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in _FENCE.finditer(text):
            before = text[: match.start()].rstrip()
            skip = _SKIP.search(before[-300:])
            body = "\n".join(line[len(match["indent"]) :] for line in match["body"].splitlines()) + "\n"
            line = text.count("\n", 0, match.start()) + 1
            found.append(Snippet(page, line, match["lang"], body, skip["reason"] if skip else None))
    return found


SNIPPETS = snippets()
CODE = [s for s in SNIPPETS if s.lang not in NOT_CODE]


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    with serving(make_server(port=0)) as server:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(WORKSPACE, tmp_path, dirs_exist_ok=True)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _env(service: str) -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1", "REPLY": REPLY}


def _shell(script: str, cwd: Path, service: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    """Run a shell script in the workspace; ``$1`` is msg.txt (a customer message) for hook scripts.

    A lone ``replylint`` command without shell syntax runs in this process (the same code, without paying
    for a Python start-up and the analysis pipelines again)."""
    script = script.replace(SERVICE, service)
    command = script.strip()
    if command.startswith("replylint ") and not _SHELL_SYNTAX.search(command) and not stdin:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(shlex.split(command)[1:])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
        return subprocess.CompletedProcess(command, code, out.getvalue(), err.getvalue())
    return subprocess.run(
        ["bash", "-c", script, "snippet", "msg.txt"],
        cwd=cwd,
        input=stdin.decode(),
        capture_output=True,
        text=True,
        env=_env(service),
        timeout=300,
        check=False,
    )


def _without_serve(script: str) -> str:
    """``replylint serve`` lines are checked against the parser, not run: the test serves on a free port."""
    kept = []
    for line in script.splitlines():
        command = line.split("#")[0].strip().rstrip("&").strip()
        if command.startswith("replylint serve"):
            build_parser().parse_args(shlex.split(command)[1:])
        else:
            kept.append(line)
    return "\n".join(kept) + "\n"


def _problems(done: subprocess.CompletedProcess[str]) -> list[str]:
    """Signs that a command failed rather than found something: errors of replylint, bash or Python."""
    bad = ("Traceback", "usage:", "could not check", "No such file", "command not found", "skipped:")
    found = [b for b in bad if b in done.stderr or b in done.stdout]
    return found + [line for line in done.stderr.splitlines() if line.startswith("replylint: ")]


def _expected(lines: list[str]) -> re.Pattern[str]:
    """Output as shown: a line ``…`` stands for any lines, a ``…`` in a line for any text."""
    pattern = ""
    for line in lines:
        if line.strip() == "…":
            pattern += r"(?:[^\n]*\n)*?"
        else:
            pattern += re.escape(line).replace("…", r"[^\n]*") + r"\n"
    return re.compile(pattern)


def _console(snippet: Snippet, cwd: Path, service: str) -> None:
    """``$ command`` lines are run; the lines after each are its output (standard output and error)."""
    commands: list[tuple[str, list[str]]] = []
    for line in snippet.body.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
    assert commands, "a console snippet shows $ commands"
    for command, output in commands:
        while output and not output[-1].strip():
            output.pop()
        if command.startswith("make run"):  # what `make run` runs, in the repository
            command, cwd = _make_target("run"), ROOT
        done = _shell(_without_serve(command), cwd, service)
        shown = done.stdout + done.stderr
        shown += "" if shown.endswith("\n") or not shown else "\n"
        if output:
            assert _expected(output).fullmatch(shown), f"$ {command}\nshown:\n{chr(10).join(output)}\nactual:\n{shown}"
        else:
            assert not _problems(done), (command, shown)


def _make_target(name: str) -> str:
    """The replylint command a Makefile target runs."""
    recipe = re.search(rf"^{name}:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.M)
    assert recipe is not None
    return recipe[1].split(";")[0].replace("$(BIN)/", "")


def _yaml(snippet: Snippet, cwd: Path, service: str) -> None:
    data = yaml.safe_load(snippet.body)
    if isinstance(data, dict) and "repos" in data:  # a pre-commit configuration
        _pre_commit(data)
        return
    commands = [v for v in _strings(data) if v.startswith("replylint ")]
    for command in commands:  # a CI job: its replylint commands run
        done = _shell(command, cwd, service)
        assert not _problems(done), (command, done.stdout, done.stderr)
    if not commands and isinstance(data, (dict, list)) and "replylint:" in snippet.body:  # a macro export
        _reply_file(snippet.body, ".yaml", cwd, service)


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _pre_commit(config: dict[str, object]) -> None:
    hooks = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    for repo in config["repos"]:  # type: ignore[attr-defined]
        assert repo["rev"] == f"v{version}", "the snippet names the tag of the current version"
        assert {h["id"] for h in repo["hooks"]} <= hooks
    if (ROOT / ".git").exists():
        tags = subprocess.run(["git", "tag", "--list"], cwd=ROOT, capture_output=True, text=True).stdout.split()
        # A clone made without tags (a shallow or branch-only checkout) cannot say; one with tags must have it.
        if tags:
            assert f"v{version}" in tags, f"tag v{version} does not exist: `git tag v{version}`"


def _reply_file(body: str, ending: str, cwd: Path, service: str) -> None:
    path = cwd / f"snippet{ending}"
    path.write_text(body, encoding="utf-8")
    done = _shell(f"replylint check {path.name}", cwd, service)
    assert "unknown directive" not in done.stderr and "skipped" not in done.stdout, done.stdout + done.stderr
    assert not _problems(done), done.stdout + done.stderr


def _editor_servers(raw: dict[str, Any]) -> None:
    """A Helix ``languages.toml``: each language server it defines runs a command the CLI accepts, and each
    language it names uses one of them."""
    servers = raw["language-server"]
    for server in servers.values():
        assert server["command"] == "replylint"
        build_parser().parse_args(server.get("args", []))
    for language in raw.get("language", []):
        assert set(language["language-servers"]) & set(servers), language


_LUA_CMD = re.compile(r"\bcmd\s*=\s*\{(?P<words>[^}]*)\}")


def _lua(snippet: Snippet) -> None:
    """An editor's Lua configuration (Neovim): each command it starts is ``replylint`` with arguments the CLI
    accepts."""
    commands = [re.findall(r'"([^"]*)"', m["words"]) for m in _LUA_CMD.finditer(snippet.body)]
    assert commands, f"{snippet.id}: no cmd = {{ … }} in the Lua snippet"
    for command in commands:
        assert command[0] == "replylint"
        build_parser().parse_args(command[1:])


def _toml(snippet: Snippet, cwd: Path) -> None:
    raw = tomllib.loads(snippet.body)
    if "language-server" in raw:  # an editor's configuration (Helix)
        _editor_servers(raw)
        return
    if "rule" in raw:  # a rule pack
        pack = cwd / "pack.toml"
        pack.write_text(snippet.body, encoding="utf-8")
        assert load_pack(pack)
        return
    config_from_mapping(raw.get("tool", {}).get("replylint", raw), cwd / "pyproject.toml")


def _python(snippet: Snippet, namespaces: dict[Path, dict[str, object]]) -> None:
    namespace = namespaces.setdefault(snippet.page, {"__name__": "__snippet__"})
    exec(compile(snippet.body, snippet.id, "exec"), namespace)


_NAMESPACES: dict[Path, dict[str, object]] = {}


@pytest.mark.parametrize("snippet", [s for s in CODE if not s.skip], ids=lambda s: s.id)
def test_snippet_runs(snippet: Snippet, workspace: Path, service: str) -> None:
    lang = snippet.lang
    if lang == "python":
        _python(snippet, _NAMESPACES)
    elif lang == "console":
        _console(snippet, workspace, service)
    elif lang == "sh":
        done = _shell(_without_serve(snippet.body), workspace, service, (workspace / "reply.txt").read_bytes())
        assert not _problems(done), (_problems(done), done.stdout + done.stderr)
    elif lang == "yaml":
        _yaml(snippet, workspace, service)
    elif lang == "toml":
        _toml(snippet, workspace)
    elif lang == "json":
        json.loads(snippet.body)
    elif lang == "lua":
        _lua(snippet)
    elif lang == "xml":
        ET.fromstring(snippet.body.encode())
    elif lang in REPLY_FILES:
        _reply_file(snippet.body, REPLY_FILES[lang], workspace, service)
    else:
        pytest.fail(f"{snippet.id}: fence language {lang!r} has no runner; see docs/writing-docs.md")


def test_skipped_snippets_are_rare_and_say_why() -> None:
    skipped = [s for s in CODE if s.skip]
    assert all(s.skip for s in skipped)
    assert len(skipped) <= MAX_SKIPPED * len(CODE), [s.id for s in skipped]


def test_every_fence_names_its_language() -> None:
    assert not [s.id for s in SNIPPETS if not s.lang]
