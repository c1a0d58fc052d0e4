"""POST /articles needs the server's token; without a configured token writes are off."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newstrace.api import create_app
from newstrace.api.errors import TokenTooShort

from .conftest import TOKEN, auth

ARTICLE = {"text": "Russian jets bombed Aleppo on Thursday, monitors said."}


def test_writes_are_403_when_the_server_has_no_token(client):
    for headers in ({}, auth(), auth("anything-at-all-0123")):
        response = client.post("/articles", json=ARTICLE, headers=headers)
        assert response.status_code == 403
        assert "NEWSTRACE_API_TOKEN" in response.json()["error"]


def test_a_request_without_a_bearer_token_is_401(guarded_client):
    for headers in ({}, {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}):
        response = guarded_client.post("/articles", json=ARTICLE, headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["error"].startswith("this endpoint needs the header")


@pytest.mark.parametrize(
    "token",
    [TOKEN[:-1], TOKEN + "x", TOKEN.upper(), "", " " + TOKEN[1:], "Bearer " + TOKEN],
)
def test_a_wrong_token_is_401(guarded_client, token):
    response = guarded_client.post("/articles", json=ARTICLE, headers=auth(token))
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_auth_is_checked_before_the_body_is_judged(guarded_client):
    response = guarded_client.post("/articles", json={"nope": 1}, headers=auth("wrong"))
    assert response.status_code == 401


def test_the_right_token_passes_to_validation(guarded_client):
    response = guarded_client.post("/articles", json={"nope": 1}, headers=auth())
    assert response.status_code == 422


def test_the_token_is_compared_in_constant_time(monkeypatch, guarded_client):
    from newstrace.api import writes

    compared = []

    def spy(given, expected):
        compared.append((given, expected))
        return False

    monkeypatch.setattr(writes.hmac, "compare_digest", spy)
    response = guarded_client.post("/articles", json=ARTICLE, headers=auth("wrong-token"))
    assert response.status_code == 401
    digest = writes.hashlib.sha256
    assert compared == [(digest(b"wrong-token").digest(), digest(TOKEN.encode()).digest())]


def test_a_short_token_is_refused_when_the_app_is_built(store_path):
    with pytest.raises(TokenTooShort, match="has 5 characters; use at least 16"):
        create_app(store_path, write_token="short")


def test_an_empty_token_means_writes_are_off(store_path):
    with TestClient(create_app(store_path, write_token="")) as client:
        assert client.post("/articles", json=ARTICLE, headers=auth("")).status_code == 403
