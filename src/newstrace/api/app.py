"""The FastAPI app over one store: `create_app(store_location, write_token=…)`.

Reads are open to whoever reaches the port; writes (POST /articles) need the token.
The store is checked when the app is built, so a wrong --db fails before the server
binds; reader threads, the writer thread and the spaCy pipeline start with the app
(its lifespan) and stop with it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from spacy.language import Language

from .. import __version__
from ..store import open_store
from ..web import install as install_web
from . import reads, writes
from .errors import TokenTooShort, install_error_handlers
from .limits import DEFAULT_MAX_BODY_BYTES, BodyLimit, HostCheck, SafeHeaders
from .workers import StoreThreads

DEFAULT_READERS = 4
MIN_TOKEN_CHARS = 16

DESCRIPTION = """\
Who said what, who did what to whom, where and when: the records of a newstrace store.

Every article is exactly its line of `newstrace extract` (the output contract). Listings
come a page at a time: pass the `cursor` of a page (or follow its `next` link) for the
next one. Errors are `{"ok": false, "error": "…", "status": N}`. `POST /articles` needs
`Authorization: Bearer <NEWSTRACE_API_TOKEN>`.
"""


def create_app(
    store_location: str | Path,
    *,
    write_token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    cors_origins: Sequence[str] = (),
    readers: int = DEFAULT_READERS,
    load_nlp: Callable[[], Language] | None = None,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """Build the API over the store at `store_location`.

    Args:
        store_location: What `open_store` takes: an SQLite file path (or a database URL).
        write_token: The secret POST /articles needs; None (or empty) disables writes.
        max_body_bytes: Largest request body; larger ones get 413.
        cors_origins: Origins whose browser pages may call the API; none by default, so
            no CORS headers are sent at all.
        readers: Threads answering reads, each with its own store connection.
        load_nlp: Builds the spaCy pipeline; called once at start-up, only when writes
            are enabled (default: `newstrace.nlp.pipeline.load_pipeline`).
        allowed_hosts: Host names requests must be addressed to (port aside), e.g.
            127.0.0.1 and localhost for a loopback server; None accepts any.

    Raises:
        StoreError: the store cannot be opened (StoreNotFound when it does not exist and
            writes are disabled: a read-only server has nothing to serve).
        TokenTooShort: `write_token` is shorter than 16 characters.
    """
    location = str(store_location)
    token = write_token or None
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise TokenTooShort(len(token), MIN_TOKEN_CHARS)
    open_store(location, create=token is not None).close()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        def open_one():
            return open_store(location, create=False)

        app.state.readers = StoreThreads(open_one, threads=readers, name="newstrace-reader")
        app.state.writer = None
        app.state.readers.start()
        try:
            if token is not None:
                app.state.nlp = (load_nlp or _load_pipeline)()
                app.state.writer = StoreThreads(open_one, threads=1, name="newstrace-writer")
                app.state.writer.start()
            yield
        finally:
            app.state.readers.stop()
            if app.state.writer is not None:
                app.state.writer.stop()

    app = FastAPI(
        title="newstrace",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        debug=False,
        # FastAPI's OpenTelemetry hooks: off, so nothing about the requests leaves the
        # process whatever the environment configures, and no request pays for spans.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.write_token = token
    install_error_handlers(app)
    app.include_router(reads.router)
    app.include_router(writes.router)
    install_web(app)  # the web UI: / and /ui/..., left out of the OpenAPI document
    # Added innermost first: SafeHeaders wraps everything, so a 413 carries them too.
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            allow_credentials=False,
            expose_headers=["Link"],
        )
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    if allowed_hosts is not None:
        app.add_middleware(HostCheck, hosts=allowed_hosts)
    app.add_middleware(SafeHeaders)
    return app


def _load_pipeline() -> Language:
    from ..nlp.pipeline import load_pipeline

    return load_pipeline()
