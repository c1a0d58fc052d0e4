"""Run the API with uvicorn: loopback by default, a warning when opened wider."""

from __future__ import annotations

import ipaddress

import uvicorn
from fastapi import FastAPI
from rich.console import Console

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# What a browser on this machine may call a loopback server (Host header, port aside).
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def allowed_hosts(host: str) -> list[str] | None:
    """The Host names a server bound to `host` answers: loopback names, or any (None).

    A server opened to the network is reached under names this machine cannot know
    (its public name, a proxy's), so only a loopback server checks.
    """
    if not is_loopback(host):
        return None
    return sorted({*LOOPBACK_NAMES, host if ":" not in host else f"[{host}]"})


def serve(
    app: FastAPI,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    console: Console | None = None,
    log_level: str = "info",
) -> None:
    """Serve `app` until interrupted (Ctrl-C).

    A host other than loopback is served as asked, with a warning: the store is then
    readable by anyone who can reach the port.
    """
    console = console or Console(stderr=True)
    writes = "on (token set)" if app.state.write_token else "off (no NEWSTRACE_API_TOKEN)"
    if not is_loopback(host):
        console.print(
            f"[yellow]warning:[/yellow] serving on {host}: anyone who can reach this "
            "machine's port can read the store. Use --host 127.0.0.1 to keep it local.",
            highlight=False,
        )
    console.print(
        f"newstrace API on http://{host}:{port} (docs at /docs), writes {writes}",
        highlight=False,
    )
    uvicorn.Server(server_config(app, host=host, port=port, log_level=log_level)).run()


def server_config(
    app: FastAPI, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, log_level: str = "info"
) -> uvicorn.Config:
    """How `serve` runs uvicorn (also what the tests' real server runs)."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        server_header=False,  # no software banner to fingerprint
        proxy_headers=False,  # trust no X-Forwarded-* from the open network
    )
