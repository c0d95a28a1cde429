"""The service under abuse, over real loopback sockets: dripping clients, hostile bodies, garbage, resets.

Every loop here is bounded and talks to 127.0.0.1 only; each test stops by itself within a few seconds.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import make_server, serving, worker_pids
from replylint import Linter
from replylint.service.runner import Server as LintServer

PROSE = "Thank you for your patience. We checked the order and the courier brings it tomorrow morning. "


def _server(linter: Linter, **limits: Any) -> LintServer:
    return make_server(linter, "127.0.0.1", 0, **limits)


@pytest.fixture
def server(linter: Linter) -> Iterator[LintServer]:
    with serving(_server(linter, timeout=1.5, max_body=256 * 1024, budget=2.0)) as srv:
        yield srv


def _address(srv: LintServer) -> tuple[str, int]:
    host, port = srv.server_address[:2]
    return str(host), int(port)


def _exchange(srv: LintServer, data: bytes, timeout: float = 10) -> bytes:
    """Send bytes as they are and read until the server closes."""
    with socket.create_connection(_address(srv), timeout=timeout) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def _post(srv: LintServer, body: bytes, path: str = "/v1/lint") -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: t\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    return _exchange(srv, head + body)


def _health_ms(srv: LintServer) -> float:
    started = time.perf_counter()
    conn = http.client.HTTPConnection(*_address(srv), timeout=5)
    try:
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        assert response.status == 200 and json.loads(response.read())["status"] == "ok"
    finally:
        conn.close()
    return (time.perf_counter() - started) * 1000


@pytest.mark.parametrize(
    "request_line",
    [
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
        b"GARBAGE\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
    ],
)
def test_garbage_request_lines_get_a_400_with_a_status_line(server: LintServer, request_line: bytes) -> None:
    answer = _exchange(server, request_line)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ") or head.startswith(b"HTTP/1.1 505 ")
    assert set(json.loads(body)) == {"error", "field"}


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"[" * 100_000, "invalid JSON: nested too deeply"),
        (b'{"text": ' + b"9" * 100_000 + b"}", "invalid JSON: Exceeds the limit"),
        (b'{"text": "Hi", "template": NaN}', "invalid JSON: NaN is not a JSON value"),
        (b"\xff" * 100_000, "invalid JSON"),
        # A proxy or client library in front may read the first of two equal keys where json.loads keeps the last.
        (b'{"text": "Thanks.", "text": "Your fault!!!"}', "invalid JSON: duplicate key 'text'"),
        (b'{"items": [{"text": "Hi", "channel": "chat", "channel": "review"}]}', "invalid JSON: duplicate key"),
    ],
)
def test_hostile_bodies_are_400(server: LintServer, body: bytes, error: str) -> None:
    head, _, payload = _post(server, body).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert json.loads(payload)["error"].startswith(error)


def test_a_client_dripping_its_headers_is_dropped_at_the_deadline(server: LintServer) -> None:
    started = time.monotonic()
    with socket.create_connection(_address(server), timeout=10) as sock:
        closed = False
        for byte in b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: " + b"a" * 100:
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                closed = True
                break
            time.sleep(0.1)
            if time.monotonic() - started > 5:
                break
        if not closed:
            sock.settimeout(5)
            try:
                closed = sock.recv(1024) == b""
            except OSError:
                closed = True
    assert closed
    # dropped at the whole-request deadline (1.5 s), not by a per-read timeout: that would wait until the client
    # stopped dripping at 5 s; a bound with room for a loaded machine that still tells the two apart
    assert time.monotonic() - started < 4.5


def test_connections_over_the_cap_get_503_at_once(linter: Linter) -> None:
    with serving(_server(linter, timeout=2.0, max_connections=3)) as srv:
        held = [socket.create_connection(_address(srv), timeout=5) for _ in range(3)]
        time.sleep(0.2)
        started = time.monotonic()
        answer = _exchange(srv, b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        # at once: before the held connections' 2 s timeout could have freed a slot (then it would be a 200)
        assert answer.startswith(b"HTTP/1.1 503 ") and time.monotonic() - started < 2.0
        assert json.loads(answer.partition(b"\r\n\r\n")[2])["error"].startswith("too many connections")
        for sock in held:
            sock.close()
        time.sleep(0.3)
        assert _health_ms(srv) < 1000


def test_a_batch_stops_when_its_budget_is_spent(linter: Linter) -> None:
    with serving(_server(linter, timeout=5.0, budget=0.3, max_body=4 * 1024 * 1024)) as srv:
        items = json.dumps({"items": [{"text": PROSE * 40}] * 200}).encode()
        started = time.monotonic()
        head, _, body = _post(srv, items, "/v1/lint-batch").partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 503 ")
        assert "budget of 0.3 s" in json.loads(body)["error"]
        assert time.monotonic() - started < 3


def test_work_stops_when_the_client_has_gone(linter: Linter) -> None:
    with serving(_server(linter, timeout=5.0, budget=600.0, lint_workers=1, max_body=8 * 1024 * 1024)) as srv:
        before = worker_pids(srv.pool)
        items = json.dumps([{"text": (PROSE * 1100)[:100_000]}] * 50).encode()  # tens of seconds of linting
        with socket.create_connection(_address(srv), timeout=5) as sock:
            sock.sendall(b"POST /v1/lint-batch HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n" % len(items) + items)
            time.sleep(0.5)
        deadline = time.monotonic() + 30  # waits on the replacement, not on a fixed time: room for a loaded machine
        while worker_pids(srv.pool) & before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert worker_pids(srv.pool) and not worker_pids(srv.pool) & before  # its worker was killed, and replaced
        status, _, body = _post(srv, json.dumps({"text": "This is your fault."}).encode()).partition(b"\r\n\r\n")
        assert status.startswith(b"HTTP/1.1 200") and b"RL201" in body


def test_a_reset_connection_logs_no_traceback(server: LintServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="replylint.service")
    for _ in range(5):
        sock = socket.create_connection(_address(server), timeout=5)
        sock.sendall(b"POST /v1/lint HTTP/1.1\r\nHost: t\r\nContent-Length: 50\r\n\r\n{")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close sends RST
        sock.close()
    time.sleep(0.5)
    assert _health_ms(server) < 1000
    assert not [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]


class _Drippers:
    """``count`` clients that each send one header byte every ``every`` seconds, reconnecting when dropped."""

    def __init__(self, address: tuple[str, int], count: int, every: float) -> None:
        self.address, self.count, self.every = address, count, every
        self.stop = threading.Event()
        self.connected = threading.Event()
        self.drops = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _connect(self) -> socket.socket:
        sock = socket.create_connection(self.address, timeout=5)
        sock.setblocking(False)
        return sock

    def _run(self) -> None:
        socks = [self._connect() for _ in range(self.count)]
        self.connected.set()
        while not self.stop.wait(self.every):
            for i, sock in enumerate(socks):
                try:
                    sock.send(b"G")
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:  # dropped by the server: come back, as an attacker would
                    sock.close()
                    self.drops += 1
                    socks[i] = self._connect()
        for sock in socks:
            sock.close()


def _hostile_bodies(address: tuple[str, int], stop: threading.Event, statuses: list[bytes]) -> None:
    """Four clients that keep a 100 KB hostile body each in flight until ``stop``."""
    bodies = [
        json.dumps({"text": "!" * 100_000}).encode(),  # hours of tokenizer work before analysis became linear
        json.dumps({"text": "{%" * 50_000}).encode(),
        b"[" * 100_000,
        json.dumps({"text": (PROSE * 1100)[:100_000]}).encode(),  # a long real reply: real work for the linter
    ]

    def send(body: bytes) -> None:
        head = f"POST /v1/lint HTTP/1.1\r\nHost: t\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        while not stop.is_set():
            try:
                with socket.create_connection(address, timeout=10) as sock:
                    sock.sendall(head + body)
                    answer = sock.recv(12)
            except OSError as exc:
                answer = type(exc).__name__.encode()
            statuses.append(answer)
            stop.wait(0.05)

    workers = [threading.Thread(target=send, args=(body,), daemon=True) for body in bodies]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)


def abuse(host: str, port: int, seconds: float) -> None:
    """Run 200 dripping clients and four hostile bodies against the service for ``seconds``, from a process
    of their own (as attackers are): print ``ready`` once they all are connected, then their counts as JSON."""
    drippers = _Drippers((host, port), 200, 0.5)
    stop = threading.Event()
    statuses: list[bytes] = []
    hostile = threading.Thread(target=_hostile_bodies, args=((host, port), stop, statuses), daemon=True)
    drippers.thread.start()
    hostile.start()
    while not drippers.connected.is_set():
        time.sleep(0.01)
    print("ready", flush=True)
    time.sleep(seconds)
    stop.set()
    drippers.stop.set()
    drippers.thread.join(timeout=10)
    hostile.join(timeout=30)
    print(json.dumps({"drops": drippers.drops, "statuses": sorted({s.decode("latin-1") for s in statuses})}))


def test_health_answers_while_under_abuse(linter: Linter) -> None:
    with serving(_server(linter, timeout=1.0, max_body=256 * 1024, budget=1.0)) as srv:
        host, port = _address(srv)
        script = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import test_hostile_server as t; "
        attackers = subprocess.Popen(
            [sys.executable, "-c", script + f"t.abuse({host!r}, {port}, 4.0)"], stdout=subprocess.PIPE, text=True
        )
        try:
            assert attackers.stdout is not None and attackers.stdout.readline().strip() == "ready"
            time.sleep(1.0)  # the drippers have been dropped and are back, the hostile bodies are in flight
            timings = []
            for _ in range(40):
                timings.append(_health_ms(srv))
                time.sleep(0.05)
            outcome = json.loads(attackers.communicate(timeout=60)[0])
        finally:
            if attackers.poll() is None:
                attackers.kill()
    timings.sort()
    assert outcome["drops"] >= 150  # dropped at the deadline of their request (1 s), not kept open
    # Every hostile body gets an answer, not a timeout or a reset: linted (200), refused (400), or 503 when its
    # budget is spent. Whether a 100 KB body fits in the 1 s budget depends on the machine's load (under a load
    # average of 9 on two cores none did); that linting is linear is test_hostile.py's to show, by CPU time.
    assert outcome["statuses"] and set(outcome["statuses"]) <= {"HTTP/1.1 200", "HTTP/1.1 400", "HTTP/1.1 503"}
    # Every probe is answered, and the median within 250 ms: before the lint workers, one 100 KB reply of "!" held
    # every request for minutes. On a quiet machine the median is a few milliseconds; the bound leaves room for a
    # shared 2-core machine under a load average of 12-20, where a 50 ms bound failed with no fault in the service.
    median, ninetieth = timings[len(timings) // 2], timings[len(timings) * 9 // 10]
    report = f"/healthz: median {median:.1f} ms, 90th percentile {ninetieth:.1f} ms, worst {timings[-1]:.1f} ms"
    assert median < 250 and timings[-1] < 2_000, report
