"""A newstrace app served on a free loopback port in a background thread.

The browser tests, `scripts/web_screenshots.py` and `benchmarks/web_pages.py` drive a
real server (uvicorn, as `newstrace serve` runs it) from the same process.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from newstrace.api.server import server_config

START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn until the block ends; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(server_config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="newstrace-background-server", daemon=True)
    thread.start()
    waited = 0.0
    while not server.started:
        if not thread.is_alive() or waited > START_TIMEOUT_S:
            raise RuntimeError(f"the server did not start on port {port}")
        time.sleep(0.05)
        waited += 0.05
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(START_TIMEOUT_S)
