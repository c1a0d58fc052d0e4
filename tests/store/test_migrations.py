"""Schema migrations: applied once each, recorded, and never run on a newer schema."""

from __future__ import annotations

import sqlite3

import pytest

from newstrace.store import SchemaTooNew, open_store
from newstrace.store.migrate import latest_version, load_migrations, migrate


def test_a_new_store_is_at_the_latest_version(store):
    assert store.schema_version() == latest_version("sqlite") >= 1


def test_each_migration_is_recorded_once(store_location):
    for _ in range(3):
        open_store(store_location).close()
    with open_store(store_location) as store:
        versions = [row[0] for row in store.query("SELECT version FROM schema_version")]
    assert versions == [m.version for m in load_migrations("sqlite")]


def test_migrating_an_up_to_date_store_applies_nothing(store):
    assert migrate(store) == []


def test_a_store_of_a_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "future.db"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (999, 'future', '2030-01-01')")
    with pytest.raises(SchemaTooNew, match=r"schema version 999.*upgrade newstrace") as caught:
        open_store(path)
    assert str(path) in str(caught.value)


def test_a_failing_migration_leaves_no_trace(tmp_path, monkeypatch):
    from newstrace.store import migrate as runner

    good = load_migrations("sqlite")
    broken = runner.Migration(
        version=good[-1].version + 1,
        name="broken",
        sql="CREATE TABLE extra (x INTEGER);\nCREATE TABLE broken (;\n",
    )
    monkeypatch.setattr(runner, "load_migrations", lambda dialect: [*good, broken])
    path = tmp_path / "s.db"
    with pytest.raises(Exception, match="schema could not be set up"):
        open_store(path)
    monkeypatch.undo()
    with open_store(path) as store:
        tables = {row[0] for row in store.query("SELECT name FROM sqlite_master")}
        assert store.schema_version() == good[-1].version
    assert "extra" not in tables


def test_migration_files_are_numbered_without_gaps():
    versions = [m.version for m in load_migrations("sqlite")]
    assert versions == list(range(1, len(versions) + 1))
