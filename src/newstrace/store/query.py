"""Filters to SQL conditions, with every user value bound as a parameter.

Conditions are plain SQL over the tables of the schema, with `?` placeholders (the
PostgreSQL backend turns them into its driver's own). What the two dialects spell
differently is in `Dialect`: a case-insensitive LIKE, and the full-text query (FTS5 on
SQLite, tsvector on PostgreSQL), which this module builds from the search text so that
user input is only ever searched for, never run as syntax. Aliases: `a` is `articles`,
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

# The text search configuration the PostgreSQL schema creates (migrations/postgres):
# English stems, accents folded, no stop words, as SQLite's FTS5 tokenizer does.
TS_CONFIG = "newstrace"


@dataclass(frozen=True, slots=True)
class Dialect:
    """The pieces of filter SQL that the backends spell differently."""

    name: str
    like: str  # a case-insensitive match against a bound LIKE pattern with `\` escapes
    in_list: str  # membership in the ids an uncorrelated SELECT `{}` returns
    # Rank only rows the full-text index found on its own, behind a planning fence.
    # PostgreSQL, planning the match inside a join with filters, may scan every
    # tsvector instead (detoasting 10,000 of them to keep 1,260: 125 of 150 ms).
    fenced_match: bool = False


SQLITE = Dialect(
    "sqlite",
    like="LIKE ? ESCAPE '\\'",  # SQLite's LIKE ignores ASCII case
    in_list="IN ({})",
)
POSTGRES = Dialect(
    "postgres",
    like="ILIKE ? ESCAPE '\\'",
    # ARRAY(…) runs the SELECT once per query; PostgreSQL may turn `IN (SELECT …)` in
    # a correlated EXISTS into a join that rescans actors for every article.
    in_list="= ANY(ARRAY({}))",
    fenced_match=True,
)


def search_terms(text: str) -> list[str]:
    """The words and "double-quoted" phrases of `text` that hold a word character.

    Raises:
        QueryError: `text` holds no word to search for.
    """
    terms = [phrase or word for phrase, word in _TERM.findall(text)]
    terms = [term for term in terms if _WORDY.search(term)]
    if not terms:
        raise QueryError(f"the search text {text!r} holds no word to look for; give some words")
    return terms


def fts_query(text: str) -> str:
    """An FTS5 query matching every word of `text`; "double-quoted" parts as phrases.

    Each term becomes an FTS5 string literal, so operators, column filters and stray
    quotes in user input are searched for as words, never run as query syntax.

    Raises:
        QueryError: `text` holds no word to search for.
    """
    return " ".join('"' + term.replace('"', '""') + '"' for term in search_terms(text))


def tsquery(text: str) -> tuple[str, list[str]]:
    """A PostgreSQL tsquery expression matching every word of `text`, and its parameters.

    Each term is a bound parameter of `phraseto_tsquery`, which reads it as plain text
    (a phrase's words must follow each other): `&`, `|`, `!` and `<->` in user input are
    searched for as words, never run as tsquery syntax. The terms are ANDed, as in FTS5.

    Raises:
        QueryError: `text` holds no word to search for.
    """
    terms = search_terms(text)
    parts = " && ".join(f"phraseto_tsquery('{TS_CONFIG}', ?)" for _ in terms)
    return f"({parts})", terms


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


def _actor_ids(dialect: Dialect) -> str:
    """`… IN` the actors a filter value names (a condition on an actor id column)."""
    return dialect.in_list.format(f"SELECT id FROM actors WHERE country = ? OR name {dialect.like}")


def _actor_params(actor: str) -> tuple[str, str]:
    return (actor.strip().upper(), like_pattern(actor.strip(), contains=False))


def _geonameid(place: str) -> int | None:
    return int(place) if place.strip().isdigit() else None


def article_where(
    filters: Filters,
    where: Where | None = None,
    *,
    skip: tuple = (),
    dialect: Dialect = SQLITE,
) -> Where:
    """Conditions on articles `a` for every filter but `text` and those in `skip`."""
    where = where or Where()
    like, actor_ids = dialect.like, _actor_ids(dialect)
    if filters.speaker and "speaker" not in skip:
        where.add(
            f"EXISTS (SELECT 1 FROM quotes sq WHERE sq.article_pk = a.pk "
            f"AND sq.speaker_name {like})",
            like_pattern(filters.speaker.strip(), contains=True),
        )
    if filters.actor and "actor" not in skip:
        # The articles that use the actor, found once (not probed article by article)
        # from the (actor, article_pk) indexes. UNION ALL: the IN list drops repeats
        # itself, and a UNION sorted them out first (46,000 mentions of SYR: 41 -> 30 ms).
        where.add(
            "a.pk IN ("
            f"SELECT article_pk FROM mentions WHERE actor_id {actor_ids} "
            f"UNION ALL SELECT article_pk FROM quotes WHERE speaker_actor_id {actor_ids} "
            f"UNION ALL SELECT article_pk FROM events WHERE source_actor_id {actor_ids} "
            f"UNION ALL SELECT article_pk FROM events WHERE target_actor_id {actor_ids}"
            ")",
            *(_actor_params(filters.actor) * 4),
        )
    if filters.place and "place" not in skip:
        # Found once from the indexes on name, text and geonameid (migration 0002), not
        # probed article by article: a probe reads every place of each candidate.
        where.add(
            "a.pk IN (SELECT article_pk FROM places "
            f"WHERE name {like} OR text {like} OR geonameid = ?)",
            like_pattern(filters.place.strip(), contains=False),
            like_pattern(filters.place.strip(), contains=False),
            _geonameid(filters.place),
        )
    if filters.plover and "plover" not in skip:
        # Probed article by article through the (plover, article_pk) index (migration
        # 0002): one seek each. Before that index a probe read every event of the
        # category (59,000 for ASSAULT at 10,000 articles).
        where.add(
            "EXISTS (SELECT 1 FROM events ep WHERE ep.plover = ? AND ep.article_pk = a.pk)",
            filters.plover.strip().upper(),
        )
    if "dates" not in skip:
        if filters.date_from:
            where.add("a.published >= ?", filters.date_from)
        if filters.date_to:
            where.add("a.published <= ?", filters.date_to)
    return where


def speaker_where(
    filters: Filters,
    where: Where | None = None,
    *,
    dialect: Dialect = SQLITE,
    listed: bool = False,
) -> Where:
    """Conditions on quotes `q` alone: the speaker's name and the speaker's actor.

    `listed` finds the quotes of the name once, in the index of speaker names, for a
    query over every quote: a part of a name can match anywhere in it, so no index can
    be searched for it, but SQLite reads the index of names (covering) about five times
    faster than the quote rows, and PostgreSQL searches its trigram index. Otherwise
    each quote at hand is checked (the few quotes of a page of search hits).
    """
    where = where or Where()
    if filters.speaker:
        pattern = like_pattern(filters.speaker.strip(), contains=True)
        if listed:
            where.add(f"q.id IN (SELECT id FROM quotes WHERE speaker_name {dialect.like})", pattern)
        else:
            where.add(f"q.speaker_name {dialect.like}", pattern)
    if filters.actor:
        where.add(f"q.speaker_actor_id {_actor_ids(dialect)}", *_actor_params(filters.actor))
    return where


def quote_where(filters: Filters, *, dialect: Dialect = SQLITE) -> Where:
    """Conditions on quotes `q` (speaker, actor) and their articles `a` (the rest)."""
    # With words to search, their matches are few next to every quote: check those.
    return article_where(
        filters,
        speaker_where(filters, dialect=dialect, listed=not filters.text),
        skip=("speaker", "actor"),
        dialect=dialect,
    )


# An event's date when it is a day, else its article's publication date.
EVENT_DAY = "(CASE WHEN e.date_precision = 'day' THEN e.date_value ELSE a.published END)"


def event_where(filters: Filters, *, dialect: Dialect = SQLITE) -> Where:
    """Conditions on events `e` (actor, place, plover, dates, speaker as claimant)."""
    where = Where()
    like, actor_ids = dialect.like, _actor_ids(dialect)
    if filters.plover:
        where.add("e.plover = ?", filters.plover.strip().upper())
    if filters.actor:
        where.add(
            f"(e.source_actor_id {actor_ids} OR e.target_actor_id {actor_ids})",
            *(_actor_params(filters.actor) * 2),
        )
    if filters.place:
        pattern = like_pattern(filters.place.strip(), contains=False)
        where.add(
            f"(e.place_name {like} OR e.place_text {like} OR e.place_geonameid = ?)",
            pattern,
            pattern,
            _geonameid(filters.place),
        )
    if filters.speaker:
        where.add(f"e.claimed_by {like}", like_pattern(filters.speaker.strip(), contains=True))
    if filters.date_from:
        where.add(f"{EVENT_DAY} >= ?", filters.date_from)
    if filters.date_to:
        where.add(f"{EVENT_DAY} <= ?", filters.date_to)
    return where
