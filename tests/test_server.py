"""The HTTP service over a real loopback socket, and the ``check --server`` client."""

from __future__ import annotations

import http.client
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from conftest import make_server, serve_process, serving
from replylint import Linter
from replylint.cli import main
from replylint.service.client import RemoteLinter, ServiceError
from replylint.service.runner import Server as LintServer

MAX_BODY = 4096
RU_BAD = "Это ваша вина!!!"
EN_BAD = "This is your fault!!!"
CLEAN = "Thank you for the kind words, see you soon."


@pytest.fixture(scope="module")
def server(linter: Linter) -> Iterator[LintServer]:
    """A server on an ephemeral port, stopped in teardown."""
    with serving(make_server(linter, "127.0.0.1", 0, max_body=MAX_BODY, timeout=1.0)) as srv:
        yield srv


def _request(
    srv: LintServer, method: str, path: str, body: Any = None, raw: bytes | None = None
) -> tuple[int, Any, http.client.HTTPResponse]:
    host, port = srv.server_address[:2]
    conn = http.client.HTTPConnection(str(host), port, timeout=5)
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    try:
        conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        payload = json.loads(response.read())
    finally:
        conn.close()
    return response.status, payload, response


def _raw(srv: LintServer, data: bytes) -> tuple[int, dict[str, Any]]:
    """Send bytes as they are; the status and JSON body of the answer."""
    with socket.create_connection(srv.server_address[:2], timeout=5) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def test_health(server: LintServer, linter: Linter) -> None:
    status, body, response = _request(server, "GET", "/healthz")
    assert status == 200
    assert body == {"status": "ok", "rules": len(linter.rules)}
    assert response.getheader("Content-Type") == "application/json; charset=utf-8"


def test_health_answers_head_as_a_probe_may_ask(server: LintServer) -> None:
    # Load balancers and uptime monitors probe with HEAD; it was 405 "takes GET".
    with socket.create_connection(server.server_address[:2], timeout=5) as sock:
        sock.sendall(b"HEAD /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 ") and body == b""
    assert b"content-type: application/json; charset=utf-8" in head.lower()
    status, _, response = _request(server, "POST", "/healthz", {})
    assert status == 405 and response.getheader("Allow") is not None and "GET" in response.getheader("Allow", "")


def test_lint_returns_the_report(server: LintServer, linter: Linter) -> None:
    request = {"text": RU_BAD, "language": "ru", "channel": "chat", "context": "Курьер опоздал на два часа."}
    status, body, _ = _request(server, "POST", "/v1/lint", request)
    assert status == 200
    expected = linter.lint(RU_BAD, "ru", "chat", "Курьер опоздал на два часа.")
    assert body == expected.model_dump(mode="json")
    assert {f["code"] for f in body["findings"]} >= {"RL201", "RL101"}
    assert body["channel"] == "chat" and body["context"]["source"] == "context"


def test_lint_batch_takes_items_or_a_list(server: LintServer, linter: Linter) -> None:
    items = [{"text": EN_BAD}, {"text": CLEAN, "channel": "review"}]
    expected = [
        linter.lint(EN_BAD).model_dump(mode="json"),
        linter.lint(CLEAN, channel="review").model_dump(mode="json"),
    ]
    assert _request(server, "POST", "/v1/lint-batch", {"items": items})[:2] == (200, expected)
    assert _request(server, "POST", "/v1/lint-batch", items)[:2] == (200, expected)
    assert _request(server, "POST", "/v1/lint-batch", [])[:2] == (200, [])


def test_bad_json_is_400(server: LintServer) -> None:
    status, body, _ = _request(server, "POST", "/v1/lint", raw=b'{"text": ')
    assert status == 400
    assert body["error"].startswith("invalid JSON") and body["field"] is None
    status, body, _ = _request(server, "POST", "/v1/lint", raw="не json".encode("cp1251"))
    assert status == 400


