from __future__ import annotations

import json
from contextlib import closing

from typer.testing import CliRunner

from newstrace.cli import app
from newstrace.link.corpus import with_findings
from newstrace.records import Finding
from newstrace.store import open_store

from .trust_helpers import sample_sources, text_article

runner = CliRunner()


def _articles(sample_text):
    return [*sample_sources(), text_article(sample_text, source="sample")]


def _rows(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_findings_of_a_jsonl_file_with_corpus_lists_the_stitch(tmp_path, sample_text):
    path = tmp_path / "out.jsonl"
    path.write_text(
        "".join(json.dumps(a.to_dict()) + "\n" for a in _articles(sample_text)), encoding="utf-8"
    )
    result = runner.invoke(app, ["findings", str(path), "--corpus", "--kind", "stitched"])
    assert result.exit_code == 0, result.output
    (row,) = _rows(result.output)
    assert row["kind"] == "stitched" and row["corpus"] is True
    assert "Kerry wants 'all or nothing' truce at Syria talks" in row["message"]


def test_findings_without_corpus_lists_only_what_articles_carry(tmp_path, sample_text):
    *sources, sample = _articles(sample_text)
    carried = Finding(kind="boilerplate", message="1 line", evidence=(sample.boilerplate[0],))
    path = tmp_path / "out.jsonl"
    lines = [a.to_dict() for a in [*sources, with_findings(sample, [carried])]]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = runner.invoke(app, ["findings", str(path)])
    assert result.exit_code == 0, result.output
    (row,) = _rows(result.output)
    assert row["kind"] == "boilerplate" and row["corpus"] is False


def test_findings_of_a_store_keep_their_index_beside_it(tmp_path, sample_text):
    db = tmp_path / "news.db"
    with closing(open_store(db)) as store:
        for article in _articles(sample_text):
            store.add_article(article)
    first = runner.invoke(app, ["findings", "--db", str(db), "--corpus", "--kind", "stitched"])
    assert first.exit_code == 0, first.output
    assert (tmp_path / "news.db.trust.pkl").is_file()
    again = runner.invoke(app, ["findings", "--db", str(db), "--corpus", "--kind", "stitched"])
    assert _rows(again.output) == _rows(first.output) and len(_rows(first.output)) == 1


def test_findings_needs_a_file_or_a_store():
    result = runner.invoke(app, ["findings"])
    assert result.exit_code == 2
    assert "either a JSONL file or --db" in result.output
