"""The HTTP API over a store: `create_app` builds it, `serve` runs it with uvicorn."""

from .app import create_app
from .server import serve

__all__ = ["create_app", "serve"]
