"""The store commands: ingest, search, quotes, events, stats."""

from __future__ import annotations

import json
import re

import psycopg
import pytest
from typer.testing import CliRunner

from newstrace.cli import app

from .helpers import STORIES, write_stories

runner = CliRunner()
COMMANDS = ("ingest", "search", "quotes", "events", "stats")


@pytest.fixture
def shared_nlp(nlp, monkeypatch):
    """Make the commands reuse the session's pipeline instead of loading their own."""
    monkeypatch.setattr("newstrace.nlp.pipeline.load_pipeline", lambda **_: nlp)
    return nlp


@pytest.fixture
def db(store_location, tmp_path, shared_nlp):
    """A store (file or database URL) holding the test stories, ingested by the CLI."""
    inputs = write_stories(tmp_path / "in")
    result = runner.invoke(app, ["ingest", str(inputs), "--db", store_location, "--no-progress"])
    assert result.exit_code == 0, result.output
    assert f"{len(STORIES)} article(s) added, 0 already stored, 0 error(s)" in result.output
    return store_location


def words(output: str) -> str:
    """`output` with the console's line wrapping undone."""
    return " ".join(output.split())


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


@pytest.mark.slow
def test_ingesting_again_adds_nothing(db, tmp_path):
    inputs = tmp_path / "in"
    result = runner.invoke(app, ["ingest", str(inputs), "--db", str(db), "--no-progress"])
    assert result.exit_code == 0
    assert f"0 article(s) added, {len(STORIES)} already stored" in result.output


@pytest.mark.slow
def test_bad_inputs_exit_1_and_good_articles_are_stored(store_location, tmp_path, shared_nlp):
    folder = write_stories(tmp_path / "in", STORIES[:2])
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    result = runner.invoke(app, ["ingest", str(folder), "--db", store_location, "--no-progress"])
    assert result.exit_code == 1
    assert "skipped" in result.output and "blob.txt" in result.output
    assert "2 article(s) added, 0 already stored, 1 error(s)" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_search_prints_ranked_jsonl_hits(db):
    result = runner.invoke(app, ["search", "Geneva", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    hits = jsonl(result.stdout)
    assert len(hits) == 2
    assert all("**Geneva**" in hit["snippet"] for hit in hits)
    assert hits[0]["score"] >= hits[1]["score"]


@pytest.mark.slow
def test_search_table_shows_the_article(db):
    result = runner.invoke(app, ["search", "Madaya", "--db", str(db)], terminal_width=200)
    assert result.exit_code == 0
    assert "1 article(s)" in result.stdout and "Madaya" in result.stdout


@pytest.mark.slow
def test_quotes_by_speaker(db):
    result = runner.invoke(
        app, ["quotes", "--speaker", "Mistura", "--db", str(db), "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    (quote,) = jsonl(result.stdout)
    assert quote["content"]["text"].startswith("The ceasefire is holding")
    assert "Mistura" in quote["speaker"]["name"]


@pytest.mark.slow
def test_events_and_stats_answer(db):
    events = runner.invoke(app, ["events", "--plover", "ASSAULT", "--db", str(db)])
    assert events.exit_code == 0, events.output
    stats = runner.invoke(app, ["stats", "--db", str(db)], terminal_width=200)
    assert stats.exit_code == 0, stats.output
    assert "articles" in stats.stdout and "done" in stats.stdout


@pytest.mark.sqlite
def test_a_query_of_a_missing_store_fails_without_creating_it(tmp_path):
    missing = tmp_path / "missing.db"
    result = runner.invoke(app, ["search", "Aleppo", "--db", str(missing)])
    assert result.exit_code == 2
    assert "no newstrace store here" in words(result.output)
    assert not missing.exists()


@pytest.mark.postgres
def test_a_query_of_an_empty_database_fails_without_creating_a_store(postgres):
    url = postgres.create_database("cli_empty")
    result = runner.invoke(app, ["stats", "--db", url])
    assert result.exit_code == 2
    assert "no newstrace store here" in words(result.output)
    assert postgres.password not in result.output
    with psycopg.connect(url) as conn:
        assert conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone() == (0,)


@pytest.mark.postgres
@pytest.mark.slow
def test_ingest_and_stats_name_the_database_without_its_password(postgres, tmp_path, shared_nlp):
    url = postgres.create_database("cli_named")
    inputs = write_stories(tmp_path / "in", STORIES[:1])
    ingested = runner.invoke(app, ["ingest", str(inputs), "--db", url, "--no-progress"])
    stats = runner.invoke(app, ["stats", "--db", url], terminal_width=200)
    assert ingested.exit_code == 0 and stats.exit_code == 0, ingested.output + stats.output
    shown = postgres.url("cli_named").replace(postgres.password, "***")
    assert f"→ {shown}" in words(ingested.output)
    assert shown in "".join(stats.stdout.split())  # the table title folds the URL
    assert postgres.password not in ingested.output + stats.output


def test_an_unknown_format_is_refused(tmp_path):
    result = runner.invoke(app, ["quotes", "--db", str(tmp_path / "x.db"), "--format", "xml"])
    assert result.exit_code == 2
    assert "valid: table, jsonl" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_store_commands_have_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    if command != "ingest":
        return
    words = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stdout).split())
    assert "newstrace.db in the working directory" in words
