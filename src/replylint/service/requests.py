"""Request bodies as pydantic models (the OpenAPI schema comes from them): the library's
:class:`~replylint.models.LintRequest` for one reply, and the batch and file bodies around it; and their
validation errors as the service's ``{"error": reason, "field": "items[1].text"}``."""

from __future__ import annotations

import re
import types
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from replylint.models import Channel, Language, LintRequest
from replylint.service.limits import RequestError
from replylint.sources import reader_format


class LintBatch(BaseModel):
    """Replies to lint together (``POST /v1/lint-batch``): ``{"items": [...]}`` or a bare list."""

    model_config = ConfigDict(extra="forbid")

    items: list[LintRequest] = Field(description="Linted together: the rules that compare replies see them all.")

    @model_validator(mode="before")
    @classmethod
    def _bare_list(cls, data: Any) -> Any:
        return {"items": data} if isinstance(data, list) else data


class LintFileRequest(BaseModel):
    """A file to lint through the file pipeline (``POST /v1/lint-file``): its name chooses how it is read, and
    its directives (``replylint: disable=…``) and template tags work as in ``replylint check``."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="The file's name, e.g. macros/refund.j2; its ending chooses the reader.")
    content: str = Field(description="The file's text.")
    format: str | None = Field(default=None, description="A reader (md, j2, html.j2, yaml…) instead of the ending.")
    language: Language | None = Field(default=None, description="Detected when absent or null.")
    channel: Channel | None = Field(default=None, description="The configured default when absent or null.")
    context: str | None = Field(default=None, description="The customer's message the replies answer.")

    @field_validator("format")
    @classmethod
    def _readable(cls, value: str | None) -> str | None:
        if value is not None:
            reader_format(value)
        return value


_MESSAGES = {
    "missing": "is required",
    "string_type": "must be a string",
    "bool_type": "must be true or false",
    "list_type": "must be a list of lint requests",
    "model_type": "must be a JSON object",
    "model_attributes_type": "must be a JSON object",
    "dict_type": "must be a JSON object",
}


def _inner(annotation: Any) -> tuple[Any, bool]:
    """The type inside ``X | None`` or ``list[X]``, and whether None is allowed."""
    args = get_args(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        return (rest[0] if len(rest) == 1 else annotation), len(rest) < len(args)
    if get_origin(annotation) is list:
        return args[0], False
    return annotation, False


def _walk(model: type[BaseModel], loc: Sequence[int | str]) -> tuple[type[BaseModel] | None, bool]:
    """The model that holds the field at ``loc`` (None at the root), and whether that field may be null."""
    holder: type[BaseModel] | None = None
    current: Any = model
    nullable = False
    for part in loc:
        if isinstance(part, str) and isinstance(current, type) and issubclass(current, BaseModel):
            holder = current
            field = current.model_fields.get(part)
            if field is None:
                return holder, False
            current, nullable = _inner(field.annotation)
        else:  # an index into a list: its items are not nullable
            nullable = False
    return holder, nullable


def _field(loc: Sequence[int | str]) -> str | None:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or None


def error_body(model: type[BaseModel], errors: Sequence[Any]) -> dict[str, Any]:
    """The first of pydantic's ``errors()`` (locations relative to ``model``) as the service's error body."""
    error = errors[0]
    loc = [p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    kind = error["type"]
    holder, nullable = _walk(model, loc)
    if kind == "extra_forbidden":
        known = ", ".join((holder or model).model_fields)
        message = f"unknown field; known: {known}"
    elif kind == "enum":
        message = "must be one of " + ", ".join(re.findall(r"'([^']*)'", error["ctx"]["expected"]))
    elif kind == "value_error":
        message = str(error["ctx"]["error"])  # the validator's own words
    elif kind in ("model_type", "model_attributes_type") and not loc and model is LintBatch:
        message = 'must be {"items": [...]} or a list'
    else:
        message = _MESSAGES.get(kind, str(error["msg"]).lower())
        if kind == "string_type" and nullable:
            message += " or null"
        elif kind == "string_type" and error.get("input", "") is None:
            message = "is required"
    return {"error": message, "field": _field(loc)}


def validate(model: type[BaseModel], raw: Any) -> BaseModel:
    """``raw`` (parsed JSON) as ``model``; :class:`RequestError` (422) naming the field otherwise. Strict where
    the schema is: a boolean field takes ``true`` or ``false``, not ``"yes"`` or ``1``."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        body = error_body(model, exc.errors())
        raise RequestError(HTTPStatus.UNPROCESSABLE_ENTITY, body["error"], body["field"]) from exc
