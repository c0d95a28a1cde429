"""The uvicorn HTTP protocol with the service's connection limits: at most ``max_connections`` connections at
once (the next is answered 503 at once and closed), a deadline for the whole request however slowly it drips
(a client still sending its line or headers then is dropped; the body's part is :class:`~.limits.BodyLimits`'s
408), and the answer to a garbled request as JSON, like every other answer."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from replylint.service.limits import DEADLINE, Limits, json_bytes, log

_BUSY = json_bytes({"error": "too many connections; retry shortly", "field": None})
_BUSY_RESPONSE = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
    b"Retry-After: 1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(_BUSY), _BUSY)
)


class LimitedProtocol(H11Protocol):
    """uvicorn's h11 protocol, held to :class:`~.limits.Limits` (passed as ``limits=``)."""

    def __init__(self, *args: Any, limits: Limits, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits
        self._expiry: asyncio.TimerHandle | None = None
        self._busy = False

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
        """A garbled request line or headers: 400 with a JSON body, then close."""
        body = json_bytes({"error": "invalid HTTP request", "field": None})
        headers = [(b"content-type", b"application/json; charset=utf-8"), (b"connection", b"close")]
        self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers, reason=b"Bad Request")))
        self.transport.write(self.conn.send(h11.Data(data=body)) or b"")
        self.transport.write(self.conn.send(h11.EndOfMessage()) or b"")
        self.transport.close()
