"""The service's limits and the ASGI layer that holds request bodies to them: on a route that takes a body, a
``Content-Length`` is required (411), a body over ``max_body`` is 413, a body still dripping at the request's
deadline is 408, and a body that is not strict JSON (``NaN``, a 5,000-digit number, 100,000 nested brackets, bytes
that are not UTF-8, a key named twice in one object) is 400 —
each as ``{"error": reason, "field": null}``. Every answer closes its connection, one request per connection.

Standard library only, so the command line reads the defaults without importing the web stack.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable, Collection, MutableMapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from replylint.jsonkeys import unique_keys
from replylint.service.defaults import BUDGET, LINT_WORKERS, MAX_BODY, MAX_CONNECTIONS, TIMEOUT

#: ASGI's three callables and its messages.
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: An oversized body up to this size is read and dropped so the client sees the 413 rather than a reset.
DRAIN_LIMIT = 16 * 1024 * 1024
#: Methods the service knows; any other is 501.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: The key of the request's deadline (``time.monotonic()``) in the ASGI scope's ``state``, set by the protocol.
DEADLINE = "replylint.deadline"
#: The key of a future done once the client has gone, in the ASGI scope's ``state``.
GONE = "replylint.gone"
#: The key of the request's body, parsed as strict JSON, in the ASGI scope's ``state``.
PARSED = "replylint.parsed"

log = logging.getLogger("replylint.service")


@dataclass(frozen=True)
class Limits:
    """What one request may cost the service."""

    max_body: int = MAX_BODY
    timeout: float = TIMEOUT
    max_connections: int = MAX_CONNECTIONS
    budget: float = BUDGET
    lint_workers: int = LINT_WORKERS


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


def _not_json(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


#: Built once (``json.loads`` with hooks builds a decoder per call).
_DECODER = json.JSONDecoder(parse_constant=_not_json, object_pairs_hook=unique_keys)


def parse_json(body: bytes) -> Any:
    """A request body as strict JSON; :class:`RequestError` (400) for anything else, however hostile: an object
    that names a key twice too (``{"text": "Hi", "text": "…"}``), which a proxy or a client library in front
    may read as the first value where the service would lint the last."""
    try:
        return _DECODER.decode(body.decode(json.detect_encoding(body), "surrogatepass"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RequestError(HTTPStatus.BAD_REQUEST, f"invalid JSON: {exc}") from exc
    except RecursionError:
        raise RequestError(HTTPStatus.BAD_REQUEST, "invalid JSON: nested too deeply") from None
    except ValueError as exc:  # NaN, Infinity, an integer of more than 4,300 digits
        raise RequestError(HTTPStatus.BAD_REQUEST, f"invalid JSON: {exc}") from exc


def json_bytes(payload: Any) -> bytes:
    """``payload`` as UTF-8 JSON."""
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


async def send_json(send: Send, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    """One whole JSON answer."""
    raw = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    raw += [(name.lower().encode(), value.encode()) for name, value in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class Gone(Exception):
    """The client went away while sending its request: nobody to answer."""


class BodyLimits:
    """ASGI middleware: reads each request body within the limits and parses it, then hands the app the whole
    body at once, the parsed JSON (``scope["state"][PARSED]``) and a future (``scope["state"][GONE]``) done when
    the client goes away while the app works."""

    def __init__(self, app: ASGIApp, limits: Limits, bodies: Collection[tuple[str, str]]) -> None:
        """``bodies``: the ``(method, path)`` of each route that takes a JSON body; a request to any other route
        is answered by the app (404, 405) whatever its body, which is read and dropped, not parsed."""
        self.app = app
        self.limits = limits
        self.bodies = frozenset(bodies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope["path"] = scope["path"].rstrip("/") or "/"
        started = time.monotonic()
        status = [0]

        async def closing_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"connection", b"close")]
            await send(message)

        try:
            if scope.get("http_version") not in ("1.0", "1.1"):
                error = RequestError(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP/1.0 or HTTP/1.1 only")
                await send_json(closing_send, error.status, json_bytes(error.body()))
            elif scope["method"] not in METHODS:
                error = RequestError(HTTPStatus.NOT_IMPLEMENTED, f"Unsupported method ({scope['method']!r})")
                await send_json(closing_send, error.status, json_bytes(error.body()))
            elif (scope["method"], scope["path"]) in self.bodies:
                await self._with_body(scope, receive, closing_send)
            elif scope["method"] in ("POST", "PUT", "PATCH"):
                await self._without_body(scope, receive, closing_send)
            else:
                await self.app(scope, receive, closing_send)
        except Gone:
            log.info("%s went away before its answer", _client(scope))
            return
        log.info(
            '%s "%s %s" %d %.1f ms',
            _client(scope),
            scope["method"],
            scope["path"],
            status[0],
            (time.monotonic() - started) * 1000,
        )

    async def _with_body(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = scope.setdefault("state", {})
        deadline = state.get(DEADLINE, time.monotonic() + self.limits.timeout)
        try:
            body = await self._read(scope, receive, deadline)
            state[PARSED] = parse_json(body)
        except RequestError as exc:
            await send_json(send, exc.status, json_bytes(exc.body()))
            return
        # Every body is JSON whatever its Content-Type says (so `curl -d` works): tell the app so.
        scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"content-type"]
        scope["headers"].append((b"content-type", b"application/json"))
        watch = asyncio.ensure_future(_wait_disconnect(receive))
        state[GONE] = watch
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await asyncio.shield(watch)

        try:
            await self.app(scope, replay, send)
        finally:
            watch.cancel()

    async def _without_body(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A body sent to a route that takes none (``POST /v1/rules``, ``POST /nowhere``): the app's answer (404 or
        405 naming the methods), not 411, 413 or 400 for the body. A declared body is read within the limits and
        dropped, so the client sees that answer rather than a reset."""
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"")
        if b"transfer-encoding" not in headers and declared.isdigit() and 0 < int(declared) <= DRAIN_LIMIT:
            deadline = scope.setdefault("state", {}).get(DEADLINE, time.monotonic() + self.limits.timeout)
            with contextlib.suppress(TimeoutError):  # answer anyway: the connection is closed after it
                await _receive_body(receive, deadline, None)

        async def nothing() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        await self.app(scope, nothing, send)

    async def _read(self, scope: Scope, receive: Receive, deadline: float) -> bytes:
        """The whole body, exactly as long as its ``Content-Length``, before ``deadline``."""
        headers = dict(scope["headers"])
        if b"transfer-encoding" in headers:
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length, not chunked")
        declared = headers.get(b"content-length")
        if declared is None:
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "a Content-Length header is required")
        length = int(declared) if declared.isdigit() else -1
        if length < 0:
            raise RequestError(HTTPStatus.BAD_REQUEST, "invalid Content-Length header")
        too_large = length > self.limits.max_body
        if too_large and length > DRAIN_LIMIT:
            raise _too_large(length, self.limits.max_body)
        chunks: list[bytes] = []
        try:
            await _receive_body(receive, deadline, None if too_large else chunks)
        except TimeoutError:
            raise RequestError(HTTPStatus.REQUEST_TIMEOUT, "the request took too long to arrive") from None
        if too_large:
            raise _too_large(length, self.limits.max_body)
        return b"".join(chunks)


async def _receive_body(receive: Receive, deadline: float, chunks: list[bytes] | None) -> None:
    """Receive a request's body to its end, its pieces kept in ``chunks`` (dropped where None): ``TimeoutError``
    when it is not all in by ``deadline``, :class:`Gone` when the client goes away."""
    more = True
    while more:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        message = await asyncio.wait_for(receive(), remaining)
        if message["type"] == "http.disconnect":
            raise Gone
        if chunks is not None:
            chunks.append(message.get("body", b""))
        more = message.get("more_body", False)


def _too_large(length: int, limit: int) -> RequestError:
    return RequestError(
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"body of {length} bytes is over the limit of {limit} bytes"
    )


async def _wait_disconnect(receive: Receive) -> Message:
    """Wait for the client to go away (a request's body is all in: the next message is the disconnect)."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return message


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "-"
