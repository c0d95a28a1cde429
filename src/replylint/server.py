"""The HTTP service (``replylint serve``), thin over one :class:`~replylint.engine.Linter`, and the client that
``replylint check --server URL`` lints through.

The service is the standard library's ``ThreadingHTTPServer``: one thread per connection, one request per
connection, JSON in and out. This module imports no analysis code at import time, so the client side stays
light; the linter is built (and warmed up) by :func:`make_server` before the socket accepts a connection.

Under abuse it holds: a whole request (line, headers and body) must arrive within the timeout however slowly
it drips, at most ``max_connections`` connections are served at once (more get 503 at once), replies are
linted in worker processes (:mod:`replylint.workers`) that are killed when a request's budget is spent or its
client has gone, and garbage gets a 400 with a status line; connections reset by their client are logged in
one line, not with a traceback.
"""

from __future__ import annotations

import http.client
import io
import json
import logging
import os
import select
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from replylint.errors import ReplylintError
from replylint.models import Channel, Language, Report
from replylint.workers import LintPool, LintRefused, WorkStopped

if TYPE_CHECKING:
    from replylint.engine import Linter

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
#: Largest request body accepted, in bytes (``--max-body``); larger ones get 413.
MAX_BODY = 1024 * 1024
#: Seconds a client may take to send its whole request (``--timeout``); slower ones get 408 or are dropped.
TIMEOUT = 10.0
#: Connections served at once (``--max-connections``); more are answered 503 and closed at once.
MAX_CONNECTIONS = 256
#: Seconds of linting one request may take once received (``--budget``); past it the work stops with 503.
BUDGET = 10.0
#: Worker processes that lint (``--workers``).
WORKERS = min(4, os.cpu_count() or 1)
#: An oversized body up to this size is read and dropped so the client sees the 413 rather than a reset.
_DRAIN_LIMIT = 16 * 1024 * 1024
_FIELDS = ("text", "language", "channel", "context", "template")
_BUSY = json.dumps({"error": "too many connections; retry shortly", "field": None}).encode()
_BUSY_RESPONSE = (
    b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
    b"Retry-After: 1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(_BUSY), _BUSY)
)
_WARM_UP = ("Hello, thank you for writing.", "Здравствуйте, спасибо за обращение.")

log = logging.getLogger("replylint.server")


class ServiceError(ReplylintError):
    """The service could not be reached or did not answer with a report."""


