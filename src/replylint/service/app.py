"""The FastAPI app: the JSON API over a :class:`~replylint.workers.LintPool`, the rule reference, and the review
page (static files of this package). Request bodies are :mod:`.requests`' models and answers are the library's
:class:`~replylint.models.Report`, so ``/openapi.json`` and ``/docs`` describe exactly what is served.

The lint routes are documented by FastAPI from their signatures but served leanly (:class:`JSONBodyRoute`): the
body, already parsed by :class:`~.limits.BodyLimits`, is validated by pydantic-core in one call, and the request's
JSON goes to a lint worker as received, whose report's JSON is the answer as it comes back."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from replylint.engine import Linter
from replylint.files import FileReport
from replylint.models import LintRequest, Report
from replylint.ruleinfo import RuleInfo
from replylint.ruleinfo import rule_infos as _rule_infos
from replylint.scoring import MAX_COUNTED, PENALTY
from replylint.service.limits import GONE, PARSED, RequestError, json_bytes, log
from replylint.service.requests import LintBatch, LintFileRequest, validate
from replylint.workers import Kind, LintPool, LintRefused, WorkStopped

STATIC = Path(__file__).parent / "static"
_JSON = "application/json; charset=utf-8"
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"description": phrase, "content": {"application/json": {"example": {"error": "reason", "field": None}}}}
    for code, phrase in ((400, "Not JSON"), (413, "Body too large"), (422, "Invalid field"), (503, "Over budget"))
}


class JSONBodyRoute(APIRoute):
    """A route whose endpoint is ``endpoint(body: Model, request)``: FastAPI documents it from that signature (the
    body model, the response model), but it is served without FastAPI's dependency and body machinery — the JSON
    that :class:`~.limits.BodyLimits` parsed is validated as ``Model`` in one call (a 422 naming the field
    otherwise), and the endpoint's :class:`Response` is sent as it is."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        assert self.body_field is not None
        model = self.body_field.field_info.annotation
        assert isinstance(model, type) and issubclass(model, BaseModel)
        endpoint = self.endpoint

        async def handler(request: Request) -> Response:
            response: Response = await endpoint(validate(model, request.scope["state"][PARSED]), request)
            return response

        return handler


class Health(BaseModel):
    """``GET /healthz``."""

    status: str
    rules: int