@pytest.mark.parametrize(
    ("path", "payload", "field", "error"),
    [
        ("/v1/lint", {"language": "ru"}, "text", "is required"),
        ("/v1/lint", {"text": 42}, "text", "must be a string"),
        ("/v1/lint", {"text": "Hi.", "channel": "fax"}, "channel", "must be one of review, social, chat, email"),
        ("/v1/lint", {"text": "Hi.", "language": "de"}, "language", "must be one of ru, en, mixed"),
        ("/v1/lint", {"text": "Hi.", "context": ["a"]}, "context", "must be a string or null"),
        ("/v1/lint", {"text": "Hi.", "template": "yes"}, "template", "must be true or false"),
        ("/v1/lint", {"text": "Hi.", "template": 1}, "template", "must be true or false"),
        ("/v1/lint", {"text": "Hi.", "chanel": "chat"}, "chanel", "unknown field"),
        ("/v1/lint", ["Hi."], None, "must be a JSON object"),
        ("/v1/lint-batch", {"items": [{"text": "Hi."}, {"text": None}]}, "items[1].text", "is required"),
        ("/v1/lint-batch", {"items": "Hi."}, "items", "must be a list"),
        ("/v1/lint-batch", ["Hi."], "items[0]", "must be a JSON object"),
        ("/v1/lint-batch", [{"text": "Hi.", "template": "true"}], "items[0].template", "must be true or false"),
    ],
)
def test_bad_fields_are_422_naming_the_field(
    server: LintServer, path: str, payload: Any, field: str | None, error: str
) -> None:
    status, body, _ = _request(server, "POST", path, payload)
    assert status == 422
    assert body["field"] == field
    assert body["error"].startswith(error)


def test_too_large_body_is_413(server: LintServer) -> None:
    status, body, _ = _request(server, "POST", "/v1/lint", {"text": "x" * MAX_BODY})
    assert status == 413
    assert f"over the limit of {MAX_BODY} bytes" in body["error"]
    # a huge declared length is refused before any of the body is read
    head = b"POST /v1/lint HTTP/1.1\r\nHost: t\r\nContent-Length: 999999999\r\n\r\n"
    assert _raw(server, head)[0] == 413


def test_missing_length_slow_body_and_http_errors(server: LintServer) -> None:
    assert _raw(server, b"POST /v1/lint HTTP/1.1\r\nHost: t\r\n\r\n")[0] == 411
    chunked = b"POST /v1/lint HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
    assert _raw(server, chunked)[0] == 411
    started = time.monotonic()
    status, body = _raw(server, b"POST /v1/lint HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n{")
    assert status == 408 and time.monotonic() - started < 4
    status, body = _raw(server, b"BREW /healthz HTTP/1.1\r\nHost: t\r\n\r\n")  # errors of the HTTP layer are JSON too
    assert status == 501 and body == {"error": "Unsupported method ('BREW')", "field": None}


def test_unknown_path_and_wrong_method(server: LintServer) -> None:
    assert _request(server, "GET", "/v2/lint")[0] == 404
    status, body, response = _request(server, "GET", "/v1/lint")
    assert (status, response.getheader("Allow"), body["error"]) == (405, "POST", "/v1/lint takes POST")
    assert _request(server, "POST", "/healthz", {})[0] == 405
    assert _request(server, "DELETE", "/v1/lint-batch")[0] == 405


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("POST", "/v1/rules", 405),
        ("POST", "/rules/RL201", 405),
        ("POST", "/healthz", 405),
        ("PUT", "/v1/lint", 405),
        ("PATCH", "/v1/lint-file", 405),
        ("POST", "/", 405),
        ("POST", "/v2/lint", 404),
    ],
)
def test_a_route_that_takes_no_body_answers_404_or_405_whatever_the_body(
    server: LintServer, method: str, path: str, status: int
) -> None:
    # The body was read and parsed before routing: no body was 411, a bad one 400 and a large one 413, where the
    # docs promise 405 (with Allow) for a wrong method and 404 for an unknown path.
    head = f"{method} {path} HTTP/1.1\r\nHost: t\r\n".encode()
    bodies = [b"", b'Content-Length: 9\r\n\r\n{"text": ', f"Content-Length: {MAX_BODY * 4}\r\n\r\n".encode()]
    for body in bodies:
        data = head + (body if body else b"\r\n") + (b"x" * MAX_BODY * 4 if body.endswith(b"\r\n\r\n") else b"")
        answer, error = _raw(server, data)
        assert answer == status, (body, error)
        assert error["error"].startswith(f"{path} takes " if status == 405 else "no endpoint")
    status, _, response = _request(server, method, path)
    assert status == 405 or response.getheader("Allow") is None
    assert _raw(server, b"POST /v1/lint/ HTTP/1.1\r\nHost: t\r\n\r\n")[0] == 411  # a lint route still needs one


def test_an_unknown_path_names_every_endpoint(server: LintServer) -> None:
    status, payload, _ = _request(server, "GET", "/v2/rules")
    assert status == 404
    assert payload["error"].startswith("no endpoint /v2/rules; see ")
    for endpoint in ("GET /healthz", "POST /v1/lint", "POST /v1/lint-batch", "POST /v1/lint-file", "GET /v1/rules"):
        assert endpoint in payload["error"], payload["error"]


