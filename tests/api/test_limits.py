"""Request bodies over the limit are refused with 413 before the app reads them."""

from __future__ import annotations

import asyncio

import pytest
from fastapi.testclient import TestClient

from newstrace.api import create_app
from newstrace.api.limits import BodyLimit

from .conftest import TOKEN, NoPipeline, auth

LIMIT = 1_000


@pytest.fixture
def small_client(store_path):
    app = create_app(store_path, write_token=TOKEN, load_nlp=NoPipeline, max_body_bytes=LIMIT)
    with TestClient(app) as opened:
        yield opened


def _refused(response) -> None:
    assert response.status_code == 413
    assert response.json() == {
        "ok": False,
        "error": "the request body is over the 1,000-byte limit of this server; "
        "send fewer or shorter articles per request",
        "status": 413,
    }


def test_a_declared_length_over_the_limit_is_413(small_client):
    _refused(small_client.post("/articles", json={"text": "x" * LIMIT}, headers=auth()))


def test_a_chunked_body_over_the_limit_is_413(small_client):
    def chunks():
        for _ in range(5):
            yield b"x" * 300

    response = small_client.post("/articles", content=chunks(), headers=auth())
    assert "content-length" not in response.request.headers
    _refused(response)


def test_the_limit_holds_without_a_token_too(small_client):
    _refused(small_client.post("/articles", content=b"x" * (LIMIT + 1)))


def test_a_body_at_the_limit_reaches_the_app(small_client):
    body = b'{"text": ' + b'"' + b"x" * (LIMIT - 12) + b'"}'
    assert len(body) == LIMIT
    response = small_client.post("/articles", content=body, headers=auth("not-the-token"))
    assert response.status_code == 401  # past the size check, stopped by auth


def test_a_chunked_body_under_the_limit_reaches_the_app(small_client):
    def chunks():
        yield b'{"text": '
        yield b'"short"}'

    response = small_client.post("/articles", content=chunks(), headers=auth("not-the-token"))
    assert response.status_code == 401


def _call(middleware, headers: list[tuple[bytes, bytes]], body: bytes) -> list[dict]:
    """Run one request through an ASGI `middleware`; the messages it sent back."""
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/articles", "headers": headers}
    asyncio.run(middleware(scope, receive, send))
    return sent


def test_a_content_length_that_is_no_number_is_400():
    async def app(scope, receive, send):
        raise AssertionError("the app must not be reached")

    sent = _call(BodyLimit(app, max_bytes=LIMIT), [(b"content-length", b"ten")], b"{}")
    assert sent[0]["status"] == 400
    assert b"Content-Length header is not a number" in sent[1]["body"]


def test_a_body_longer_than_its_declared_length_is_counted():
    async def app(scope, receive, send):
        raise AssertionError("the app must not be reached")

    sent = _call(BodyLimit(app, max_bytes=LIMIT), [(b"content-length", b"10")], b"x" * 2_000)
    assert sent[0]["status"] == 413


def test_host_check_refuses_other_hosts_in_the_error_shape(read_store_path):
    app = create_app(read_store_path, allowed_hosts=["127.0.0.1", "localhost", "[::1]"])
    for base, status in [
        ("http://127.0.0.1:8000", 200),
        ("http://[::1]:8000", 200),
        ("http://LOCALHOST", 200),
        ("http://rebound.evil.example", 400),
        ("http://127.0.0.1.evil.example", 400),
    ]:
        with TestClient(app, base_url=base) as client:
            response = client.get("/stats")
        assert response.status_code == status, base
    assert response.json()["error"].startswith("this server answers requests for 127.0.0.1")
