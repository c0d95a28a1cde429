"""Running the service: bind, build and warm the linter, fork its lint workers, serve on uvicorn until SIGTERM or
SIGINT, then finish the requests in flight. ``--workers N`` runs N uvicorn processes on the one socket, each
building its own linter before it accepts a connection."""

from __future__ import annotations

import contextlib
import functools
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

import uvicorn
from fastapi import FastAPI
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

from replylint.config import Config
from replylint.errors import ConfigError
from replylint.service.app import body_routes, create_app
from replylint.service.limits import BodyLimits, Limits
from replylint.service.protocol import LimitedProtocol
from replylint.workers import LintPool

if TYPE_CHECKING:
    from replylint.engine import Linter

_WARM_UP = ("Hello, thank you for writing.", "Здравствуйте, спасибо за обращение.")

#: Seconds a ``--workers`` process may take to answer its supervisor's health check before it is killed and
#: replaced. uvicorn's 5 s is shorter than building a linter on a loaded machine (the answering thread waits for
#: the interpreter while packs and models load), so workers were killed mid-build, again and again. A worker that
#: exits while a check waits on it (a failed start) is seen when the check times out.
WORKER_HEALTHCHECK = 60


def _uvicorn_config(app: object, limits: Limits, **options: object) -> uvicorn.Config:
    return uvicorn.Config(
        app,  # type: ignore[arg-type]
        http=functools.partial(LimitedProtocol, limits=limits),  # type: ignore[arg-type]
        log_config=None,
        access_log=False,
        server_header=False,
        **options,  # type: ignore[arg-type]
    )


class _Uvicorn(uvicorn.Server):
    """uvicorn's server, stopped gracefully by SIGTERM or SIGINT with exit status 0 (uvicorn re-raises the
    signal once it has stopped)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def build_app(linter: Linter, limits: Limits) -> tuple[FastAPI, LintPool]:
    """The ASGI app over ``linter`` (warmed up first, so the first request is as fast as any other) and the
    pool of lint workers forked from it."""
    for text in _WARM_UP:
        linter.lint(text)
    pool = LintPool(linter, limits.lint_workers)
    return create_app(linter, pool, limits.budget), pool


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket (a backlog of 128, so bursts of clients wait rather than being refused)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except BaseException:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


class Server:
    """The service in this process: bound and ready when made; :meth:`serve_forever` serves (from any thread),
    :meth:`shutdown` stops it gracefully from another thread, :meth:`server_close` ends the lint workers."""

    def __init__(self, linter: Linter, sock: socket.socket, limits: Limits) -> None:
        self.linter = linter
        self.socket = sock
        self.limits = limits
        app, self.pool = build_app(linter, limits)
        self._uvicorn = _Uvicorn(_uvicorn_config(BodyLimits(app, limits, body_routes(app)), limits))
        self._stopped = threading.Event()

    @property
    def server_address(self) -> tuple[str, int]:
        host, port = self.socket.getsockname()[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        """``http://host:port`` of the bound socket."""
        host, port = self.server_address
        return f"http://{host}:{port}"

    def serve_forever(self) -> None:
        """Serve until :meth:`shutdown`, SIGTERM or SIGINT (the last two in the main thread only)."""
        try:
            self._uvicorn.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop accepting, finish the requests in flight, and return once :meth:`serve_forever` has."""
        self._uvicorn.should_exit = True
        self._stopped.wait()

    def server_close(self) -> None:
        """Close the socket and end the lint workers."""
        self.socket.close()
        self.pool.close()


def worker_app(config: Config, limits: Limits) -> BodyLimits:
    """The app of one of ``--workers`` processes: its own linter, built before it accepts a connection. A
    configuration it cannot build one from ends the process as a failed start, which uvicorn's supervisor does not
    restart (any other exit it would restart, for ever)."""
    from replylint.engine import Linter

    try:
        linter = Linter(config)
    except ConfigError as exc:
        print(f"replylint: configuration error: {exc}", file=sys.stderr, flush=True)
        sys.exit(STARTUP_FAILURE)
    app, _ = build_app(linter, limits)
    return BodyLimits(app, limits, body_routes(app))


def serve(server: Server) -> None:
    """Serve until SIGTERM or SIGINT, then stop accepting, finish the requests in flight and return."""
    print(f"replylint: serving on {server.url}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def serve_workers(config: Config, sock: socket.socket, limits: Limits, workers: int) -> bool:
    """Serve on ``sock`` from ``workers`` uvicorn processes until SIGTERM or SIGINT; false when a worker could not
    start (its error is on standard error) and the supervisor stopped."""
    uvicorn_config = _uvicorn_config(
        functools.partial(worker_app, config, limits),
        limits,
        factory=True,
        workers=workers,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK,
    )
    host, port = sock.getsockname()[:2]
    print(f"replylint: serving on http://{host}:{port} ({workers} workers)", file=sys.stderr, flush=True)
    supervisor = Multiprocess(uvicorn_config, sockets=[sock])
    try:
        supervisor.run()
    finally:
        sock.close()
    return all(process.exitcode != STARTUP_FAILURE for process in supervisor.processes)
