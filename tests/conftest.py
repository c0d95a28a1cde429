"""Shared fixtures: one linter for the whole session (building it loads every pack)."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol, TypeVar

import pytest

from replylint import Linter
from replylint.service.defaults import DEFAULT_HOST, DEFAULT_PORT

if TYPE_CHECKING:
    from replylint.service.runner import Server
    from replylint.workers import LintPool


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()


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
