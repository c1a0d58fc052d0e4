"""The command line: contract output, clear errors, exit status."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newstrace.cli import app

pytestmark = pytest.mark.slow

runner = CliRunner()


def lines_of(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_extract_prints_one_contract_object_per_article(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("“We will rebuild the city,” the mayor said on Monday.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(story), "--no-progress"])
    assert result.exit_code == 0
    (record,) = lines_of(result.stdout)
    assert record["quotes"][0]["speaker"]["text"] == "the mayor"
    assert record["published"] is None and record["published_source"] == "none"


def test_bad_inputs_give_error_lines_and_exit_1_while_good_ones_come_out(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The talks collapsed on Thursday, officials said.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "Aid reached Aleppo."}\n{broken\n', encoding="utf-8")
    paths = [str(p) for p in (empty, good, binary, feed, tmp_path / "missing.txt")]
    result = runner.invoke(app, ["extract", *paths, "--no-progress"])
    assert result.exit_code == 1
    records = lines_of(result.stdout)
    assert [r["source"].rsplit("/", 1)[-1] for r in records if "error" not in r] == [
        "good.txt",
        "feed.jsonl:1",
    ]
    errors = [r for r in records if "error" in r]
    assert len(errors) == 4
    assert all(r["error"] for r in errors)
    assert "Traceback" not in result.output


def test_published_option_sets_the_anchor(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Aid reached Aleppo on Thursday.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(story), "--published", "2016-02-11"])
    (record,) = lines_of(result.stdout)
    assert record["published"] == "2016-02-11"
    assert record["published_source"] == "given"


def test_summary_reads_extract_output(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(
        "“We will rebuild the city,” the mayor said. Syrian warplanes bombed the town on "
        "Monday, killing 12 people.",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    runner.invoke(app, ["extract", str(story), "-o", str(out), "--no-progress"])
    result = runner.invoke(app, ["summary", str(out)])
    assert result.exit_code == 0
    assert "articles" in result.stdout
    assert "ASSAULT" in result.stdout


def test_commands_have_help():
    commands = [[n] for n in ("extract", "summary", "export", "ingest", "search", "stats")] + [
        ["eval", n] for n in ("quotes", "extraction", "dates", "geo", "events")
    ]
    for command in commands:
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.stdout


def test_no_quote_model_keeps_the_rule_quotes(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("“We will rebuild the city,” the mayor said on Monday.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(story), "--no-progress", "--no-quote-model"])
    assert result.exit_code == 0
    (record,) = lines_of(result.stdout)
    assert record["quotes"][0]["speaker"]["text"] == "the mayor"


def beacon_feeds(tmp_path) -> tuple:
    """Three stories of a paper about Tennessee, and one naming only "Paris"."""
    local = tmp_path / "local.jsonl"
    local.write_text(
        "".join(
            json.dumps(
                {
                    "text": f"Officials from across Tennessee met in Knoxville, story {i}.",
                    "url": f"http://www.parisbeacon.com/news/{i}.html",
                }
            )
            + "\n"
            for i in range(3)
        ),
        encoding="utf-8",
    )
    paris = tmp_path / "paris.jsonl"
    story = {"text": "Paris police closed the road.", "url": "http://parisbeacon.com/9"}
    paris.write_text(json.dumps(story) + "\n", encoding="utf-8")
    return local, paris


def test_outlets_learnt_from_extract_output_place_a_lone_town_where_the_outlet_is(tmp_path):
    local, paris_feed = beacon_feeds(tmp_path)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(local.read_text() + paris_feed.read_text(), encoding="utf-8")
    first = tmp_path / "first.jsonl"
    runner.invoke(app, ["extract", str(feed), "--no-progress", "-o", str(first)])
    profiles = tmp_path / "outlets.json"
    learnt = runner.invoke(app, ["outlets", str(first), "-o", str(profiles)])
    assert learnt.exit_code == 0, learnt.output
    assert "parisbeacon.com" in learnt.stdout
    again = runner.invoke(app, ["extract", str(feed), "--no-progress", "--outlets", str(profiles)])
    paris = lines_of(again.stdout)[-1]["places"][0]
    assert (paris["text"], paris["country"], paris["admin1"]) == ("Paris", "USA", "Tennessee")
    alone = lines_of(runner.invoke(app, ["extract", str(feed), "--no-progress"]).stdout)[-1]
    assert alone["places"][0]["country"] == "FRA"


def test_a_missing_outlets_file_is_a_clear_error_before_any_work(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Paris police closed the road.", encoding="utf-8")
    for command in (
        ["extract", str(story)],
        ["ingest", str(story), "--db", str(tmp_path / "s.db")],
    ):
        result = runner.invoke(app, [*command, "--outlets", str(tmp_path / "none.json")])
        assert result.exit_code == 2  # a usage error, as every CLI refusal
        assert "none.json: no such file" in result.output
        assert "newstrace outlets" in result.output
    assert not (tmp_path / "s.db").exists()


def test_ingest_learns_outlet_profiles_from_the_store_when_asked(tmp_path):
    local, paris_feed = beacon_feeds(tmp_path)
    db = str(tmp_path / "store.db")
    runner.invoke(app, ["ingest", str(local), "--db", db, "--no-progress", "--no-trust"])
    result = runner.invoke(
        app,
        ["ingest", str(paris_feed), "--db", db, "--no-progress", "--outlets-from-store"],
    )
    assert result.exit_code == 0, result.output
    assert "1 outlet profile(s)" in result.output
    from newstrace.store import open_store

    with open_store(db) as store:
        (paris,) = [a for a in store.iter_articles() if a.text.startswith("Paris")]
    assert (paris.places[0].country, paris.places[0].admin1) == ("USA", "Tennessee")
