"""The API's one error shape, `{"ok": false, "error": "…", "status": N}`, for every failure.

Client errors say what was wrong with the request. Server errors say only that the
server failed: their detail (a database path, a stack) goes to the server's log, never
into a response.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..errors import NewstraceError
from ..store import StoreError

log = logging.getLogger("newstrace.api")

INTERNAL = "the server failed to answer this request; its log has the details"


def error_body(status: int, message: str) -> dict[str, Any]:
    """The JSON body of every error response."""
    return {"ok": False, "error": message, "status": status}


def error_response(
    status: int, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """An error response in the one shape (also an ASGI app, for the middleware)."""
    return JSONResponse(error_body(status, message), status_code=status, headers=headers)


def public_message(error: NewstraceError) -> str:
    """What a client may read of `error`: its text for its own mistakes, else nothing.

    Store errors name the database file, so they stay in the log whatever their status.
    """
    if error.status >= 500 or isinstance(error, StoreError):
        return INTERNAL
    return str(error)


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception the app can meet to the one error shape."""

    @app.exception_handler(NewstraceError)
    async def newstrace_error(request: Request, error: NewstraceError) -> JSONResponse:
        status = 500 if isinstance(error, StoreError) else error.status
        if status >= 500:
            log.error("%s %s failed: %s", request.method, request.url.path, error)
        return error_response(status, public_message(error))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        message = str(error.detail)
        if error.status_code in (404, 405) and message in ("Not Found", "Method Not Allowed"):
            message = (
                f"no {request.method} endpoint at {request.url.path}; "
                "the endpoints are listed at /docs"
            )
        return error_response(error.status_code, message, error.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        return error_response(422, validation_message(error))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception) -> JSONResponse:
        # Starlette re-raises after this, so the server logs the traceback itself.
        return error_response(500, INTERNAL)


# Errors that only say the input is not of one branch of a union ("one article or a
# list"): noise when another branch says what is really wrong.
_BRANCH_MISMATCH = {"list_type", "model_type", "model_attributes_type", "dict_type"}


def validation_message(error: RequestValidationError) -> str:
    """One line naming each bad parameter or field and what is wrong with it."""
    problems = list(error.errors())
    real = [p for p in problems if p.get("type") not in _BRANCH_MISMATCH]
    parts = []
    for problem in real or problems:
        if problem.get("type") == "json_invalid":
            reason = problem.get("ctx", {}).get("error", "")
            parts.append(f"body: not valid JSON ({reason}); send one object or a list")
            continue
        where = ".".join(str(step) for step in problem.get("loc", ()) if _is_place(step))
        parts.append(f"{where or 'body'}: {problem.get('msg', 'is not valid')}")
    return "; ".join(dict.fromkeys(parts)) or "the request is not valid"


def _is_place(step: object) -> bool:
    """Whether a location step names a place in the request, not a union branch's type.

    Parameters and fields are snake_case; pydantic tags union branches with type names
    ("ArticleIn", "list[ArticleIn]").
    """
    if isinstance(step, int):
        return True
    text = str(step)
    return text != "body" and "[" not in text and not text[:1].isupper()


class TokenTooShort(NewstraceError):
    """The write token is too short to withstand guessing."""

    status = 500

    def __init__(self, length: int, minimum: int) -> None:
        self.length = length
        self.minimum = minimum
        super().__init__(
            f"NEWSTRACE_API_TOKEN has {length} characters; use at least {minimum}, e.g. "
            "the output of: python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
