"""The hook client (``replylint check --server URL -`` through :mod:`replylint.entry`) prints and exits exactly as
the full command line linting locally, and loads neither pydantic nor spaCy."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import serving
from replylint import Linter
from replylint.cli import main as cli_main
from replylint.entry import main as entry_main

SAMPLE = (Path(__file__).parent / "fixtures" / "golden" / "replies.jsonl").read_text("utf-8").splitlines()
REPLIES = [text for line in SAMPLE[::7] if (text := json.loads(line)["text"]).strip() and "replylint:" not in text] + [
    "Sorry!!!\r\nYOUR ORDER IS LATE.\n\nWe will call you tomorrow.",
    "  Спасибо за ожидание.\n  Это ваша вина!!!\n",
    "We're on it.\u2028Line two, SHOUTING HERE!!!",
    "您好！😀 This is your fault.\nСпасибо 🙏🏽, ВЫ САМИ ВИНОВАТЫ!!!",
    "\x1b[2JHi.\rThis is \u202eyour fault!!!\x07",
]


@pytest.fixture(scope="module")
def service(linter: Linter) -> Iterator[str]:
    """``POST /v1/lint`` answering a report of the test linter (the protocol the hook client speaks)."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            report = linter.lint(
                body["text"],
                body.get("language"),
                body.get("channel"),
                body.get("context"),
                template=body.get("template", False),
            )
            answer = report.model_dump_json().encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}"


