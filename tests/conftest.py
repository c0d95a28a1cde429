"""Shared fixtures: one linter for the whole session (building it loads every pack)."""

from __future__ import annotations

import gc
import http.client
import importlib.util
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeVar

import pytest

from replylint import Config, Linter, collector, engine
from replylint.service.defaults import DEFAULT_HOST, DEFAULT_PORT

if TYPE_CHECKING:
    from replylint.service.runner import Server
    from replylint.workers import LintPool


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()


def missing_next_step(linter: Linter, reply: str, context: str) -> bool:
    """Whether RL603 (no next step) is reported on ``reply`` answering the customer's ``context``."""
    return "RL603" in [f.code for f in linter.lint(reply, context=context).findings]


class _Reused(Linter):
    """A linter built once per configuration and handed out again for an equal one (see :func:`reused_linters`)."""

    _built: ClassVar[dict[str, _Reused]] = {}
    _ready = False

    def __new__(cls, config: Config | None = None) -> _Reused:
        key = (config or Config()).model_dump_json()
        if key not in cls._built:
            cls._built[key] = super().__new__(cls)
        return cls._built[key]

    def __init__(self, config: Config | None = None) -> None:
        if self._ready:
            collector.resume()  # as a new linter would, after a console script paused the collector
            return
        try:
            super().__init__(config)
        except BaseException:
            self._built.pop((config or Config()).model_dump_json(), None)
            raise
        self._ready = True


@pytest.fixture
def reused_linters(monkeypatch: pytest.MonkeyPatch) -> None:
    """Linters the command line builds (``Linter(config)``, once per call of its ``main``) built once per
    configuration for the whole session and handed out again: for tests that call the command line in process many
    times to compare what it prints and exits with, where building every rule's checks anew (0.2–1 s a call) is
    not what is tested. Not for tests that change what a linter is built from besides its configuration
    (installed packs, the packaged rules)."""
    monkeypatch.setattr(engine, "Linter", _Reused)


class Serving(Protocol):
    """A server that serves until told to stop: the service's or the standard library's."""

    def serve_forever(self) -> None: ...
    def shutdown(self) -> None: ...
    def server_close(self) -> None: ...


S = TypeVar("S", bound=Serving)


@contextmanager
def serving(server: S) -> Iterator[S]:
    """``server`` answering on a daemon thread for the block; then stopped, closed, and its thread gone."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    assert not thread.is_alive()


def make_server(
    linter: Linter | None = None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, **limits: float
) -> Server:
    """A bound, listening service (not yet serving); ``limits`` are the fields of ``Limits``."""
    from replylint.service.limits import Limits
    from replylint.service.runner import Server, bind

    return Server(linter or Linter(), bind(host, port), Limits(**limits))  # type: ignore[arg-type]


#: Seconds a ``replylint serve`` process may take to answer ``GET /healthz``: building linters on two cores
#: shared with other jobs can take a minute; only a real hang takes this long.
READY_WITHIN = 300.0


@contextmanager
def serve_process(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``replylint serve --port 0 ARGS`` in a child process and its URL, once ``GET /healthz`` answers (readiness,
    not a fixed wait); killed with its workers if still running after the block. Its standard error is drained on a
    thread, so a full pipe never blocks it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "replylint", "serve", "--port", "0", *args],
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=env,
        start_new_session=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    stderr = proc.stderr
    assert stderr is not None

    def drain() -> None:
        for line in stderr:
            lines.put(line)
        lines.put("")

    drainer = threading.Thread(target=drain, daemon=True)
    drainer.start()
    deadline = time.monotonic() + READY_WITHIN
    try:
        url = ""
        while not url:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"replylint serve did not say where it serves within {READY_WITHIN:.0f} s")
            assert line, f"replylint serve exited ({proc.wait()}) before serving"
            if "serving on " in line:
                url = line.split("serving on ", 1)[1].split()[0]
        while not _healthy(url):
            assert proc.poll() is None, f"replylint serve exited ({proc.returncode}) before it was ready"
            assert time.monotonic() < deadline, f"replylint serve not ready within {READY_WITHIN:.0f} s"
            time.sleep(0.2)
        yield proc, url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        drainer.join(timeout=10)
        if not drainer.is_alive():
            stderr.close()


def session_alive(session: int, within: float = 10.0) -> bool:
    """Whether a process of ``session`` (a :func:`serve_process`'s pid) is still running after ``within`` s."""
    deadline = time.monotonic() + within
    while True:
        try:
            os.killpg(session, 0)
        except ProcessLookupError:
            return False
        if time.monotonic() > deadline:
            return True
        time.sleep(0.1)


def _healthy(url: str) -> bool:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def worker_pids(pool: LintPool) -> set[int]:
    """Process ids of a lint pool's workers."""
    with pool._lock:
        return {w.process.pid for w in pool._workers if w.process.pid is not None}


def codes(report: object) -> list[str]:
    """Codes of a report's findings, in order."""
    return [f.code for f in report.findings]  # type: ignore[attr-defined]


def _slowdown(linter: Linter, short: str, long: str) -> float:
    """Time per character of ``long`` over that of ``short``: best of five interleaved rounds, after a warm run
    of each (a new word's first analysis is not what is measured); CPU time of this process, which other
    processes on a shared machine inflate much less than the wall clock."""
    repeats = max(1, len(long) // len(short))
    linter.lint(short)
    linter.lint(long)
    best_short = best_long = float("inf")
    for _ in range(5):
        start = time.process_time()
        for _ in range(repeats):
            linter.lint(short)
        best_short = min(best_short, (time.process_time() - start) / (repeats * len(short)))
        start = time.process_time()
        linter.lint(long)
        best_long = min(best_long, (time.process_time() - start) / len(long))
    return best_long / best_short


@pytest.fixture(scope="session")
def slowdown() -> Callable[[Linter, str, str], float]:
    """How many times slower per character a long text lints than a short one (linear: about 1)."""
    return _slowdown


@contextmanager
def cpu_seconds() -> Iterator[Callable[[], float]]:
    """CPU time of the block, with the collector off: what is bounded is the work, not a full collection of the
    test session's heap that may land in it (a CI run once measured 1.07 s where 0.16–0.4 s is usual)."""
    gc.collect()
    gc.disable()
    started = time.process_time()
    ended: list[float] = []
    try:
        yield lambda: ended[0] - started
    finally:
        ended.append(time.process_time())
        gc.enable()


SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def script_module(name: str) -> ModuleType:
    """``scripts/<name>.py`` loaded afresh as a module and registered in ``sys.modules`` under its name, with
    ``scripts/`` importable while it loads."""
    sys.path.insert(0, str(SCRIPTS))
    try:
        spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up there while the class is made
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(SCRIPTS))