class RequestError(Exception):
    """A request the service refuses: the HTTP status, the reason and the offending field, if any."""

    def __init__(self, status: HTTPStatus, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field

    def body(self) -> dict[str, Any]:
        """The JSON error body: ``{"error": reason, "field": name or null}``."""
        return {"error": self.message, "field": self.field}


@dataclass(frozen=True)
class LintRequest:
    """One reply to lint, as validated from a request."""

    text: str
    language: Language | None = None
    channel: Channel | None = None
    context: str | None = None
    template: bool = False


def _choice(raw: dict[str, Any], name: str, where: str, enum: type[Language] | type[Channel]) -> Any:
    value = raw.get(name)
    if value is None:
        return None
    allowed = [item.value for item in enum]
    if value not in allowed:
        raise RequestError(HTTPStatus.UNPROCESSABLE_ENTITY, f"must be one of {', '.join(allowed)}", where + name)
    return enum(value)


def parse_item(raw: Any, where: str = "") -> LintRequest:
    """Validate one ``{"text", "language"?, "channel"?, "context"?, "template"?}`` object; ``where`` prefixes
    the field names in errors (``items[2].``)."""
    if not isinstance(raw, dict):
        raise RequestError(HTTPStatus.UNPROCESSABLE_ENTITY, "must be a JSON object", where.rstrip(".") or None)
    for name in raw:
        if name not in _FIELDS:
            raise RequestError(
                HTTPStatus.UNPROCESSABLE_ENTITY, f"unknown field; known: {', '.join(_FIELDS)}", where + name
            )
    text = raw.get("text")
    if not isinstance(text, str):
        reason = "is required" if text is None else "must be a string"
        raise RequestError(HTTPStatus.UNPROCESSABLE_ENTITY, reason, where + "text")
    context = raw.get("context")
    if context is not None and not isinstance(context, str):
        raise RequestError(HTTPStatus.UNPROCESSABLE_ENTITY, "must be a string or null", where + "context")
    template = raw.get("template", False)
    if not isinstance(template, bool):
        raise RequestError(HTTPStatus.UNPROCESSABLE_ENTITY, "must be true or false", where + "template")
    return LintRequest(
        text=text,
        language=_choice(raw, "language", where, Language),
        channel=_choice(raw, "channel", where, Channel),
        context=context,
        template=template,
    )


def parse_batch(raw: Any) -> list[LintRequest]:
    """Validate ``{"items": [...]}`` or a bare list of lint requests."""
    if isinstance(raw, dict):
        extra = [name for name in raw if name != "items"]
        if extra:
            raise RequestError(HTTPStatus.UNPROCESSABLE_ENTITY, "unknown field; known: items", extra[0])
        raw = raw.get("items")
        if not isinstance(raw, list):
            raise RequestError(HTTPStatus.UNPROCESSABLE_ENTITY, "must be a list of lint requests", "items")
    elif not isinstance(raw, list):
        raise RequestError(HTTPStatus.UNPROCESSABLE_ENTITY, 'must be {"items": [...]} or a list', None)
    return [parse_item(item, f"items[{i}].") for i, item in enumerate(raw)]


def _not_json(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def parse_json(body: bytes) -> Any:
    """A request body as JSON; :class:`RequestError` (400) for anything else, however hostile."""
    try:
        return json.loads(body, parse_constant=_not_json)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RequestError(HTTPStatus.BAD_REQUEST, f"invalid JSON: {exc}") from exc
    except RecursionError:
        raise RequestError(HTTPStatus.BAD_REQUEST, "invalid JSON: nested too deeply") from None
    except ValueError as exc:  # NaN, Infinity, an integer of more than 4,300 digits
        raise RequestError(HTTPStatus.BAD_REQUEST, f"invalid JSON: {exc}") from exc


class LintServer(ThreadingHTTPServer):
    """A threading HTTP server that holds the linter and the request limits.

    Request threads are not daemons, so :meth:`server_close` waits for requests in flight."""

    daemon_threads = False
    request_queue_size = 128  # the listen backlog; the default of 5 refuses bursts of concurrent clients

    def __init__(
        self,
        address: tuple[str, int],
        linter: Linter,
        *,
        max_body: int = MAX_BODY,
        timeout: float = TIMEOUT,
        max_connections: int = MAX_CONNECTIONS,
        budget: float = BUDGET,
        workers: int = WORKERS,
    ) -> None:
        self.linter = linter
        self.max_body = max_body
        self.request_timeout = timeout
        self.budget = budget
        self._slots = threading.BoundedSemaphore(max_connections)
        super().__init__(address, _Handler)
        self.pool = LintPool(linter, workers)

    def server_close(self) -> None:
        """Close the socket, wait for the requests in flight, then end the lint workers."""
        super().server_close()
        self.pool.close()

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection in a thread of its own, or answer 503 at once when every slot is taken."""
        if not self._slots.acquire(blocking=False):
            log.info("%s refused: %s", client_address[0], "too many connections")
            try:
                request.setblocking(False)
                request.send(_BUSY_RESPONSE)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that reset or dropped its connection is one line in the log; anything else a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            log.info("%s connection lost: %s", client_address[0], error)
        else:
            log.exception("error while serving %s", client_address[0])

    @property
    def url(self) -> str:
        """``http://host:port`` of the bound socket."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class _DeadlineReader(io.RawIOBase):
    """Reads a socket until a deadline for the whole request, however slowly the bytes drip in."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock = sock
        self.deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the request took too long to arrive")
        self.sock.settimeout(remaining)
        return self.sock.recv_into(buffer)


def client_gone(sock: socket.socket) -> bool:
    """Whether the client has closed or reset its connection (it sends nothing more after its request)."""
    try:
        if hasattr(select, "poll"):  # no limit on descriptor numbers, unlike select()
            poller = select.poll()
            poller.register(sock, select.POLLIN)
            readable = bool(poller.poll(0))
        else:
            readable = bool(select.select([sock], [], [], 0)[0])
        return readable and not sock.recv(1, socket.MSG_PEEK)
    except OSError:
        return True


class _Handler(BaseHTTPRequestHandler):
    server: LintServer
    server_version = "replylint"
    error_content_type = "application/json"
    default_request_version = "HTTP/1.0"  # so an answer to a garbled request line has a status line too

    def setup(self) -> None:
        super().setup()
        self.started = time.monotonic()
        self.rfile.close()
        self.rfile = io.BufferedReader(_DeadlineReader(self.connection, self.started + self.server.request_timeout))

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_PUT(self) -> None:
        self._route("PUT")

    def do_PATCH(self) -> None:
        self._route("PATCH")

    def do_DELETE(self) -> None:
        self._route("DELETE")

    def _route(self, method: str) -> None:
        routes = {
            "/healthz": ("GET", self._health),
            "/v1/lint": ("POST", self._lint),
            "/v1/lint-batch": ("POST", self._lint_batch),
        }
        path = urlsplit(self.path).path.rstrip("/") or "/"
        headers: dict[str, str] = {}
        try:
            if path not in routes:
                raise RequestError(HTTPStatus.NOT_FOUND, f"no endpoint {path}; see GET /healthz, POST /v1/lint")
            allowed, action = routes[path]
            if method != allowed:
                headers["Allow"] = allowed
                raise RequestError(HTTPStatus.METHOD_NOT_ALLOWED, f"{path} takes {allowed}")
            status, payload = HTTPStatus.OK, action()
        except RequestError as exc:
            status, payload = exc.status, exc.body()
        except WorkStopped:  # the client has gone: nobody to answer
            self.close_connection = True
            log.info("%s went away before its answer; its work was stopped", self.address_string())
            return
        except Exception:
            log.exception("error while answering %s %s", method, path)
            status, payload = HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "internal error", "field": None}
        try:
            self._send_json(status, payload, headers)
        except OSError as exc:  # the client went away before the answer
            self.close_connection = True
            log.info("%s could not be answered: %s", self.address_string(), exc)

    def _health(self) -> dict[str, Any]:
        return {"status": "ok", "rules": len(self.server.linter.rules)}

    def _lint(self) -> dict[str, Any]:
        item = parse_item(self._read_json())
        return self._report(item, time.monotonic() + self.server.budget)

    def _lint_batch(self) -> list[dict[str, Any]]:
        items = parse_batch(self._read_json())
        deadline = time.monotonic() + self.server.budget
        return [self._report(item, deadline) for item in items]

    def _report(self, item: LintRequest, deadline: float) -> dict[str, Any]:
        """One reply's report, linted by a worker that is stopped past ``deadline`` or when the client goes."""
        job = (item.text, item.language, item.channel, item.context, item.template)
        try:
            return self.server.pool.lint(job, deadline, lambda: client_gone(self.connection))
        except LintRefused as exc:
            raise RequestError(HTTPStatus.UNPROCESSABLE_ENTITY, str(exc), "text") from exc
        except WorkStopped as exc:
            if not exc.budget:
                raise
            budget = self.server.budget
            message = f"the request took over its budget of {budget:g} s; send fewer or shorter replies"
            raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE, message) from exc

    def _read_json(self) -> Any:
        if self.headers.get("Transfer-Encoding"):
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length, not chunked")
        declared = self.headers.get("Content-Length")
        if declared is None:
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "a Content-Length header is required")
        try:
            length = int(declared)
        except ValueError:
            length = -1
        if length < 0:
            raise RequestError(HTTPStatus.BAD_REQUEST, "invalid Content-Length header")
        if length > self.server.max_body:
            self.close_connection = True
            if length <= _DRAIN_LIMIT:
                self._read_body(length)
            raise RequestError(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"body of {length} bytes is over the limit of {self.server.max_body} bytes",
            )
        return parse_json(self._read_body(length))

    def _read_body(self, length: int) -> bytes:
        """Exactly ``length`` bytes, before the deadline of the whole request (its reader enforces it)."""
        chunks: list[bytes] = []
        remaining = length
        try:
            while remaining:
                chunk = self.rfile.read1(min(remaining, 65536))
                if not chunk:
                    raise RequestError(HTTPStatus.BAD_REQUEST, "body shorter than its Content-Length")
                chunks.append(chunk)
                remaining -= len(chunk)
        except TimeoutError:
            self.close_connection = True
            raise RequestError(HTTPStatus.REQUEST_TIMEOUT, "the request took too long to arrive") from None
        except OSError:  # reset by the client
            raise WorkStopped(budget=False) from None
        return b"".join(chunks)

    def _send_json(self, status: HTTPStatus, payload: Any, headers: dict[str, str] | None = None) -> None:
        self.connection.settimeout(self.server.request_timeout)  # the answer has the timeout to leave
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors raised by the HTTP layer itself (malformed request line, headers too long) as JSON too."""
        self.close_connection = True
        status = HTTPStatus(code)
        try:
            self._send_json(status, {"error": message or status.phrase, "field": None})
        except OSError as exc:
            log.info("%s could not be answered: %s", self.address_string(), exc)

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)


def make_server(
    linter: Linter | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    max_body: int = MAX_BODY,
    timeout: float = TIMEOUT,
    max_connections: int = MAX_CONNECTIONS,
    budget: float = BUDGET,
    workers: int = WORKERS,
) -> LintServer:
    """A bound, listening server; the linter is built (default configuration when None) and warmed up
    first, so the first request is as fast as any other. Call ``serve_forever()`` on it."""
    if linter is None:
        from replylint.engine import Linter

        linter = Linter()
    for text in _WARM_UP:
        linter.lint(text)
    return LintServer(
        (host, port),
        linter,
        max_body=max_body,
        timeout=timeout,
        max_connections=max_connections,
        budget=budget,
        workers=workers,
    )


def serve(server: LintServer) -> None:
    """Serve until SIGTERM or SIGINT, then stop accepting, finish the requests in flight and return."""

    def stop(signum: int, frame: object) -> None:
        log.info("received %s, shutting down", signal.Signals(signum).name)
        threading.Thread(target=server.shutdown, daemon=True).start()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    print(f"replylint: serving on {server.url}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class RemoteLinter:
    """Lints through a running service: the same ``lint`` call and the same :class:`Report` as a local
    :class:`~replylint.engine.Linter`, without loading the analysis pipeline in this process."""

    def __init__(self, url: str, timeout: float = TIMEOUT) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ServiceError(f"{url}: not an http:// or https:// URL")
        self.url = url.rstrip("/")
        self._path = parts.path.rstrip("/")
        connection = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        self._connection = connection(parts.hostname, parts.port, timeout=timeout)

    def lint(
        self,
        text: str,
        language: Language | str | None = None,
        channel: Channel | str | None = None,
        context: str | None = None,
        *,
        template: bool = False,
    ) -> Report:
        """``POST /v1/lint`` and the report it answers; :class:`ServiceError` when there is none."""
        payload: dict[str, Any] = {"text": text, "template": template}
        for name, value in (("language", language), ("channel", channel), ("context", context)):
            if value is not None:
                payload[name] = getattr(value, "value", value)
        endpoint = f"{self.url}/v1/lint"
        try:
            self._connection.request(
                "POST",
                f"{self._path}/v1/lint",
                body=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                headers={"Content-Type": "application/json"},
            )
            response = self._connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self._connection.close()
            raise ServiceError(f"cannot reach the service at {self.url}: {exc}") from exc
        if response.status != HTTPStatus.OK:
            raise ServiceError(f"{endpoint} answered {response.status}: {_error_text(body)}")
        try:
            return Report.model_validate_json(body)
        except ValidationError as exc:
            raise ServiceError(f"{endpoint} answered something other than a report: {exc}") from exc


def _error_text(body: bytes) -> str:
    try:
        error = json.loads(body)
        return f"{error['field']}: {error['error']}" if error.get("field") else str(error["error"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return body[:200].decode("utf-8", "replace")
