"""One JSON error shape for every error the API returns::

    {"error": {"status": 404, "code": "not_found", "message": "no draft 7", "details": []}}

postguard's own exceptions map to a status here; FastAPI's validation errors and
Starlette's HTTP errors (404 for an unknown path, 405 for a wrong method) are reshaped;
anything unexpected becomes a 500 in the same shape and is logged with its traceback.
The ``code`` is stable; the ``message`` follows the caller's ``Accept-Language`` (``translate``).
"""
from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import (AuthenticationError, ConflictError, ForbiddenError, InputError, NotFoundError, PolicyError,
                      PostguardError, ThrottledError, UsageError)
from .translate import DEFAULT, error_message, requested_language, validation_problem

log = logging.getLogger("postguard.web")

#: exception class -> (status, code); the first match in order wins.
STATUS: tuple[tuple[type[PostguardError], int, str], ...] = (
    (PolicyError, 422, "invalid_policy"),
    (InputError, 422, "invalid_input"),
    (UsageError, 422, "invalid_input"),
    (NotFoundError, 404, "not_found"),
    (ConflictError, 409, "conflict"),
    (AuthenticationError, 401, "unauthenticated"),
    (ForbiddenError, 403, "forbidden"),
    (ThrottledError, 429, "too_many_requests"),
)


def error_body(status: int, code: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "details": details or []}}


def error_response(status: int, code: str, message: str, details: list[Any] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, details), status_code=status, headers=headers)


def localised_response(request: Request, status: int, code: str, message: str, details: list[Any] | None = None,
                       headers: dict[str, str] | None = None, params: dict[str, Any] | None = None) -> JSONResponse:
    """The error in the caller's language; a translated answer keeps the specific English message in details."""
    language = requested_language(request.headers.get("accept-language"))
    details = list(details or [])
    if language != DEFAULT:
        translated = error_message(language, code, params)
        if translated:
            details.append({"message": message, "language": DEFAULT})
            message = translated
    headers = {**(headers or {}), "Content-Language": language, "Vary": "Accept-Language"}
    return error_response(status, code, message, details, headers)


def _postguard_error(request: Request, exc: PostguardError) -> JSONResponse:
    for cls, status, code in STATUS:
        if isinstance(exc, cls):
            break
    else:
        status, code = 422, "invalid_input"
    details: list[Any] = []
    headers: dict[str, str] = {}
    if isinstance(exc, PolicyError):
        details = [{"file": p.file, "line": p.line, "column": p.column, "path": p.path, "message": p.message}
                   for p in exc.problems]
        message = f"the policy has {len(exc.problems)} problem(s)"
    else:
        message = str(exc)
        # An error may carry its own structured details (a refused share lists its findings).
        details = list(getattr(exc, "details", None) or [])
    if isinstance(exc, ThrottledError):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, AuthenticationError):
        headers["WWW-Authenticate"] = 'Bearer realm="postguard"'
    params = {"retry_after": exc.retry_after} if isinstance(exc, ThrottledError) else {}
    if isinstance(exc, PolicyError):
        params["count"] = len(exc.problems)
    return localised_response(request, status, code, message, details, headers, params)


def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    language = requested_language(request.headers.get("accept-language"))
    details: list[dict[str, Any]] = []
    for e in exc.errors():
        detail = {"location": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", ""),
                  "type": e.get("type", "")}
        problem = validation_problem(language, detail["type"], e.get("ctx")) if language != DEFAULT else None
        if problem:
            detail["original_message"], detail["message"] = detail["message"], problem
        details.append(detail)
    first = details[0] if details else {"location": "", "message": "invalid request"}
    message = f"{first['location']}: {first['message']}"
    translated = error_message(language, "validation_error", {"location": first["location"],
                                                              "problem": first["message"]})
    if language != DEFAULT and translated:
        message = translated
    return error_response(422, "validation_error", message, details,
                          {"Content-Language": language, "Vary": "Accept-Language"})


def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    try:
        phrase = HTTPStatus(exc.status_code).phrase
    except ValueError:
        phrase = "error"
    code = phrase.lower().replace(" ", "_").replace("-", "_")
    message = exc.detail if isinstance(exc.detail, str) and exc.detail != phrase else phrase
    return localised_response(request, exc.status_code, code, message, headers=getattr(exc, "headers", None))


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Logged with the traceback so the cause is never hidden; the client gets the shape only.
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return localised_response(request, 500, "internal_error", "an unexpected error occurred; it has been logged")


def install(app: FastAPI) -> None:
    app.add_exception_handler(PostguardError, _postguard_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)


#: For OpenAPI: every route documents the error shape.
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["status", "code", "message", "details"], "properties": {
        "status": {"type": "integer"}, "code": {"type": "string"}, "message": {"type": "string"},
        "details": {"type": "array", "items": {}}}}},
}