def create_app(linter: Linter, pool: LintPool, budget: float) -> FastAPI:
    """The app: lints with ``pool`` (workers forked from ``linter``), each request within ``budget`` seconds;
    the pool's workers are connected to the event loop when the app starts and ended when it shuts down."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await pool.start()
        yield
        pool.close()

    app = FastAPI(
        title="replylint",
        summary="Lints the tone of customer-service replies in Russian and English.",
        lifespan=lifespan,
        redirect_slashes=False,
    )
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestError, _refused)  # type: ignore[arg-type]
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    async def run(request: Request, kind: Kind) -> Response:
        deadline = time.monotonic() + budget
        try:
            answer = await pool.lint(kind, await request.body(), deadline, request.scope["state"][GONE])
        except LintRefused as exc:
            raise RequestError(HTTPStatus.UNPROCESSABLE_ENTITY, str(exc), "text") from exc
        except WorkStopped as exc:
            if not exc.budget:  # the client has gone: nobody reads this
                return Response(status_code=HTTPStatus.SERVICE_UNAVAILABLE)
            message = f"the request took over its budget of {budget:g} s; send fewer or shorter replies"
            raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE, message) from exc
        return Response(answer, media_type=_JSON)

    @app.get("/healthz", response_model=Health, summary="Readiness: the number of rules in use")
    async def health() -> Response:
        return Response(json_bytes({"status": "ok", "rules": len(linter.rules)}), media_type=_JSON)

    # A load balancer's or uptime monitor's probe may ask with HEAD (every HTTP server must answer HEAD where it
    # answers GET): the same status and headers, no body.
    app.add_api_route("/healthz", health, methods=["HEAD"], include_in_schema=False)

    async def lint(body: LintRequest, request: Request) -> Response:
        return await run(request, "lint")

    async def lint_batch(body: LintBatch, request: Request) -> Response:
        return await run(request, "batch")

    async def lint_file(body: LintFileRequest, request: Request) -> Response:
        return await run(request, "file")

    # On the app's own router with FastAPI's ``route_class_override`` (a router's ``route_class`` is not what the app
    # lists once included), so ``app.routes`` holds them as they are served and :func:`body_routes` reads them there.
    for path, endpoint, model, summary in (
        ("/v1/lint", lint, Report, "Lint one reply"),
        ("/v1/lint-batch", lint_batch, list[Report], "Lint replies together"),
        ("/v1/lint-file", lint_file, FileReport, "Lint a file's content"),
    ):
        app.router.add_api_route(
            path,
            endpoint,
            methods=["POST"],
            response_model=model,
            summary=summary,
            responses=_ERRORS,
            route_class_override=JSONBodyRoute,
        )

    @cache
    def rule_infos() -> list[RuleInfo]:
        return _rule_infos(linter.config)

    @app.get("/v1/rules", summary="The rules in use, as `replylint rules --format json`")
    async def rules() -> Response:
        return Response(json_bytes([info.to_dict() for info in rule_infos()]), media_type=_JSON)

    @app.get("/rules/{code}", response_class=PlainTextResponse, summary="One rule, as `replylint explain`")
    async def explain(code: str) -> PlainTextResponse:
        for info in rule_infos():
            if code.casefold() in (info.spec.code.casefold(), info.spec.name.casefold()):
                return PlainTextResponse(info.explanation())
        raise RequestError(HTTPStatus.NOT_FOUND, f"no rule {code!r}; GET /v1/rules lists them", "code")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> HTMLResponse:
        return HTMLResponse(_page())

    return app


def body_routes(app: FastAPI) -> set[tuple[str, str]]:
    """The ``(method, path)`` of each route that takes a JSON body (the lint routes), for
    :class:`~.limits.BodyLimits`."""
    return {
        (method, route.path)
        for route in app.routes
        if isinstance(route, JSONBodyRoute)
        for method in route.methods or ()
    }


def _endpoints(app: FastAPI) -> list[str]:
    """Each documented route as ``METHOD /path`` (``GET /healthz``, ``POST /v1/lint``, …), for a 404's message."""
    return [
        f"{method} {route.path}"
        for route in app.routes
        if isinstance(route, APIRoute) and route.include_in_schema
        for method in sorted(route.methods or ())
    ]


@cache
def _page() -> str:
    """The review page, with the scoring it explains (docs/scoring.md) filled in from the engine."""
    scoring = {"penalty": {s.value: p for s, p in PENALTY.items()}, "max_counted": MAX_COUNTED}
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    return html.replace("{{scoring}}", json.dumps(scoring))


def _error(status: int, message: str, field: str | None = None, headers: dict[str, str] | None = None) -> Response:
    return Response(json_bytes({"error": message, "field": field}), status, headers, media_type=_JSON)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    path = request.url.path
    if exc.status_code == HTTPStatus.NOT_FOUND:
        return _error(exc.status_code, f"no endpoint {path}; see {', '.join(_endpoints(request.app))}")
    if exc.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
        allowed = (exc.headers or {}).get("Allow", "")
        return _error(exc.status_code, f"{path} takes {allowed}", headers={"Allow": allowed})
    return _error(exc.status_code, str(exc.detail))


async def _refused(request: Request, exc: RequestError) -> Response:
    if exc.status >= HTTPStatus.INTERNAL_SERVER_ERROR:
        log.info("%s %s: %s", request.url.path, exc.status, exc.message)
    return _error(exc.status, exc.message, exc.field)
