"""Lint worker processes for the service (:mod:`replylint.service`): linting never holds the service's GIL or its
event loop, and its work can be stopped.

Each worker is forked from the service once its linter is built and warmed up, so it starts at once and shares
the linter's memory. A request's JSON body goes to an idle worker as it was received and the report's JSON comes
back as bytes, over a socket the service's event loop reads (no thread between them, no pickling). A request
that finds every worker busy waits in a queue; a short one may instead wait in the socket of a worker busy with
another short one, so that worker goes from one job to the next without waiting to be woken (on a loaded
machine a lowered-priority process can wait milliseconds for the processor). When a request's budget is spent
or its client has gone while a worker is on it, that worker is killed (Python cannot stop a call in the middle)
and a fresh one is forked in its place. Workers run at a lower CPU priority than the service, so the event loop
that accepts connections and answers ``/healthz`` always gets the processor first.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import multiprocessing
import os
import signal
import socket
import stat
import struct
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any, Literal

from replylint.errors import ReplylintError, refused

if TYPE_CHECKING:
    from replylint.engine import Linter

#: Niceness added to worker processes, so the service's own event loop comes first.
WORKER_NICENESS = 10
#: A job of a body up to this size may wait in the socket of a worker on another such job (a few ms of linting).
SHORT_BODY = 8 * 1024
#: A job's kind: ``lint`` (a :class:`~replylint.models.LintRequest`), ``batch`` (a
#: :class:`~replylint.service.requests.LintBatch`, through ``Linter.lint_many`` so the rules that compare replies
#: run) or ``file`` (a :class:`~replylint.service.requests.LintFileRequest`, through the file pipeline).
Kind = Literal["lint", "batch", "file"]
_KINDS: tuple[Kind, ...] = ("lint", "batch", "file")
_OK, _REFUSED, _ERROR = range(3)
#: A frame on a worker's socket: a tag (the job's kind, or the answer's status) and the length of the bytes after.
_HEADER = struct.Struct("!BQ")


class WorkStopped(Exception):
    """The work of a request was stopped: ``budget`` when its budget was spent, else its client had gone."""

    def __init__(self, budget: bool) -> None:
        super().__init__("budget spent" if budget else "client gone")
        self.budget = budget


class LintRefused(ReplylintError):
    """The linter refused a reply (see :func:`refused`; e.g. a reply over a size limit)."""


def _close_sockets(keep: int) -> None:
    """Close the sockets a forked worker inherited (the listening socket, clients' connections, the other
    workers') but ``keep``: a client's connection must end when the service closes it, not live on in a worker."""
    folder = "/proc/self/fd"
    descriptors = [int(name) for name in os.listdir(folder)] if os.path.isdir(folder) else range(3, 1024)
    for fd in descriptors:
        if fd > 2 and fd != keep:
            with contextlib.suppress(OSError):
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.close(fd)


def _answer(linter: Linter, kind: Kind, body: bytes) -> str:
    """The JSON of a job's report (or list of reports); ``body`` is the request's JSON, validated by the service."""
    from replylint.models import LintRequest
    from replylint.service.requests import LintBatch, LintFileRequest

    if kind == "lint":
        request = LintRequest.model_validate(json.loads(body))
        return linter.lint(
            request.text, request.language, request.channel, request.context, template=request.template
        ).model_dump_json()
    if kind == "batch":
        batch = LintBatch.model_validate(json.loads(body))
        return "[" + ",".join(report.model_dump_json() for report in linter.lint_many(batch.items)) + "]"
    from replylint.files import lint_source

    source = LintFileRequest.model_validate(json.loads(body))
    return lint_source(
        source.content,
        name=source.name,
        format=source.format,
        linter=linter,
        language=source.language,
        channel=source.channel,
        context=source.context,
    ).model_dump_json()


def _exactly(sock: socket.socket, size: int) -> bytes:
    """``size`` bytes from ``sock``; EOFError when it closes first."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    received = 0
    while received < size:
        count = sock.recv_into(view[received:])
        if not count:
            raise EOFError
        received += count
    return bytes(buffer)


def _work(linter: Linter, sock: socket.socket) -> None:
    """A worker's loop: do each job received, send back its JSON or the error."""
    _close_sockets(sock.fileno())
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the service, which then ends its workers
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    while True:
        try:
            tag, size = _HEADER.unpack(_exactly(sock, _HEADER.size))
            body = _exactly(sock, size)
        except (EOFError, OSError):
            return
        try:
            status, answer = _OK, _answer(linter, _KINDS[tag], body)
        except Exception as exc:
            status, answer = (_REFUSED, str(exc)) if refused(exc) else (_ERROR, f"{type(exc).__name__}: {exc}")
        payload = answer.encode("utf-8", "replace")
        sock.sendall(_HEADER.pack(status, len(payload)) + payload)


@dataclass(eq=False)
class _Job:
    tag: int
    body: bytes
    answer: asyncio.Future[tuple[int, bytes]]
    worker: _Worker | None = field(default=None, repr=False)


class _Worker(asyncio.Protocol):
    """A worker process and the service's end of its socket, read by the event loop."""

    def __init__(self, process: BaseProcess, sock: socket.socket, pool: LintPool) -> None:
        self.process = process
        self.sock = sock
        self.pool = pool
        self.transport: asyncio.Transport | None = None
        self.jobs: collections.deque[_Job] = collections.deque()  # sent, not answered: the first is being done
        self._buffer = bytearray()

    async def connect(self) -> None:
        self.transport, _ = await asyncio.get_running_loop().create_unix_connection(lambda: self, sock=self.sock)

    def takes(self, job: _Job) -> bool:
        """Whether ``job`` may be sent now: the worker is idle, or busy with one short job and ``job`` is short."""
        if not self.jobs:
            return True
        return len(self.jobs) == 1 and len(self.jobs[0].body) <= SHORT_BODY and len(job.body) <= SHORT_BODY

    def start(self, job: _Job) -> None:
        assert self.transport is not None
        self.jobs.append(job)
        job.worker = self
        self.transport.write(_HEADER.pack(job.tag, len(job.body)) + job.body)  # one write: sent at once

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) >= _HEADER.size:
            status, size = _HEADER.unpack_from(self._buffer)
            end = _HEADER.size + size
            if len(self._buffer) < end:
                break
            payload = bytes(self._buffer[_HEADER.size : end])
            del self._buffer[:end]
            job = self.jobs.popleft()
            if not job.answer.done():  # else abandoned while it waited here: a short job, let run
                job.answer.set_result((status, payload))
        self.pool._dispatch()

    def connection_lost(self, exc: Exception | None) -> None:
        jobs, self.jobs = self.jobs, collections.deque()
        if jobs and not jobs[0].answer.done():
            jobs.popleft().answer.set_exception(RuntimeError("lint worker: ended before answering"))
        self.pool._lost(self, [job for job in jobs if not job.answer.done()])

    def kill(self) -> None:
        """End the process; its socket closes, and :meth:`connection_lost` follows."""
        if self.process.is_alive():
            self.process.kill()
        if self.transport is not None:
            self.transport.close()


