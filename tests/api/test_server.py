"""A real server on a loopback port answers every endpoint to a real HTTP client."""

from __future__ import annotations

import socket
import threading
import time

import httpx2
import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newstrace.api import create_app
from newstrace.api.server import allowed_hosts, is_loopback, server_config
from newstrace.cli import app as cli

from .conftest import TOKEN, auth
from .corpus import corpus

START_TIMEOUT_S = 30.0


class RunningServer:
    """uvicorn serving `app` on a free 127.0.0.1 port, in a thread, until closed."""

    def __init__(self, app) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.server = uvicorn.Server(server_config(app, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, args=([self.socket],))

    def __enter__(self) -> RunningServer:
        self.thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.server.started:
            assert self.thread.is_alive(), "the server thread died while starting"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(START_TIMEOUT_S)
        self.socket.close()


@pytest.mark.slow
def test_every_endpoint_answers_over_real_http(store_path, nlp):
    article = corpus()[0]
    app = create_app(store_path, write_token=TOKEN, load_nlp=lambda: nlp)
    with RunningServer(app) as server, httpx2.Client(base_url=server.url, timeout=120) as http:
        for url in [
            "/articles",
            f"/articles/{article.id}",
            "/search?q=Russia",
            "/quotes",
            "/events",
            "/places",
            "/actors",
            "/stats",
            "/openapi.json",
            "/docs",
        ]:
            response = http.get(url)
            assert response.status_code == 200, (url, response.text)
        assert http.get(f"/articles/{article.id}").json() == article.to_dict()
        walked, url = [], "/quotes?limit=2"
        while url:
            body = http.get(url).json()
            walked += body["items"]
            url = body["next"]
        assert len(walked) == sum(len(one.quotes) for one in corpus())
        posted = http.post("/articles", json={"text": "Aid reached Madaya."}, headers=auth())
        assert posted.status_code == 201
        assert http.post("/articles", json={"text": "x"}).status_code == 401
        too_big = http.post("/articles", content=b"x" * 3_000_000, headers=auth())
        assert too_big.status_code == 413
        assert "server" not in http.get("/stats").headers


def _flat(output: str) -> str:
    """CLI output without the line breaks rich wraps it with."""
    return " ".join(output.split())


def test_loopback_hosts_are_told_apart_from_open_ones():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.7")
    assert not is_loopback("example.org")
    assert allowed_hosts("127.0.0.1") == ["127.0.0.1", "[::1]", "localhost"]
    assert "[::1]" in allowed_hosts("::1") and "127.0.0.2" in allowed_hosts("127.0.0.2")
    assert allowed_hosts("0.0.0.0") is None


def test_serve_binds_loopback_by_default(monkeypatch, read_store_path):
    served = {}

    def run(server):
        served.update(host=server.config.host, port=server.config.port, app=server.config.app)

    monkeypatch.setattr(uvicorn.Server, "run", run)
    monkeypatch.delenv("NEWSTRACE_API_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", read_store_path])
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1" and served["port"] == 8000
    assert "writes off" in _flat(result.output)
    # a loopback server answers loopback names only (the DNS-rebinding guard)
    for base, status in [
        ("http://127.0.0.1:8000", 200),
        ("http://localhost", 200),
        ("http://evil.example:8000", 400),
    ]:
        with TestClient(served["app"], base_url=base) as client:
            assert client.get("/stats").status_code == status, base


def test_serve_warns_when_opened_to_the_network(monkeypatch, read_store_path):
    monkeypatch.setattr(uvicorn.Server, "run", lambda server: None)
    result = CliRunner().invoke(cli, ["serve", "--db", read_store_path, "--host", "0.0.0.0"])
    assert result.exit_code == 0
    assert "warning: serving on 0.0.0.0" in _flat(result.output)


def test_serve_refuses_a_short_token_and_a_missing_store(monkeypatch, read_store_path, tmp_path):
    monkeypatch.setattr(uvicorn.Server, "run", lambda server: pytest.fail("served"))
    monkeypatch.setenv("NEWSTRACE_API_TOKEN", "short")
    result = CliRunner().invoke(cli, ["serve", "--db", read_store_path])
    assert result.exit_code == 2 and "use at least 16" in _flat(result.output)
    monkeypatch.delenv("NEWSTRACE_API_TOKEN")
    missing = str(tmp_path / "missing.db")
    result = CliRunner().invoke(cli, ["serve", "--db", missing])
    assert result.exit_code == 2 and "no newstrace store here" in _flat(result.output)
