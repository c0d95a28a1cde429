"""The uvicorn HTTP protocol with the service's connection limits: at most ``max_connections`` connections at
once (the next is answered 503 at once and closed), a deadline for the whole request however slowly it drips
(a client still sending its line or headers then is dropped; the body's part is :class:`~.limits.BodyLimits`'s
408), and the answer to a garbled request as JSON, like every other answer."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from replylint.service.limits import DEADLINE, METHODS, Limits, json_bytes, log

_BUSY = json_bytes({"error": "too many connections; retry shortly", "field": None})
_BUSY_RESPONSE = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
    b"Retry-After: 1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(_BUSY), _BUSY)
)


_REQUEST_LINE = re.compile(rb"([A-Z][A-Z-]{0,19}) \S+ HTTP/1\.[01]\r?\n")


class LimitedProtocol(HttpToolsProtocol):
    """uvicorn's protocol on the httptools parser (C, the fastest uvicorn offers), held to
    :class:`~.limits.Limits` (passed as ``limits=``)."""

    def __init__(self, *args: Any, limits: Limits, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits
        self._expiry: asyncio.TimerHandle | None = None
        self._busy = False
        self._start = b""  # the first bytes received: the request line of a request the parser refuses

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        if len(self.connections) >= self.limits.max_connections:
            self.transport = transport
            peer = transport.get_extra_info("peername")
            log.info("%s refused: too many connections", peer[0] if peer else "-")
            # Answer, then half-close: the request it still sends is read and dropped (closing a socket with
            # unread bytes would reset the connection, and the client could lose the answer).
            self._busy = True
            transport.write(_BUSY_RESPONSE)
            transport.write_eof()
            self._expiry = self.loop.call_later(self.limits.timeout, transport.close)
            return
        super().connection_made(transport)
        deadline = time.monotonic() + self.limits.timeout
        self.app_state = {**self.app_state, DEADLINE: deadline}
        self._expiry = self.loop.call_later(self.limits.timeout, self._expire)

    def data_received(self, data: bytes) -> None:
        if not self._busy:
            self._start = self._start or data[:100]
            super().data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
        super().connection_lost(exc)

    def _expire(self) -> None:
        """The request's deadline: a client whose request line or headers are not all in yet is dropped."""
        if self.cycle is None and not self.transport.is_closing():
            log.info("%s dropped: the request took too long to arrive", self.client[0] if self.client else "-")
            self.transport.close()

    def send_400_response(self, msg: str) -> None:
        """A request the parser refuses, as JSON like every other answer, then close: 501 for a well-formed
        request line with a method the parser does not know (``BREW / HTTP/1.1``), else 400."""
        line = _REQUEST_LINE.match(self._start)
        if line and line[1].decode() not in METHODS:
            error = {"error": f"Unsupported method ({line[1].decode()!r})", "field": None}
            status = b"501 Not Implemented"
        else:
            error, status = {"error": "invalid HTTP request", "field": None}, b"400 Bad Request"
        body = json_bytes(error)
        self.transport.write(
            b"HTTP/1.1 %s\r\nContent-Type: application/json; charset=utf-8\r\n"
            b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (status, len(body), body)
        )
        self.transport.close()
