"""What the FastAPI service adds over the plain JSON API: batches through ``lint_many`` (the rules that compare
replies run), files through the file pipeline, the OpenAPI schema from the library's models, the rule
reference, the page's files served by the package, and ``--workers`` processes."""

from __future__ import annotations

import http.client
import json
import re
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from uvicorn.config import STARTUP_FAILURE

from conftest import make_server, serve_process, serving, session_alive
from replylint import Linter
from replylint.config import Config
from replylint.files import lint_source
from replylint.models import LintRequest
from replylint.service.app import JSONBodyRoute, body_routes, create_app
from replylint.service.client import RemoteLinter
from replylint.service.limits import Limits
from replylint.service.runner import Server, worker_app
from replylint.workers import LintPool

REPLY = "We are sorry for the trouble. Please send us your order number and we will look into it."
COMPLAINTS = ["The parcel never came.", "You billed me twice!"]


@pytest.fixture(scope="module")
def server(linter: Linter) -> Iterator[Server]:
    with serving(make_server(linter, "127.0.0.1", 0, lint_workers=1)) as srv:
        yield srv


def _call(srv: Server, method: str, path: str, body: Any = None) -> tuple[int, bytes, http.client.HTTPResponse]:
    conn = http.client.HTTPConnection(*srv.server_address, timeout=30)
    try:
        conn.request(method, path, body=None if body is None else json.dumps(body).encode())
        response = conn.getresponse()
        return response.status, response.read(), response
    finally:
        conn.close()


def test_a_batch_runs_the_rules_that_compare_replies(server: Server, linter: Linter) -> None:
    items = [{"text": REPLY, "context": c} for c in COMPLAINTS]
    status, body, _ = _call(server, "POST", "/v1/lint-batch", {"items": items})
    expected = linter.lint_many([LintRequest(text=REPLY, context=c) for c in COMPLAINTS])
    assert status == 200
    assert json.loads(body) == [r.model_dump(mode="json") for r in expected]
    assert [sum(f["code"] == "RL712" for f in r["findings"]) for r in json.loads(body)] == [0, 1]


def test_a_file_goes_through_the_file_pipeline(server: Server, linter: Linter) -> None:
    template = "{# replylint: disable=RL201 #}\nHi {{ name }}, this is your fault!!!\n"
    status, body, _ = _call(server, "POST", "/v1/lint-file", {"name": "macros/late.j2", "content": template})
    assert status == 200
    report = json.loads(body)
    assert report == lint_source(template, name="macros/late.j2", linter=linter).model_dump(mode="json")
    codes = {f["code"] for f in report["findings"]}
    assert "RL201" not in codes and "RL101" in codes  # the directive holds, as in `replylint check`
    assert report["findings"][0]["line"] == 2
    status, body, _ = _call(server, "POST", "/v1/lint-file", {"name": "a.txt"})
    assert (status, json.loads(body)["field"]) == (422, "content")
    status, body, _ = _call(server, "POST", "/v1/lint-file", {"name": "a", "content": "x: y", "format": "yamll"})
    assert (status, json.loads(body)["field"]) == (422, "format")
    assert json.loads(body)["error"].startswith("no reader for format 'yamll': one of ")
    status, body, _ = _call(server, "POST", "/v1/lint-file", {"name": "a.txt", "content": "Hi\u0000\u0001there"})
    assert (status, json.loads(body)["error"]) == (200, "binary file (contains NUL bytes)")  # as `check` skips it


def test_openapi_describes_the_library_models(server: Server) -> None:
    status, body, _ = _call(server, "GET", "/openapi.json")
    schema = json.loads(body)
    assert status == 200
    assert {"/healthz", "/v1/lint", "/v1/lint-batch", "/v1/lint-file", "/v1/rules"} <= set(schema["paths"])
    lint = schema["paths"]["/v1/lint"]["post"]
    assert lint["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/LintRequest")
    assert lint["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Report")
    components = schema["components"]["schemas"]
    assert {"Report", "Finding", "Fix", "FileReport", "LintBatch", "LintFileRequest"} <= set(components)
    assert _call(server, "GET", "/docs")[0] == 200


def test_the_lint_routes_are_listed_as_served(linter: Linter) -> None:
    """The body routes the limits middleware parses bodies for are read from the app's routes (the lint routes are
    there with their own route class), not from state the app keeps beside them."""
    pool = LintPool(linter, 1)
    try:
        app = create_app(linter, pool, 5.0)
        served = {route.path: route for route in app.routes if isinstance(route, JSONBodyRoute)}
        assert set(served) == {"/v1/lint", "/v1/lint-batch", "/v1/lint-file"}
        assert body_routes(app) == {("POST", path) for path in served}
        assert not hasattr(app.state, "body_routes")
    finally:
        pool.close()


def test_rule_reference_and_page_files(server: Server) -> None:
    status, body, response = _call(server, "GET", "/rules/rl201")
    assert status == 200 and body.decode().startswith("RL201 blaming-phrase")
    assert response.getheader("Content-Type", "").startswith("text/plain")
    status, body, _ = _call(server, "GET", "/rules/RL999")
    assert (status, json.loads(body)["field"]) == (404, "code")
    codes = [rule["code"] for rule in json.loads(_call(server, "GET", "/v1/rules")[1])]
    assert "RL201" in codes and codes == sorted(codes)
    status, page, _ = _call(server, "GET", "/")
    assert status == 200 and b'"max_counted": 2' in page
    for asset in re.findall(rb'(?:src|href)="([^"]+)"', page):
        assert asset.startswith(b"/static/"), asset  # everything from the package: no CDN
        assert _call(server, "GET", asset.decode())[0] == 200


def test_a_reply_the_linter_refuses_is_422(tmp_path: Path) -> None:
    with serving(make_server(Linter(Config(max_reply_chars=50)), "127.0.0.1", 0, lint_workers=1)) as srv:
        status, body, _ = _call(srv, "POST", "/v1/lint", {"text": "x" * 51})
        assert status == 422 and json.loads(body)["field"] == "text"


def test_serve_with_two_workers(tmp_path: Path) -> None:
    """``--workers 2``: two uvicorn processes on one port, each answering with its own linter; SIGTERM stops all."""
    with serve_process(["--workers", "2", "--lint-workers", "1"], tmp_path) as (proc, url):
        report = RemoteLinter(url).lint("This is your fault.")
        assert [f.code for f in report.findings][:1] == ["RL201"]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
        assert not session_alive(proc.pid)


def test_a_worker_that_cannot_build_its_linter_is_a_failed_start(capsys: pytest.CaptureFixture[str]) -> None:
    """uvicorn's supervisor restarts a worker that exits any other way, for ever."""
    with pytest.raises(SystemExit) as ended:
        worker_app(Config(ignore=["RL999"]), Limits())
    assert ended.value.code == STARTUP_FAILURE
    error = "replylint: configuration error: <config>: ignore: 'RL999' matches no rule code, name or category\n"
    assert capsys.readouterr().err == error
