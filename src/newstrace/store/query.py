"""Filters to SQL conditions, with every user value bound as a parameter.

Conditions are plain SQL over the tables of the schema, with `?` placeholders; the
full-text part is the backend's own (FTS5 on SQLite, tsvector on PostgreSQL), so this
module only turns the search text into a safe query for it. Aliases: `a` is `articles`,
`q` is `quotes`, `e` is `events`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .base import Filters
from .errors import QueryError

_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORDY = re.compile(r"\w")


def fts_query(text: str) -> str:
    """An FTS5 query matching every word of `text`; "double-quoted" parts as phrases.

    Each term becomes an FTS5 string literal, so operators, column filters and stray
    quotes in user input are searched for as words, never run as query syntax.

    Raises:
        QueryError: `text` holds no word to search for.
    """
    terms = []
    for phrase, word in _TERM.findall(text):
        term = phrase or word
        if _WORDY.search(term):
            terms.append('"' + term.replace('"', '""') + '"')
    if not terms:
        raise QueryError(f"the search text {text!r} holds no word to look for; give some words")
    return " ".join(terms)


def like_pattern(value: str, *, contains: bool) -> str:
    r"""A LIKE pattern matching `value` literally (`%` and `_` escaped with `\`)."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%" if contains else escaped


@dataclass
class Where:
    """Conditions joined with AND, and their parameters in placeholder order."""

    conditions: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, condition: str, *params: Any) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def sql(self) -> str:
        """`WHERE …` (or nothing when there is no condition)."""
        return ("WHERE " + " AND ".join(self.conditions)) if self.conditions else ""


_LIKE = "LIKE ? ESCAPE '\\'"
_ACTOR_IDS = f"(SELECT id FROM actors WHERE country = ? OR name {_LIKE})"


def _actor_params(actor: str) -> tuple[str, str]:
    return (actor.strip().upper(), like_pattern(actor.strip(), contains=False))


def _geonameid(place: str) -> int | None:
    return int(place) if place.strip().isdigit() else None


def article_where(filters: Filters, where: Where | None = None, *, skip: tuple = ()) -> Where:
    """Conditions on articles `a` for every filter but `text` and those in `skip`."""
    where = where or Where()
    if filters.speaker and "speaker" not in skip:
        where.add(
            f"EXISTS (SELECT 1 FROM quotes sq WHERE sq.article_pk = a.pk "
            f"AND sq.speaker_name {_LIKE})",
            like_pattern(filters.speaker.strip(), contains=True),
        )
    if filters.actor and "actor" not in skip:
        where.add(
            "("
            f"EXISTS (SELECT 1 FROM mentions am WHERE am.article_pk = a.pk "
            f"AND am.actor_id IN {_ACTOR_IDS}) "
            f"OR EXISTS (SELECT 1 FROM quotes aq WHERE aq.article_pk = a.pk "
            f"AND aq.speaker_actor_id IN {_ACTOR_IDS}) "
            f"OR EXISTS (SELECT 1 FROM events ae WHERE ae.article_pk = a.pk "
            f"AND (ae.source_actor_id IN {_ACTOR_IDS} OR ae.target_actor_id IN {_ACTOR_IDS}))"
            ")",
            *(_actor_params(filters.actor) * 4),
        )
    if filters.place and "place" not in skip:
        where.add(
            f"EXISTS (SELECT 1 FROM places ap WHERE ap.article_pk = a.pk "
            f"AND (ap.name {_LIKE} OR ap.text {_LIKE} OR ap.geonameid = ?))",
            like_pattern(filters.place.strip(), contains=False),
            like_pattern(filters.place.strip(), contains=False),
            _geonameid(filters.place),
        )
    if filters.plover and "plover" not in skip:
        where.add(
            "EXISTS (SELECT 1 FROM events ev WHERE ev.article_pk = a.pk AND ev.plover = ?)",
            filters.plover.strip().upper(),
        )
    if "dates" not in skip:
        if filters.date_from:
            where.add("a.published >= ?", filters.date_from)
        if filters.date_to:
            where.add("a.published <= ?", filters.date_to)
    return where


def speaker_where(filters: Filters, where: Where | None = None) -> Where:
    """Conditions on quotes `q` alone: the speaker's name and the speaker's actor."""
    where = where or Where()
    if filters.speaker:
        where.add(f"q.speaker_name {_LIKE}", like_pattern(filters.speaker.strip(), contains=True))
    if filters.actor:
        where.add(f"q.speaker_actor_id IN {_ACTOR_IDS}", *_actor_params(filters.actor))
    return where


def quote_where(filters: Filters) -> Where:
    """Conditions on quotes `q` (speaker, actor) and their articles `a` (the rest)."""
    return article_where(filters, speaker_where(filters), skip=("speaker", "actor"))


# An event's date when it is a day, else its article's publication date.
EVENT_DAY = "(CASE WHEN e.date_precision = 'day' THEN e.date_value ELSE a.published END)"


def event_where(filters: Filters) -> Where:
    """Conditions on events `e` (actor, place, plover, dates, speaker as claimant)."""
    where = Where()
    if filters.plover:
        where.add("e.plover = ?", filters.plover.strip().upper())
    if filters.actor:
        where.add(
            f"(e.source_actor_id IN {_ACTOR_IDS} OR e.target_actor_id IN {_ACTOR_IDS})",
            *(_actor_params(filters.actor) * 2),
        )
    if filters.place:
        pattern = like_pattern(filters.place.strip(), contains=False)
        where.add(
            f"(e.place_name {_LIKE} OR e.place_text {_LIKE} OR e.place_geonameid = ?)",
            pattern,
            pattern,
            _geonameid(filters.place),
        )
    if filters.speaker:
        where.add(f"e.claimed_by {_LIKE}", like_pattern(filters.speaker.strip(), contains=True))
    if filters.date_from:
        where.add(f"{EVENT_DAY} >= ?", filters.date_from)
    if filters.date_to:
        where.add(f"{EVENT_DAY} <= ?", filters.date_to)
    return where
