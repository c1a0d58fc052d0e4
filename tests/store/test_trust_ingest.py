"""Issue #8 end to end: `newstrace ingest` of the sample and the five stories it was
stitched from stores a `stitched` finding naming them, which `newstrace findings --db`,
GET /findings and the article page all show; ingesting again adds nothing.

Runs the real pipeline (the session's, shared with the CLI) on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newstrace.api import create_app
from newstrace.cli import app
from newstrace.store import NO_FILTERS, open_store
from newstrace.store.base import FindingFilters

from ..conftest import SAMPLE, require
from ..link.trust_helpers import SOURCES

runner = CliRunner()
pytestmark = pytest.mark.issue(8)


@pytest.fixture
def shared_nlp(nlp, monkeypatch):
    """Make the commands reuse the session's pipeline instead of loading their own."""
    monkeypatch.setattr("newstrace.nlp.pipeline.load_pipeline", lambda **_: nlp)
    return nlp


def _ingest(location: str, *options: str):
    inputs = [str(SOURCES), str(require(SAMPLE))]
    result = runner.invoke(app, ["ingest", *inputs, "--db", location, "--no-progress", *options])
    assert result.exit_code == 0, result.output
    return result


def _words(output: str) -> str:
    """`output` with the console's line wrapping undone."""
    return " ".join(output.split())


def _jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def _counts(location: str) -> dict[str, int]:
    """Rows per record type (a run adds its own row to ingest_runs)."""
    with open_store(location, create=False) as store:
        counts = store.stats().counts
    return {name: n for name, n in counts.items() if name != "ingest_runs"}


def test_the_ingested_sample_is_stitched_from_its_sources_everywhere_it_is_read(
    store_location, shared_nlp, sample_article, tmp_path
):
    first = _ingest(store_location)
    assert "6 article(s) added" in _words(first.output)
    assert "corpus finding(s) stored with the new articles" in _words(first.output)
    with open_store(store_location, create=False) as store:
        (hit,) = store.finding_page(NO_FILTERS, FindingFilters(kinds=("stitched",))).items
        sample = store.get_article(hit.article_id)
        sources = [a for a in store.iter_articles() if a.id != sample.id]
        own = store.finding_page(NO_FILTERS, FindingFilters(article=sample.id, corpus=False))
    assert sample.text == sample_article.text and hit.corpus
    assert {s.id for s in hit.sources} == {a.id for a in sources} and len(sources) == 5
    assert all(s.text == sample.text[s.start : s.end] for s in hit.finding.evidence)
    # what the article's own extraction found is stored as it was, before the corpus's
    assert tuple(h.finding for h in own.items) == sample_article.findings

    # the CLI lists what is stored, with the sources
    listed = runner.invoke(app, ["findings", "--db", store_location, "--kind", "stitched"])
    assert listed.exit_code == 0, listed.output
    (row,) = _jsonl(listed.output)
    assert row["article"] == sample.id and row["kind"] == "stitched" and row["corpus"]
    assert {s["id"] for s in row["sources"]} == {a.id for a in sources}

    with TestClient(create_app(store_location)) as client:
        (item,) = client.get("/findings", params={"kind": "stitched"}).json()["items"]
        assert item == row
        page = client.get(f"/ui/articles/{sample.id}")
        assert page.status_code == 200 and "finding-stitched" in page.text
        for source in sources:
            assert f'href="/ui/articles/{source.id}"' in page.text
        listing = client.get("/ui/findings", params={"kind": "stitched"}).text
        assert f"/ui/articles/{sample.id}#at-" in listing

    before = _counts(store_location)
    again = _ingest(store_location)
    assert "0 article(s) added, 6 already stored" in _words(again.output)
    assert "trust: 0 corpus finding(s)" in _words(again.output)
    assert _counts(store_location) == before
    # an index kept elsewhere starts empty: it is rebuilt from the store, adding nothing
    elsewhere = tmp_path / "elsewhere.pkl"
    moved = _ingest(store_location, "--trust-index", str(elsewhere))
    assert "6 article(s) re-indexed from the store" in _words(moved.output)
    assert elsewhere.is_file()
    assert _counts(store_location) == before


def test_articles_ingested_without_trust_are_checked_later(store_location, shared_nlp):
    _ingest(store_location, "--no-trust")
    listed = runner.invoke(app, ["findings", "--db", store_location, "--kind", "stitched"])
    assert listed.exit_code == 0 and _jsonl(listed.output) == []
    checked = runner.invoke(
        app, ["findings", "--db", store_location, "--kind", "stitched", "--corpus"]
    )
    assert checked.exit_code == 0, checked.output
    assert "6 article(s) checked" in _words(checked.output)
    (row,) = _jsonl(checked.output)
    assert len(row["sources"]) == 5
    before = _counts(store_location)
    again = _ingest(store_location)
    said = _words(again.output)
    assert "trust: 0 corpus finding(s)" in said and "checked" not in said
    assert _counts(store_location) == before
