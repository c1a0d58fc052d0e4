"""Opening a store: clear errors naming the location and the fix.

The SQLite file cases are here; the PostgreSQL ones are in test_open_postgres.py.
"""

from __future__ import annotations

import sqlite3

import pytest

from newstrace.errors import NewstraceError
from newstrace.store import StoreError, StoreNotFound, open_store


@pytest.mark.sqlite
def test_a_directory_is_refused_with_a_file_suggestion(tmp_path):
    with pytest.raises(StoreError, match="is a directory; pass a file path"):
        open_store(tmp_path)


@pytest.mark.sqlite
def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("not a database at all " * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="is not an SQLite database") as caught:
        open_store(notes)
    assert str(notes) in str(caught.value)
    assert notes.read_text(encoding="utf-8").startswith("not a database")


@pytest.mark.sqlite
def test_an_sqlite_file_of_another_program_is_left_alone(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER)")
    with pytest.raises(StoreError, match="not a newstrace store"):
        open_store(other)
    with sqlite3.connect(other) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert names == {"accounts"}


@pytest.mark.sqlite
def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(StoreError, match="does not exist; create it"):
        open_store(tmp_path / "no" / "such" / "store.db")


@pytest.mark.sqlite
def test_reading_a_missing_store_does_not_create_it(tmp_path):
    missing = tmp_path / "missing.db"
    with pytest.raises(StoreNotFound, match="newstrace ingest"):
        open_store(missing, create=False)
    assert not missing.exists()


def test_an_unknown_database_url_is_refused_without_the_password():
    with pytest.raises(StoreError, match="not a known database URL") as caught:
        open_store("mysql://me:secret@db.example/news")
    assert "secret" not in str(caught.value)
    assert "mysql://me:***@db.example/news" in str(caught.value)


def test_store_errors_are_newstrace_errors():
    assert issubclass(StoreError, NewstraceError)


@pytest.mark.sqlite
def test_a_new_sqlite_store_runs_in_wal_with_foreign_keys(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        assert store.query("PRAGMA journal_mode")[0][0] == "wal"
        assert store.query("PRAGMA foreign_keys")[0][0] == 1
