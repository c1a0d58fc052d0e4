"""The web UI: server-rendered pages over the store, served by the API's own app.

`install(app)` adds the pages (`/` and `/ui/...`, left out of the OpenAPI document)
and the static assets (`/ui/static/...`): everything the pages load comes from the app
itself, so the UI works offline and under a `script-src 'self'` policy.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(str(resources.files("newstrace.web") / "static"))


def install(app: FastAPI) -> None:
    """Serve the UI's pages and static assets from `app`."""
    # imported here: the pages use the API's cursors, and the API's app installs the UI
    from .gather import ListingCache
    from .pages import router

    app.state.listings = ListingCache()  # per app: two apps never share listings
    app.include_router(router)
    app.mount("/ui/static", StaticFiles(directory=STATIC_DIR), name="ui-static")


__all__ = ["STATIC_DIR", "install"]
