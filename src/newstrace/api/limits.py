"""ASGI middleware that guards the port: body size limit, Host check and safe headers."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_response

DEFAULT_MAX_BODY_BYTES = 2_000_000

# Sent with every response: no MIME sniffing of JSON into HTML, no framing of /docs,
# no Referer leaking a query string to the documentation's script host.
SAFE_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)

# The web UI's policy, sent with every response: scripts and styles of this origin only
# (no inline script, no inline event handler, no `javascript:` URL runs), nothing
# plugged in, no <base> rewriting links. Article text that slipped past escaping still
# could not run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# FastAPI's /docs and /redoc pages load their scripts from this CDN and start them with an
# inline script; they show no article text, so they get a policy that lets them run.
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect", "/redoc")
DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def content_security_policy(path: str) -> bytes:
    """The Content-Security-Policy header value for a response to `path`."""
    policy = DOCS_CONTENT_SECURITY_POLICY if path in DOCS_PATHS else CONTENT_SECURITY_POLICY
    return policy.encode("ascii")


class BodyLimit:
    """Refuse a request body over `max_bytes` with 413 before the app parses any of it.

    A declared Content-Length over the limit is refused unread. A body without one
    (chunked) or longer than it said is counted as it arrives and refused as soon as it
    passes the limit, so memory never holds more than `max_bytes` of one request.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await error_response(400, "the Content-Length header is not a number")(
                    scope, receive, send
                )
                return
            if int(declared) > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(bytes(body), receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413,
            f"the request body is over the {self.max_bytes:,}-byte limit of this server; "
            "send fewer or shorter articles per request",
        )
        await response(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the buffered body once, then waits on the real one."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


class SafeHeaders:
    """Add `SAFE_HEADERS` and the Content-Security-Policy to every response the app sends."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        policy = (b"content-security-policy", content_security_policy(scope.get("path", "")))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *SAFE_HEADERS, policy]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HostCheck:
    """Answer only requests whose Host header names one of `hosts`.

    A server on 127.0.0.1 is still reachable from a browser through DNS rebinding: a
    page of evil.example whose name is made to resolve to 127.0.0.1 is, to the browser,
    same-origin with the store. Its requests still say `Host: evil.example`, so they
    are refused here.
    """

    def __init__(self, app: ASGIApp, hosts: Sequence[str]) -> None:
        self.app = app
        self.hosts = {host.lower() for host in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and host_name(_header(scope, b"host") or "") not in self.hosts:
            response = error_response(
                400,
                f"this server answers requests for {', '.join(sorted(self.hosts))} only; "
                "call it by one of those names",
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def host_name(header: str) -> str:
    """The host of a Host header, without its port: "[::1]:8000" gives "[::1]"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header.partition("]")[0] + "]"
    return header.partition(":")[0]