def _run(main: object, args: list[str], text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    sys.stdin = io.TextIOWrapper(io.BytesIO(text.encode()))
    assert callable(main)
    code = main(args)
    return code, capsys.readouterr().out


CONTEXT = Path(__file__).parent / "fixtures" / "hook_context.txt"


@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["-q"],
        ["--fail-on", "error"],
        ["--language", "en", "--channel", "chat"],
        ["--no-color", "-", f"--context-file={CONTEXT}"],
    ],
)
@pytest.mark.usefixtures("reused_linters")
def test_hook_client_prints_and_exits_like_a_local_check(
    service: str, extra: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no configuration applies
    monkeypatch.setattr(sys, "stdin", sys.stdin)
    calls: list[list[str]] = []
    monkeypatch.setattr("replylint.cli.main", lambda args: calls.append(args) or 99)
    for text in REPLIES:
        remote = _run(entry_main, ["check", "--server", service, *extra], text, capsys)
        local = _run(cli_main, ["check", *extra], text, capsys)
        assert remote == local, text
    assert not calls  # every call was answered by the client itself


def test_hook_client_leaves_what_it_does_not_answer_to_the_command_line(
    service: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", sys.stdin)
    seen: list[tuple[list[str], str]] = []
    monkeypatch.setattr("replylint.cli.main", lambda args: seen.append((args, sys.stdin.buffer.read().decode())) or 7)
    monkeypatch.chdir(tmp_path)
    plain = ["check", "--server", service, "-"]
    cases = [
        (["check", "--server", service, "--format", "json"], "Sorry!!!"),  # another format
        (plain, "# replylint: disable=RL101\nSorry!!!"),  # a directive line
        (plain, "   "),  # nothing to lint
        (["check", "--server", "http://127.0.0.1:1", "-"], "Sorry!!!"),  # the service is down
        ([*plain, "--context-file", str(tmp_path / "none.txt")], "Sorry!!!"),  # no such context file
    ]
    for args, text in cases:
        assert _run(entry_main, args, text, capsys)[0] == 7
    (tmp_path / ".replylint.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    assert _run(entry_main, plain, "Sorry!!!", capsys)[0] == 7  # a configuration applies
    assert seen == [(args, text) for args, text in cases] + [(plain, "Sorry!!!")]  # with the same input


#: Modules the hook client must not import: the analysis stack, and the standard library's heavier modules it
#: does without (``http.client`` pulls the e-mail parser and ``ssl``; ``tomllib`` is read only for a pyproject.toml
#: that may hold ``[tool.replylint]``).
HEAVY = {"pydantic", "spacy", "regex", "numpy", "thinc", "pymorphy3", "http", "email", "ssl", "tomllib", "typing"}
HEAVY |= {"pathlib"}


def test_hook_client_imports_nothing_heavy(service: str, tmp_path: Path) -> None:
    listed = "print(','.join(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)"
    script = f"import sys; from replylint.entry import main; code = main(sys.argv[1:]); {listed}; sys.exit(code)"
    env = {**os.environ, "NO_COLOR": "1"}
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "shop"\ndependencies = ["replylint>=0.1"]\n', "utf-8")
    bare = subprocess.run([sys.executable, "-c", f"import sys; {listed}"], capture_output=True, text=True, env=env)
    done = subprocess.run(
        [sys.executable, "-c", script, "check", "--server", service, "-"],
        input="This is your fault!!!",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert done.returncode == 1 and "Found" in done.stdout
    at_start = set(bare.stderr.strip().split(","))
    loaded = set(done.stderr.strip().split(",")) - at_start
    assert "replylint" in loaded and not loaded & HEAVY, sorted(loaded)


@pytest.mark.parametrize(
    ("pyproject", "table"),
    [
        ('[project]\nname = "replylint-rules"\n[project.scripts]\nreplylint = "x:main"\n', False),
        ('[tool.poetry.dependencies]\nreplylint = "^0.1"\n[tool.ruff]\nline-length = 100\n', False),
        ('[tool.replylint]\nfail-on = "error"\n', True),
        ('[ tool . "replylint" ]\nfail-on = "error"\n', True),
        ('[tool.replylint.rules.RL101]\nseverity = "info"\n', True),
        ('tool.replylint.fail-on = "error"\n', True),
        ("tool = {replylint = {fail-on = 'error'}}\n", True),
        ('[tool]\nreplylint.fail-on = "error"\n', True),
        ("[tool]\nruff = {line-length = 100}\n", False),
        ('# [tool.replylint] is not used here\n[project]\nname = "x"\n', False),
    ],
)
def test_hook_client_finds_a_configuration_where_the_command_line_does(
    pyproject: str, table: bool, tmp_path: Path
) -> None:
    from replylint.config import find_config_file
    from replylint.hook import _configured

    folder = tmp_path / "sub"
    folder.mkdir()
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    assert (find_config_file(folder) is not None) is table
    assert _configured(str(folder)) is table


#: Every character some reader takes for a line break, before findings on later lines.
BREAKS = ["\r\n", "\r", "\f", "\v", "\x1c", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("brk", BREAKS, ids=[hex(ord(b[-1])) for b in BREAKS])
@pytest.mark.usefixtures("reused_linters")
def test_positions_and_source_lines_are_the_same_on_every_path(
    service: str, brk: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", sys.stdin)
    text = f"Thanks for waiting.{brk}It is YOUR FAULT!!!{brk}{brk}Sorry, it IS YOUR FAULT!!!\n"
    remote = _run(entry_main, ["check", "--server", service, "--no-color"], text, capsys)
    local = _run(cli_main, ["check", "--no-color"], text, capsys)
    assert remote == local


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:99999", "http://127.0.0.1:port", "http://[::1", "https://[::1]:0x50"]
)
def test_a_server_url_that_cannot_be_parsed_is_a_usage_error_naming_it(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A mistyped ``--server`` (a port out of range or not a number, an unclosed IPv6 bracket) exits 2 naming the
    URL, as one with another scheme does: not a crash of the hook client, nor an internal error (exit 3)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"This is your fault!!!")))
    assert entry_main(["check", "--server", url, "-"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"replylint: {url}: not a valid URL") and "internal error" not in err, err


def test_an_empty_server_url_is_a_usage_error_not_a_local_check(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``--server ""`` (an unset variable in a hook's script) exits 2 saying so, rather than linting locally."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"This is your fault!!!")))
    assert entry_main(["check", "--server", "", "-"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("replylint: (an empty URL): not an http:// or https:// URL"), err
