"""Opening a PostgreSQL store: errors name the URL without its password, and the fix."""

from __future__ import annotations

import threading

import pytest

from newstrace.store import StoreError, StoreNotFound, open_store
from newstrace.store.migrate import load_migrations
from newstrace.store.postgres import pyformat, redact

from .postgres_server import free_port

pytestmark = pytest.mark.postgres

SECRET = "s3cret-Pa55"


def test_the_password_is_redacted_from_a_url():
    assert redact(f"postgresql://me:{SECRET}@db.example:5433/news") == (
        "postgresql://me:***@db.example:5433/news"
    )
    assert redact(f"postgres://db.example/news?sslmode=require&password={SECRET}") == (
        "postgres://db.example/news?sslmode=require&password=***"
    )
    assert redact("postgresql://me@db.example/news") == "postgresql://me@db.example/news"


def test_placeholders_become_psycopg_ones_outside_string_literals():
    assert pyformat("SELECT ? WHERE x LIKE ? ESCAPE '\\' AND y = '?%'") == (
        "SELECT %s WHERE x LIKE %s ESCAPE '\\' AND y = '?%%'"
    )


@pytest.mark.parametrize("where", ["127.0.0.1:notaport", "[::1"])
def test_a_malformed_url_says_how_to_write_one_and_keeps_the_password(where):
    # libpq quotes a URL it cannot parse, password and all
    with pytest.raises(StoreError, match=r"postgresql://USER\[:PASSWORD\]@HOST") as caught:
        open_store(f"postgresql://me:{SECRET}@{where}/news")
    assert SECRET not in str(caught.value)
    assert f"postgresql://me:***@{where}/news" in str(caught.value)


def test_an_unreachable_server_is_named_with_the_fix_and_without_the_password():
    port = free_port()  # nothing listens there
    with pytest.raises(StoreError, match="cannot connect") as caught:
        open_store(f"postgresql://me:{SECRET}@127.0.0.1:{port}/news")
    message = str(caught.value)
    assert f"postgresql://me:***@127.0.0.1:{port}/news" in message
    assert f"pg_isready -h 127.0.0.1 -p {port}" in message
    assert SECRET not in message


def test_a_wrong_password_is_reported_without_it(postgres):
    url = postgres.url("postgres").replace(postgres.password, SECRET)
    with pytest.raises(StoreError, match="check the user and password") as caught:
        open_store(url)
    assert SECRET not in str(caught.value) and postgres.password not in str(caught.value)


def test_a_missing_database_says_to_create_it(postgres):
    with pytest.raises(StoreError, match=r"createdb -h 127\.0\.0\.1 .* no_such_db") as caught:
        open_store(postgres.url("no_such_db"))
    assert postgres.password not in str(caught.value)


def test_reading_an_empty_database_creates_no_store(postgres_url):
    with pytest.raises(StoreNotFound, match="newstrace ingest"):
        open_store(postgres_url, create=False)
    with open_store(postgres_url) as store:  # the schema comes with the first write-side open
        assert store.schema_version() == load_migrations("postgres")[-1].version


def test_a_database_of_another_program_is_left_alone(postgres_url):
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER)")
    with pytest.raises(StoreError, match="not a newstrace store"):
        open_store(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    assert tables == [("accounts",)]


def test_connections_opening_a_new_database_at_once_migrate_it_once(postgres_url):
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def open_it() -> None:
        try:
            start.wait()
            open_store(postgres_url).close()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with open_store(postgres_url) as store:
        versions = [row[0] for row in store.query("SELECT version FROM schema_version")]
    assert versions == [m.version for m in load_migrations("postgres")]


def test_the_store_location_hides_the_password(postgres_url):
    with open_store(postgres_url) as store:
        assert "***" in store.location and store.stats().location == store.location


def test_a_lost_connection_is_a_store_error_that_keeps_what_was_stored(postgres_url):
    import psycopg

    from .articles import full_article

    with open_store(postgres_url) as store:
        store.add_article(full_article())
        (pid,) = store.query("SELECT pg_backend_pid()")[0]
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(StoreError, match="connection to the server was lost") as caught:
            store.stats()
        assert "***" in str(caught.value)
    with open_store(postgres_url) as store:
        assert store.get_article(full_article().id) == full_article()
