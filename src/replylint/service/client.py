"""The client that ``replylint check --server URL`` lints through: the standard library only, so a shell hook
pays neither the analysis pipeline nor the web stack (the report is validated into a
:class:`~replylint.models.Report` only when :meth:`RemoteLinter.lint` is asked for one)."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from replylint.service.address import service_address

if TYPE_CHECKING:
    from replylint.models import Channel, Language, Report

#: Seconds to wait for the service to connect and answer.
TIMEOUT = 10.0


class ServiceError(Exception):
    """The service could not be reached or did not answer with a report."""


class ServiceRefused(ServiceError):
    """The service would not lint this reply (413: a body over its ``--max-body``; 422: a reply over
    ``max-reply-chars``): only this file is skipped."""


#: Answers that refuse one request's reply; any other is the service's failure, which stops the run.
_REFUSALS = (HTTPStatus.REQUEST_ENTITY_TOO_LARGE, HTTPStatus.UNPROCESSABLE_ENTITY)


class RemoteLinter:
    """Lints through a running service: the same ``lint`` call and the same :class:`Report` as a local
    :class:`~replylint.engine.Linter`, without loading the analysis pipeline in this process."""

    def __init__(self, url: str, timeout: float = TIMEOUT) -> None:
        # Imported here, not at the top: it imports ssl (1 MiB), which a command that lints locally never needs.
        import http.client

        try:
            address = service_address(url)
        except ValueError as exc:
            raise ServiceError(str(exc)) from exc
        self.url = url.rstrip("/")
        self._path = address.path
        connection = http.client.HTTPSConnection if address.https else http.client.HTTPConnection
        self._connection = connection(address.host, address.port, timeout=timeout)

    def lint_json(
        self,
        text: str,
        language: str | None = None,
        channel: str | None = None,
        context: str | None = None,
        *,
        template: bool = False,
    ) -> bytes:
        """``POST /v1/lint`` and the JSON report it answers, as bytes; :class:`ServiceError` when there is none."""
        payload: dict[str, Any] = {"text": text, "template": template}
        for name, value in (("language", language), ("channel", channel), ("context", context)):
            if value is not None:
                payload[name] = value
        endpoint = f"{self.url}/v1/lint"
        import http.client

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
        if response.status in _REFUSALS:
            raise ServiceRefused(f"the service refused it ({response.status}): {_error_text(body)}")
        if response.status != HTTPStatus.OK:
            raise ServiceError(f"{endpoint} answered {response.status}: {_error_text(body)}")
        return body

    def lint(
        self,
        text: str,
        language: Language | str | None = None,
        channel: Channel | str | None = None,
        context: str | None = None,
        *,
        template: bool = False,
    ) -> Report:
        """The :class:`Report` of ``POST /v1/lint``; :class:`ServiceError` when there is none."""
        from pydantic import ValidationError

        from replylint.models import Report

        body = self.lint_json(text, _value(language), _value(channel), context, template=template)
        try:
            return Report.model_validate_json(body)
        except ValidationError as exc:
            raise ServiceError(f"{self.url}/v1/lint answered something other than a report: {exc}") from exc


def _value(choice: object) -> str | None:
    """An enum member's value, or the string as given."""
    return None if choice is None else str(getattr(choice, "value", choice))


def _error_text(body: bytes) -> str:
    try:
        error = json.loads(body)
        return f"{error['field']}: {error['error']}" if error.get("field") else str(error["error"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return body[:200].decode("utf-8", "replace")
