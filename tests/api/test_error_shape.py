"""Every error is `{"ok": false, "error": …, "status": N}`; server errors leak nothing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newstrace.api import create_app
from newstrace.api.errors import INTERNAL
from newstrace.store import StoreError
from newstrace.store.sqlite import SQLiteStore

SECRET = "/srv/very/secret/place/newstrace.db"


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/articles/" + "f" * 40, 404),
        ("GET", "/no/such/endpoint", 404),
        ("DELETE", "/articles", 405),
        ("GET", "/quotes?limit=0", 422),
        ("GET", "/events?from=2016-13-01", 400),
        ("GET", "/search", 400),
        ("POST", "/articles", 403),
    ],
)
def test_client_errors_have_the_one_shape(client, method, url, status):
    response = client.request(method, url)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status and body["error"]


def test_an_unknown_endpoint_points_to_the_docs(client):
    assert client.get("/nope").json()["error"] == (
        "no GET endpoint at /nope; the endpoints are listed at /docs"
    )


def _broken_client(monkeypatch, store_path, error: Exception) -> TestClient:
    def fail(self, *args, **kwargs):
        raise error

    monkeypatch.setattr(SQLiteStore, "stats", fail)
    monkeypatch.setattr(SQLiteStore, "quote_page", fail)
    # raise_server_exceptions=False: answer as a real server would, not re-raise here
    return TestClient(create_app(store_path), raise_server_exceptions=False)


def test_an_internal_error_is_500_json_without_traceback(monkeypatch, store_path):
    error = RuntimeError(f"boom in {SECRET} at line 42")
    with _broken_client(monkeypatch, store_path, error) as client:
        for url in ("/stats", "/quotes"):
            response = client.get(url)
            assert response.status_code == 500
            assert response.json() == {"ok": False, "error": INTERNAL, "status": 500}
            for leak in ("Traceback", "boom", SECRET, "RuntimeError", store_path, ".py"):
                assert leak not in response.text


def test_a_store_error_is_500_without_the_database_path(monkeypatch, store_path):
    error = StoreError(SECRET, "the disk is full; free some space")
    with _broken_client(monkeypatch, store_path, error) as client:
        response = client.get("/stats")
    assert response.status_code == 500
    assert response.json()["error"] == INTERNAL
    assert SECRET not in response.text and "disk" not in response.text


def test_no_response_names_the_store_path(client, read_store_path):
    urls = ["/openapi.json", "/docs", "/stats", "/articles", "/places", "/actors", "/nope"]
    for url in urls:
        assert read_store_path not in client.get(url).text, url


def test_responses_carry_the_safe_headers(client):
    for url in ("/stats", "/nope", "/docs"):
        headers = client.get(url).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "server" not in headers
