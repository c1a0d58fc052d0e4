"""The trust pass kept with a store: each new article checked, its findings stored with it.

`StoreTrust` holds a store's trust index (`corpus.TrustState`) while articles go in:
each new article is traced against the articles before it (`TrustPass.trace`) and
stored together with its corpus findings and the articles they name, in the article's
one transaction (`Store.add_traced_article`). A kill never leaves an article without
its findings, or findings without their article.

The index is a pickle of the whole state, so it is written every `SAVE_EVERY` articles
(or `SAVE_SECONDS`) and at the end, never per article; after a kill it may lack the
last articles stored. Opening brings it up to date from the store, in ingest order:

- an article checked already (its findings stored) that the index lacks is indexed
  without searching again (`TrustPass.remember`), linked to the copy its stored
  `duplicate` finding names: the index the killed run had, at no alignment cost;
- an article stored unchecked (by `ingest --no-trust`, the multi-process engine or a
  newstrace before issue #8) is checked now, its findings added after its own.

A stored article published after the new one and holding its passages can be owed a
finding by it (`TrustPass.trace_all`: the new article is its earlier-dated source);
those findings go after the stored article's in the new article's transaction
(`Store.add_traced_article` with `owed`), so the store never holds one without the other.

So a re-run stores nothing twice. An index file that cannot be read is an error naming
it and the fix (delete it, the next run rebuilds it from the store); a file of an older
format, or one holding articles the store does not (a store deleted and made anew), is
rebuilt from the store. A PostgreSQL store has no file beside it: unless given one, its
index is rebuilt in memory from the store when opened (no alignment, but every stored
article is read and hashed again).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..records import Article
from ..store.base import Store, TrustRow
from .corpus import SourcedFinding, TrustPass, TrustState, TrustStateOutdated
from .dedup import sidecar_path

SAVE_EVERY = 500  # articles added between two saves of the index
SAVE_SECONDS = 300.0  # or this long, whichever comes first
BATCH = 200  # articles read from the store at a time while catching up

# Told of each article caught up: "indexed" (checked before) or "checked" (now).
OnCatchUp = Callable[[str, Article], None]


def index_path(store: Store) -> Path | None:
    """Where the trust index of `store` lives: beside an SQLite file, nowhere for a URL."""
    return None if "://" in store.location else sidecar_path(store.location)


@dataclass
class CatchUp:
    """What opening did to bring the index up to the store."""

    indexed: int = 0  # checked articles the index lacked, indexed again
    checked: int = 0  # unchecked articles, checked now
    findings: int = 0  # corpus findings stored for them
    rebuilt: bool = False  # the index file was of an older format, or another store's

    def __bool__(self) -> bool:
        return bool(self.indexed or self.checked)


class StoreTrust:
    """A store's trust index, brought up to date on opening, grown as articles are added.

    Args:
        store: The store the articles go into.
        index: The index file (default: beside an SQLite store; None keeps it in memory).
        on_catch_up: Told of each stored article caught up while opening.

    Raises:
        TrustStateError: the index file cannot be read (the message names it).
    """

    def __init__(
        self,
        store: Store,
        index: Path | None | str = "beside",
        *,
        on_catch_up: OnCatchUp | None = None,
        save_every: int = SAVE_EVERY,
        save_seconds: float = SAVE_SECONDS,
    ) -> None:
        self.store = store
        self.index = index_path(store) if index == "beside" else (Path(index) if index else None)
        self.save_every = save_every
        self.save_seconds = save_seconds
        self.caught_up = CatchUp()
        # findings stored on earlier-stored articles, owed by later-stored earlier-dated ones
        self.owed = 0
        self._unsaved = 0
        self._saved_at = time.monotonic()
        self._open(self._load())
        self._catch_up(on_catch_up or (lambda outcome, article: None))

    def _open(self, state: TrustState) -> None:
        self.state = state
        self.trust = TrustPass(state, lookup=self.store.get_article)

    def _load(self) -> TrustState:
        if self.index is None:
            return TrustState()
        try:
            return TrustState.load(self.index)
        except TrustStateOutdated:
            self.caught_up.rebuilt = True
            return TrustState()

    def _catch_up(self, tell: OnCatchUp) -> None:
        """Index (or check) every stored article the index lacks, in ingest order."""
        rows = list(self.store.trust_rows())
        if sum(1 for row in rows if row.id in self.state.dedup) < len(self.state.dedup):
            # it indexes articles this store does not hold: not this store's index
            self.caught_up.rebuilt = True
            self._open(TrustState())
        dedup = self.state.dedup
        behind = [row for row in rows if not (row.checked and row.id in dedup)]
        for start in range(0, len(behind), BATCH):
            chunk = behind[start : start + BATCH]
            articles = {a.id: a for a in self.store.articles_by_id([row.id for row in chunk])}
            for row in chunk:
                article = articles.get(row.id)
                if article is not None:
                    self._bring_up(row, article, tell)
        if behind:
            # a copy can name an article stored after it (owed its duplicate finding
            # when that one came): link them now that both are indexed
            for row in rows:
                if row.copy_of is not None:
                    self.trust.link_copy(row.id, row.copy_of)
        if self.caught_up or self.caught_up.rebuilt:
            self.save(force=True)

    def _bring_up(self, row: TrustRow, article: Article, tell: OnCatchUp) -> None:
        if row.checked:
            self.trust.remember(article, row.copy_of)
            self.caught_up.indexed += 1
            tell("indexed", article)
            return
        traced = self.trust.trace_all(article)
        added = self.store.add_corpus_findings(article.id, traced.findings, owed=traced.owed)
        if added:
            self.caught_up.checked += 1
            self.caught_up.findings += len(traced.findings)
            self.owed += sum(len(owed) for owed in traced.owed.values())
        self._unsaved += 1
        tell("checked", article)

    def add(self, article: Article, *, run_id: int | None = None) -> list[SourcedFinding] | None:
        """Trace `article` and store it with its corpus findings, in one transaction.

        Findings it makes owed to stored articles published after it are stored with
        them in the same transaction (counted in `owed`).

        Returns:
            The corpus findings stored with it (after its own); None when its id was
            stored already (by another process meanwhile), and nothing was written.
        """
        traced = self.trust.trace_all(article)
        stored = self.store.add_traced_article(
            article, traced.findings, run_id=run_id, owed=traced.owed
        )
        if stored:
            self.owed += sum(len(owed) for owed in traced.owed.values())
        self._unsaved += 1
        if (
            self._unsaved >= self.save_every
            or time.monotonic() - self._saved_at >= self.save_seconds
        ):
            self.save()
        return traced.findings if stored else None

    def save(self, *, force: bool = False) -> None:
        """Write the index to its file if anything was added since the last save."""
        if self.index is not None and (self._unsaved or force):
            self.state.save(self.index)
        self._unsaved = 0
        self._saved_at = time.monotonic()


_ATTRIBUTE = "_newstrace_trust"


def trust_of(store: Store) -> StoreTrust:
    """The `StoreTrust` of this store object, opened on first use and kept on it.

    For writers that add an article at a time and live as long as their store (the
    API's writer thread): opening one costs a load and a catch-up. It rides on the
    store object itself, so it goes when the store goes.
    """
    kept = getattr(store, _ATTRIBUTE, None)
    if kept is None:
        kept = StoreTrust(store)
        setattr(store, _ATTRIBUTE, kept)
    return kept
