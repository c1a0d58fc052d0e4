"""Versioned schema migrations: numbered SQL files per dialect, applied once each.

`migrations/<dialect>/NNNN_name.sql` holds the schema changes of version NNNN. The runner
applies the pending files in order, each in its own transaction together with its row in
`schema_version`, so a migration is either wholly applied and recorded or not at all.
A database whose recorded version is newer than the newest file is refused, never
touched: an older newstrace must not write into a schema it does not know.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any, Protocol

from .errors import SchemaTooNew

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, kw_only=True, slots=True)
class Migration:
    """One numbered schema change of a dialect."""

    version: int
    name: str
    sql: str


class MigrationTarget(Protocol):
    """What the runner needs from a backend: its dialect and a few transactional calls."""

    dialect: str
    location: str

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]: ...

    def run_in_transaction(self, work: Callable[[], None]) -> None: ...

    def execute_script(self, sql: str) -> None: ...

    def execute(self, sql: str, params: Iterable[Any] = ()) -> None: ...


def load_migrations(dialect: str) -> list[Migration]:
    """The shipped migrations of `dialect`, in version order.

    Raises:
        ValueError: two files share a version number (a packaging mistake).
    """
    folder = resources.files(__package__) / "migrations" / dialect
    found: dict[int, Migration] = {}
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if not match:
            continue
        version = int(match.group(1))
        if version in found:
            raise ValueError(f"two migrations numbered {version:04d} in migrations/{dialect}")
        found[version] = Migration(
            version=version, name=match.group(2), sql=entry.read_text(encoding="utf-8")
        )
    return [found[version] for version in sorted(found)]


def latest_version(dialect: str) -> int:
    """The newest schema version this newstrace ships for `dialect` (0 when none)."""
    migrations = load_migrations(dialect)
    return migrations[-1].version if migrations else 0


def current_version(target: MigrationTarget) -> int:
    """The highest version recorded in `schema_version` (0 for a new database)."""
    ((version,),) = target.query("SELECT coalesce(max(version), 0) FROM schema_version")
    return int(version)


def applied_versions(target: MigrationTarget) -> set[int]:
    """The versions recorded in `schema_version`."""
    return {int(version) for (version,) in target.query("SELECT version FROM schema_version")}


def migrate(target: MigrationTarget) -> list[int]:
    """Apply the pending migrations of `target`'s dialect; return the versions applied.

    Raises:
        SchemaTooNew: the database records a version newer than any shipped file.
    """
    target.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    migrations = load_migrations(target.dialect)
    known = migrations[-1].version if migrations else 0
    found = current_version(target)
    if found > known:
        raise SchemaTooNew(target.location, found, known)
    applied: list[int] = []
    # By version recorded, not by the highest one: a migration numbered below the newest
    # applied (two lines of work merged) is still applied, once.
    recorded = applied_versions(target)
    for migration in migrations:
        if migration.version in recorded:
            continue

        def apply(migration: Migration = migration) -> None:
            # Another process may have applied it since we looked: check inside the lock.
            if migration.version in applied_versions(target):
                return
            target.execute_script(migration.sql)
            target.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, datetime.now(UTC).isoformat()),
            )
            applied.append(migration.version)

        target.run_in_transaction(apply)
    return applied
