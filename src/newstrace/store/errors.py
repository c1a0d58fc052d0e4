"""Errors of the store: each names the database and says how to fix the problem."""

from __future__ import annotations

from ..errors import NewstraceError


class StoreError(NewstraceError):
    """A store could not be opened, migrated or written."""

    status = 500

    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        self.reason = reason
        super().__init__(f"{location}: {reason}")


class StoreNotFound(StoreError):
    """A read command was pointed at a database that does not exist yet."""

    status = 404

    def __init__(self, location: str) -> None:
        super().__init__(
            location,
            "no newstrace store here; run `newstrace ingest PATH… --db "
            f"{location}` first, or pass --db with the file you ingested into",
        )


class SchemaTooNew(StoreError):
    """The database was written by a newer newstrace than the one running."""

    def __init__(self, location: str, found: int, known: int) -> None:
        self.found = found
        self.known = known
        super().__init__(
            location,
            f"the store has schema version {found}, but this newstrace knows versions up to "
            f"{known}; upgrade newstrace (pip install -U newstrace) to read it",
        )


class QueryError(NewstraceError):
    """A search or filter value cannot be used as given."""

    status = 400
