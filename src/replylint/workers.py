"""Lint worker processes for the service (:mod:`replylint.service`): linting never holds the service's GIL,
and its work can be stopped.

Each worker is forked from the service once its linter is built and warmed up, so it starts at once and
shares the linter's memory. A request takes an idle worker, sends it one reply and waits; when the request's
budget is spent or its client has gone, the worker is killed (Python cannot stop a thread in the middle of a
call) and a fresh one is forked in its place. Workers run at a lower CPU priority than the service, so the
threads that accept connections and answer ``/healthz`` always get the processor first.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import stat
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from replylint.errors import ReplylintError, refused

if TYPE_CHECKING:
    from replylint.engine import Linter

#: Niceness added to worker processes, so the service's own threads come first.
WORKER_NICENESS = 10
#: Seconds between checks of a request's budget and of its client while a worker lints.
POLL = 0.02
#: A lint job: ``("lint", LintRequest)``, ``("batch", [LintRequest, ...])`` (through ``Linter.lint_many``, so
#: the rules that compare replies run) or ``("file", LintFileRequest)`` (through the file pipeline).
Job = tuple[str, Any]


class WorkStopped(Exception):
    """The work of a request was stopped: ``budget`` when its budget was spent, else its client had gone."""

    def __init__(self, budget: bool) -> None:
        super().__init__("budget spent" if budget else "client gone")
        self.budget = budget


class LintRefused(ReplylintError):
    """The linter refused a reply (see :func:`refused`; e.g. a reply over a size limit)."""


def _close_sockets(keep: int) -> None:
    """Close the sockets a forked worker inherited (the listening socket, clients' connections) but ``keep``:
    a client's connection must end when the service closes it, not live on in a worker."""
    folder = "/proc/self/fd"
    descriptors = [int(name) for name in os.listdir(folder)] if os.path.isdir(folder) else range(3, 1024)
    for fd in descriptors:
        if fd > 2 and fd != keep:
            with contextlib.suppress(OSError):
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.close(fd)


def _answer(linter: Linter, job: Job) -> str:
    """The JSON of a job's report (or list of reports)."""
    kind, request = job
    if kind == "lint":
        return linter.lint(
            request.text, request.language, request.channel, request.context, template=request.template
        ).model_dump_json()
    if kind == "batch":
        return "[" + ",".join(report.model_dump_json() for report in linter.lint_many(request)) + "]"
    from replylint.files import lint_source

    return lint_source(
        request.content,
        name=request.name,
        format=request.format,
        linter=linter,
        language=request.language,
        channel=request.channel,
        context=request.context,
    ).model_dump_json()


def _work(linter: Linter, conn: Connection) -> None:
    """A worker's loop: do each job received, send back its JSON or the error."""
    _close_sockets(conn.fileno())
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the service, which then ends its workers
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, str] = ("ok", _answer(linter, job))
        except Exception as exc:
            answer = ("refused", str(exc)) if refused(exc) else ("error", f"{type(exc).__name__}: {exc}")
        conn.send(answer)


class _Worker:
    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


class LintPool:
    """``size`` worker processes that lint with ``linter``; :meth:`lint` is called from many threads."""

    def __init__(self, linter: Linter, size: int) -> None:
        self._linter = linter
        self._context = multiprocessing.get_context("fork")
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._workers: set[_Worker] = set()
        for _ in range(size):
            self._idle.put(self._fork())

    def _fork(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise WorkStopped(budget=False)
            parent, child = self._context.Pipe()
            process = self._context.Process(target=_work, args=(self._linter, child), daemon=True)
            process.start()
            child.close()
            worker = _Worker(process, parent)
            self._workers.add(worker)
            return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker whose work is abandoned, and fork a fresh one in its place."""
        worker.stop()
        with self._lock:
            self._workers.discard(worker)
        with contextlib.suppress(WorkStopped):
            self._idle.put(self._fork())

    def lint(self, job: Job, deadline: float, gone: Callable[[], bool]) -> str:
        """The JSON of the job's report; :class:`WorkStopped` past ``deadline`` (monotonic) or
        when ``gone()`` says the client has left; :class:`LintRefused` for a reply the linter refuses."""
        self._check(deadline, gone)  # a batch whose budget is spent stops before its next reply, however quick
        while True:
            try:
                worker = self._idle.get(timeout=POLL)
                break
            except queue.Empty:
                self._check(deadline, gone)
        try:
            worker.conn.send(job)
            while not worker.conn.poll(POLL):
                self._check(deadline, gone)
            status, payload = worker.conn.recv()
        except BaseException:
            self._replace(worker)
            raise
        self._idle.put(worker)
        if status == "refused":
            raise LintRefused(payload)
        if status == "error":
            raise RuntimeError(f"lint worker: {payload}")
        return str(payload)

    @staticmethod
    def _check(deadline: float, gone: Callable[[], bool]) -> None:
        if time.monotonic() > deadline:
            raise WorkStopped(budget=True)
        if gone():
            raise WorkStopped(budget=False)

    def pids(self) -> set[int]:
        """Process ids of the workers."""
        with self._lock:
            return {w.process.pid for w in self._workers if w.process.pid is not None}

    def close(self) -> None:
        """End every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop()
