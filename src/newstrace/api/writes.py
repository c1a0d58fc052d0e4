"""POST /articles: extract and store articles sent as JSON, for holders of the token.

The token comes from the server's environment (NEWSTRACE_API_TOKEN) and is compared in
constant time. Extraction runs on the one writer thread with the pipeline loaded at
start-up, so posts queue up rather than compete for the model; reads go on meanwhile.
"""

from __future__ import annotations

import hashlib
import hmac
from contextlib import suppress
from typing import Annotated

from fastapi import APIRouter, Body, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from spacy.language import Language

from ..core import article_id, extract_articles
from ..ingest.decode import normalise_newlines
from ..link.corpus import with_findings
from ..link.stored import trust_of
from ..records import InputArticle, InputError
from ..store import Store
from .schemas import ArticleIn, ArticlesIn, ErrorBody, WriteBody

RUN_INPUT = "POST /articles"  # what the ingest_runs table shows as a run's input
DEFAULT_SOURCE = "api"

router = APIRouter()
_bearer = HTTPBearer(auto_error=False, description="The server's NEWSTRACE_API_TOKEN.")


async def require_writer(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Let the request through only with the server's token.

    Raises:
        HTTPException: 403 when the server has no token (writes are off), 401 when the
            request carries no bearer token or another one.
    """
    token: str | None = request.app.state.write_token
    if token is None:
        raise HTTPException(
            403,
            "writes are disabled: this server was started without NEWSTRACE_API_TOKEN; "
            "set it to a secret of at least 16 characters and restart the server",
        )
    if credentials is None:
        raise HTTPException(
            401,
            "this endpoint needs the header `Authorization: Bearer <token>` with the "
            "server's NEWSTRACE_API_TOKEN",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(_digest(credentials.credentials), _digest(token)):
        raise HTTPException(
            401,
            "the bearer token is not this server's NEWSTRACE_API_TOKEN",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )


def _digest(token: str) -> bytes:
    """SHA-256 of `token`: compared digests have one length, so timing tells no length."""
    return hashlib.sha256(token.encode("utf-8")).digest()


@router.post(
    "/articles",
    tags=["articles"],
    status_code=201,
    dependencies=[Depends(require_writer)],
    responses={
        200: {"model": WriteBody, "description": "Nothing new: every article was stored."},
        201: {"model": WriteBody, "description": "At least one article was added."},
        401: {"model": ErrorBody},
        403: {"model": ErrorBody},
        413: {"model": ErrorBody},
        422: {"model": ErrorBody},
    },
)
async def post_articles(
    request: Request, body: Annotated[ArticlesIn, Body(description="One article or a list.")]
) -> JSONResponse:
    """Extract one article (an object) or a small batch (a list) and store them.

    Each result says whether the article was added, was already stored (same text, same
    id) or was refused, and carries the stored article's contract JSON.
    """
    items = [_input(body)] if isinstance(body, ArticleIn) else [_input(one) for one in body]
    nlp: Language = request.app.state.nlp
    results = await request.app.state.writer.run(lambda store: store_articles(store, nlp, items))
    added = any(result["status"] == "added" for result in results)
    return JSONResponse({"items": results}, status_code=201 if added else 200)


def _input(article: ArticleIn) -> InputArticle:
    return InputArticle(
        source=article.source or DEFAULT_SOURCE,
        text=normalise_newlines(article.text),
        title=article.title,
        published=article.published,
        published_source="given" if article.published else "none",
        url=article.url,
        outlet=article.outlet,
    )


def store_articles(store: Store, nlp: Language, items: list[InputArticle]) -> list[dict]:
    """Extract and store `items` as one ingest run; one result per item, in order.

    An article whose text is stored already is not extracted again: its result is the
    stored one. An article extraction refuses is kept as the run's input error.
    """
    run_id = store.begin_run([RUN_INPUT])
    results: list[dict] = [{} for _ in items]
    fresh: list[tuple[int, InputArticle]] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        key = article_id(item.text)
        if key in seen or store.has_article(key):
            results[index] = {"id": key, "status": "stored"}
        else:
            seen.add(key)
            fresh.append((index, item))
    added = errors = 0
    try:
        records = extract_articles([item for _, item in fresh], nlp)
        for (index, item), record in zip(fresh, records, strict=True):
            key = article_id(item.text)
            if isinstance(record, InputError):
                store.record_input_error(run_id, record)
                results[index] = {"id": key, "status": "error", "error": record.error}
                errors += 1
            # checked against the stored articles, its corpus findings stored with it
            elif (found := trust_of(store).add(record, run_id=run_id)) is not None:
                stored = with_findings(record, [one.finding for one in found])
                results[index] = {"id": key, "status": "added", "article": stored.to_dict()}
                added += 1
            else:  # another writer stored the same text meanwhile
                results[index] = {"id": key, "status": "stored"}
        for result in results:
            if result["status"] == "stored":
                result["article"] = store.get_article(result["id"]).to_dict()  # type: ignore[union-attr]
    except BaseException:
        # The original error matters more than a failure to note the interruption.
        with suppress(Exception):
            store.finish_run(run_id, status="interrupted", added=added, skipped=0, errors=errors)
        raise
    skipped = len(items) - added - errors
    store.finish_run(run_id, status="done", added=added, skipped=skipped, errors=errors)
    return results