def test_concurrent_requests(server: LintServer, linter: Linter) -> None:
    texts = [EN_BAD, RU_BAD, CLEAN, "Ожидайте."] * 16
    expected = {text: linter.lint(text).model_dump(mode="json") for text in set(texts)}

    def call(text: str) -> tuple[str, int, Any]:
        status, body, _ = _request(server, "POST", "/v1/lint", {"text": text})
        return text, status, body

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(call, texts, timeout=30))
    assert len(answers) == len(texts)
    for text, status, body in answers:
        assert status == 200 and body == expected[text]


def test_remote_linter_returns_the_same_report(server: LintServer, linter: Linter) -> None:
    remote = RemoteLinter(server.url + "/")
    for text in (EN_BAD, RU_BAD, CLEAN):
        assert remote.lint(text, channel="email") == linter.lint(text, channel="email")
    with pytest.raises(ServiceError, match="not an http"):
        RemoteLinter("ftp://example.org")


_CLIENT = """
import sys
from replylint.cli import main
code = main(sys.argv[1:])
heavy = [m for m in ("spacy", "pymorphy3", "replylint.engine", "replylint.analysis") if m in sys.modules]
print("HEAVY=" + ",".join(heavy), file=sys.stderr)
sys.exit(code)
"""


def _client(args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _CLIENT, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_check_server_prints_and_exits_like_a_local_check(
    server: LintServer,
    fmt: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    context = tmp_path / "msg.txt"
    context.write_text("My parcel never arrived.", encoding="utf-8")
    args = ["check", "-", "--format", fmt, "--channel", "chat", "--context-file", str(context)]
    remote = _client([*args, "--server", server.url], EN_BAD)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EN_BAD.encode())))
    local_code = main(args)
    local_out = capsys.readouterr().out
    assert remote.returncode == local_code == 1
    assert remote.stdout == local_out
    assert "HEAVY=\n" in remote.stderr  # the client never loads the analysis pipeline


def test_check_server_clean_reply_and_unreachable_service(server: LintServer) -> None:
    clean = _client(["check", "--server", server.url, "-"], CLEAN)
    assert (clean.returncode, clean.stdout) == (0, "All checks passed.\n")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    down = _client(["check", "--server", closed, "-"], CLEAN)
    assert down.returncode == 2
    assert f"replylint: cannot reach the service at {closed}" in down.stderr


def test_serve_command_shuts_down_gracefully_on_sigterm(tmp_path: Path) -> None:
    """``replylint serve`` answers once it says so, finishes a request in flight after SIGTERM, exits 0."""
    with serve_process(["--timeout", "5"], tmp_path) as (proc, url):
        assert RemoteLinter(url).lint(CLEAN).findings == []
        host, port = url.removeprefix("http://").split(":")
        body = json.dumps({"text": EN_BAD}).encode()
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(b"POST /v1/lint HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n" % len(body) + body[:5])
            time.sleep(0.2)  # the request is in flight
            proc.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            sock.sendall(body[5:])
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 200 OK")
        assert b'"RL201"' in answer
        assert proc.wait(timeout=60) == 0


def test_positions_of_a_reply_are_the_same_on_every_path(
    server: LintServer, linter: Linter, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # \r\n, \r, U+2028 and U+2029 end a line; a form feed, a vertical tab, U+001C and U+0085 end none, on every path.
    breaks = ["\r\n", "\r", "\f", "\v", "\x1c", "\x85", "\u2028", "\u2029"]
    text = "Thanks for waiting." + "".join(f"{b}It is YOUR FAULT!!! {i}" for i, b in enumerate(breaks)) + "\n"

    def placed(findings: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        keys = ("code", "start", "end", "line", "column", "end_line", "end_column")
        return sorted(tuple(f[k] for k in keys) for f in findings)

    def check(*args: str) -> list[tuple[Any, ...]]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode()), newline=""))
        main(["check", "-", "--format", "json", *args])
        return placed(json.loads(capsys.readouterr().out))

    api = placed([f.model_dump() for f in linter.lint(text).findings])
    status, served, _ = _request(server, "POST", "/v1/lint", {"text": text})
    assert status == 200
    assert placed(served["findings"]) == api
    assert check() == check("--server", server.url) == api
    assert {p[3] for p in api if p[0] == "RL110"} == {2, 3, 4, 5}  # the breaks that end a line, and only those
