"""Stories and their contested claims kept in a store (`newstrace stories --db`).

`StoryWriter.put` turns a story found by `stories.find_stories` into the rows a store
keeps (`StoryRows`: the story's article ids in the order they joined it, a headline,
its first and last days, and its contested claims with both sides' evidence) and hands
them to `Store.put_story`, which writes them in one transaction in place of the
story's stored rows, or writes nothing when they are unchanged. So a re-run over the
same store writes no row.

After a pass over every stored article, `prune` deletes the stored stories the index
no longer has: an index rebuilt (deleted, or built with another encoder) may group the
same articles into other stories, and an article belongs to one story.

Stories are not computed by `ingest`: the sentence encoder is an optional extra
(`pip install -e '.[stories]'`), and ingest must work without it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import NewstraceError
from ..store.base import ClaimSide, Store, StoredClaim, StoryRows
from .claims import ContestedClaim, Statement
from .stories import FoundStory, headline


@dataclass
class StoryCounts:
    """What a run wrote: stories written or left as they were, removed, claims stored."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0
    claims: int = 0  # contested claims of the stories written

    def __str__(self) -> str:
        return (
            f"stories stored: {self.written} written ({self.claims} contested claims), "
            f"{self.unchanged} unchanged, {self.removed} removed"
        )


def _side(statement: Statement) -> ClaimSide:
    return ClaimSide(
        article_id=statement.article_id,
        speaker=statement.speaker,
        country=statement.country,
        evidence=statement.evidence,
    )


def stored_claim(claim: ContestedClaim) -> StoredClaim:
    """A contested claim as the store keeps it: its kind, message and both sides."""
    return StoredClaim(
        kind=claim.kind,
        message=claim.message,
        claim=_side(claim.claim),
        counter=_side(claim.counter),
    )


def story_rows(found: FoundStory) -> StoryRows:
    """The rows of `found`: its articles in joining order, a headline, days and claims."""
    story = found.story
    return StoryRows(
        id=story.id,
        title=headline(story, found.members),
        first=story.first.isoformat() if story.first else None,
        last=story.last.isoformat() if story.last else None,
        articles=tuple(story.articles),
        claims=tuple(stored_claim(claim) for claim in found.claims or ()),
    )


class StoryWriter:
    """Writes the stories of a run into `store`, counting what it did."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.counts = StoryCounts()
        self._put: set[str] = set()

    def put(self, found: FoundStory) -> bool:
        """Store `found` unless it is stored as it is; True when rows were written.

        Raises:
            NewstraceError: `found` was made without its claims (storing it would drop
                the stored ones).
        """
        if found.claims is None:
            raise NewstraceError(
                f"story {found.story.id} was grouped without its contested claims; "
                "store stories with their claims (drop --no-claims) or pass --no-store"
            )
        rows = story_rows(found)
        self._put.add(rows.id)
        if self.store.put_story(rows):
            self.counts.written += 1
            self.counts.claims += len(rows.claims)
            return True
        self.counts.unchanged += 1
        return False

    def prune(self) -> int:
        """Delete the stored stories this run did not put; call it only after a pass over
        every stored article (then every story the index has was put)."""
        removed = 0
        for story_id in sorted(self.store.story_ids() - self._put):
            removed += self.store.remove_story(story_id)
        self.counts.removed += removed
        return removed
