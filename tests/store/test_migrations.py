"""Schema migrations: applied once each, recorded, and never run on a newer schema."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from newstrace.store import SchemaTooNew, open_store
from newstrace.store.migrate import latest_version, load_migrations, migrate

DIALECTS = ("sqlite", "postgres")
# The full-text indexes are each backend's own (FTS5 tables and their shadow tables,
# or tsvector tables); everything else is one schema.
TABLES_SQL = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'",
    "postgres": "SELECT table_name FROM information_schema.tables "
    "WHERE table_schema = current_schema()",
}


def tables(store) -> set[str]:
    return {row[0] for row in store.query(TABLES_SQL[store.dialect])}


def columns(store) -> dict[str, list[str]]:
    """Column names of each table but the full-text ones, in declaration order."""
    found = {}
    for table in sorted(tables(store)):
        if "_fts" in table:
            continue
        if store.dialect == "sqlite":
            found[table] = [row[1] for row in store.query(f"PRAGMA table_info({table})")]
        else:
            found[table] = [
                row[0]
                for row in store.query(
                    "SELECT column_name FROM information_schema.columns WHERE "
                    "table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
                    (table,),
                )
            ]
    return found


def test_a_new_store_is_at_the_latest_version(store):
    assert store.schema_version() == latest_version(store.dialect) >= 1


def test_each_migration_is_recorded_once(store_location):
    for _ in range(3):
        open_store(store_location).close()
    with open_store(store_location) as store:
        versions = [row[0] for row in store.query("SELECT version FROM schema_version")]
        assert versions == [m.version for m in load_migrations(store.dialect)]


def test_migrating_an_up_to_date_store_applies_nothing(store):
    assert migrate(store) == []


def raw_query(location: str, sql: str) -> list[tuple]:
    """`sql` run on the database at `location` without newstrace (which would refuse it)."""
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location) as conn:
            return conn.execute(sql).fetchall()
    with closing(sqlite3.connect(location)) as conn:
        return conn.execute(sql).fetchall()


def test_a_store_of_a_newer_schema_is_refused_untouched(store_location):
    with open_store(store_location) as store:
        store.execute("INSERT INTO schema_version VALUES (999, 'future', '2030-01-01')")
        before = tables(store)
        location = store.location
    with pytest.raises(SchemaTooNew, match=r"schema version 999.*upgrade newstrace") as caught:
        open_store(store_location)
    assert location in str(caught.value)
    versions = raw_query(store_location, "SELECT version FROM schema_version ORDER BY version")
    assert [row[0] for row in versions] == [*range(1, latest_version(store.dialect) + 1), 999]
    assert {row[0] for row in raw_query(store_location, TABLES_SQL[store.dialect])} == before


def test_a_failing_migration_leaves_no_trace(store_location, monkeypatch):
    from newstrace.store import migrate as runner

    with open_store(store_location) as store:
        dialect = store.dialect
        good = load_migrations(dialect)
    broken = runner.Migration(
        version=good[-1].version + 1,
        name="broken",
        sql="CREATE TABLE extra (x INTEGER);\nCREATE TABLE broken (;\n",
    )
    monkeypatch.setattr(runner, "load_migrations", lambda dialect: [*good, broken])
    with pytest.raises(Exception, match="schema could not be set up"):
        open_store(store_location)
    monkeypatch.undo()
    with open_store(store_location) as store:
        assert store.schema_version() == good[-1].version
        assert "extra" not in tables(store)


def test_a_migration_numbered_below_the_newest_applied_is_still_applied_once(
    store_location, monkeypatch
):
    from newstrace.store import migrate as runner

    with open_store(store_location) as store:
        shipped = load_migrations(store.dialect)
        late = shipped[-1]
        store.execute("DELETE FROM schema_version WHERE version = ?", (late.version,))
        store.execute(
            "INSERT INTO schema_version VALUES (?, 'merged later', '2030-01-01')",
            (late.version + 1,),
        )
    newer = runner.Migration(version=late.version + 1, name="merged later", sql="")
    probe = runner.Migration(
        version=late.version, name=late.name, sql="CREATE TABLE late_probe (x INTEGER);\n"
    )
    monkeypatch.setattr(runner, "load_migrations", lambda dialect: [*shipped[:-1], probe, newer])
    with open_store(store_location) as store:
        assert "late_probe" in tables(store)
        assert migrate(store) == []
        versions = [row[0] for row in store.query("SELECT version FROM schema_version")]
    assert sorted(versions) == [m.version for m in shipped] + [late.version + 1]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_migration_files_are_numbered_without_gaps(dialect):
    versions = [m.version for m in load_migrations(dialect)]
    assert versions == list(range(1, len(versions) + 1))


def test_every_dialect_ships_the_same_versions():
    names = {
        dialect: [(m.version, m.name) for m in load_migrations(dialect)] for dialect in DIALECTS
    }
    assert names["sqlite"] == names["postgres"]


@pytest.mark.postgres
def test_both_backends_create_the_same_tables_and_columns(tmp_path, postgres_url):
    with open_store(tmp_path / "s.db") as lite, open_store(postgres_url) as pg:
        assert columns(lite) == columns(pg)
        assert "articles" in columns(pg) and "ingest_runs" in columns(pg)
