"""CORS is closed unless origins are given."""

from __future__ import annotations

from fastapi.testclient import TestClient

from newstrace.api import create_app

ORIGIN = "https://analyst.example.org"


def _preflight(client: TestClient, origin: str):
    return client.options(
        "/quotes",
        headers={"Origin": origin, "Access-Control-Request-Method": "GET"},
    )


def test_no_cors_headers_by_default(client):
    response = client.get("/stats", headers={"Origin": ORIGIN})
    assert not [name for name in response.headers if name.startswith("access-control-")]
    assert "access-control-allow-origin" not in _preflight(client, ORIGIN).headers


def test_given_origins_alone_are_allowed(read_store_path):
    with TestClient(create_app(read_store_path, cors_origins=[ORIGIN])) as client:
        allowed = client.get("/stats", headers={"Origin": ORIGIN})
        assert allowed.headers["access-control-allow-origin"] == ORIGIN
        assert _preflight(client, ORIGIN).status_code == 200
        other = client.get("/stats", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        assert _preflight(client, "https://evil.example").status_code == 400