class LintPool:
    """``size`` worker processes that lint with ``linter``: forked when made, connected to the service's event
    loop by :meth:`start`; :meth:`lint` is awaited on that loop."""

    def __init__(self, linter: Linter, size: int) -> None:
        self._linter = linter
        self._context = multiprocessing.get_context("fork")
        self._lock = threading.Lock()  # _workers and _closed: forks happen in a thread
        self._closed = False
        self._workers: set[_Worker] = set()
        self._live: list[_Worker] = []  # connected to the event loop
        self._queue: collections.deque[_Job] = collections.deque()
        self._tasks: set[asyncio.Task[None]] = set()
        self._started = [worker for _ in range(size) if (worker := self._fork()) is not None]

    def _fork(self, replacing: _Worker | None = None) -> _Worker | None:
        """A new worker, not yet connected, in the place of ``replacing``; None once the pool is closed."""
        with self._lock:
            if replacing is not None:
                self._workers.discard(replacing)
            if self._closed:
                return None
            parent, child = socket.socketpair()
            process = self._context.Process(target=_work, args=(self._linter, child), daemon=True)
            process.start()
            child.close()
            worker = _Worker(process, parent, self)
            self._workers.add(worker)
            return worker

    async def start(self) -> None:
        """Connect the workers forked when the pool was made to the running event loop."""
        for worker in self._started:
            await worker.connect()
            self._live.append(worker)
        self._started = []

    async def lint(self, kind: Kind, body: bytes, deadline: float, gone: asyncio.Future[Any]) -> bytes:
        """The JSON of the report of ``body`` (the request's JSON, already validated); :class:`WorkStopped` past
        ``deadline`` (monotonic) or once ``gone`` (the client has left) is done; :class:`LintRefused` for a reply
        the linter refuses."""
        if time.monotonic() > deadline or gone.done():
            raise WorkStopped(budget=not gone.done())
        job = _Job(_KINDS.index(kind), body, asyncio.get_running_loop().create_future())
        self._queue.append(job)
        self._dispatch()
        try:
            if not job.answer.done():
                remaining = deadline - time.monotonic()
                await asyncio.wait((job.answer, gone), timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
            if not job.answer.done():
                raise WorkStopped(budget=not gone.done())
            status, payload = job.answer.result()
        except BaseException:
            if job.worker is not None and job.worker.jobs and job.worker.jobs[0] is job:
                job.worker.kill()  # the work is abandoned: a fresh worker takes this one's place
            job.answer.cancel()  # a job still queued is skipped
            raise
        if status == _REFUSED:
            raise LintRefused(payload.decode())
        if status == _ERROR:
            raise RuntimeError(f"lint worker: {payload.decode()}")
        return payload

    def _dispatch(self) -> None:
        """Send queued jobs, in order, to idle workers first, then to workers that take a second one."""
        while self._queue:
            job = self._queue[0]
            if job.answer.done():
                self._queue.popleft()
                continue
            ranked = sorted(self._live, key=lambda w: len(w.jobs))
            worker = next((w for w in ranked if w.takes(job)), None)
            if worker is None:
                return
            self._queue.popleft()
            worker.start(job)

    def _lost(self, worker: _Worker, unstarted: list[_Job]) -> None:
        """A worker has ended (killed, or crashed): its jobs not started go back to the front of the queue, and a
        fresh worker is forked in its place, in a thread."""
        with contextlib.suppress(ValueError):
            self._live.remove(worker)
        self._queue.extendleft(reversed(unstarted))
        self._dispatch()
        with self._lock:
            if self._closed:
                return
        task = asyncio.get_running_loop().create_task(self._replace(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self, worker: _Worker) -> None:
        fresh = await asyncio.to_thread(self._fork_after, worker)
        if fresh is not None:
            await fresh.connect()
            self._live.append(fresh)
            self._dispatch()

    def _fork_after(self, worker: _Worker) -> _Worker | None:
        worker.process.join(timeout=5)
        return self._fork(replacing=worker)

    def close(self) -> None:
        """End every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            if worker.process.is_alive():
                worker.process.kill()
            worker.process.join(timeout=5)
            if worker.transport is not None:  # called on the event loop (the app's shutdown)
                worker.transport.close()
            else:
                worker.sock.close()
