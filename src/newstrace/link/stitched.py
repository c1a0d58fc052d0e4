"""Where an article's passages come from: one source (a copy) or several (a stitch).

Each passage of the article is traced to at most one earlier article (its best
word alignment, `corpus.py` does the tracing); this module weighs the traced passages.
A copy is an article most of whose words come from one story. A stitch is an article
most of whose words come from two or more different stories (sources in one copy
cluster are one story), none of which explains it alone: the content-farm pattern of
the sample, pasted from wire stories of different days.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..records import Finding, Span
from .align import Alignment

# A passage comes from a source when this share of its words sit in runs of 3+ words
# kept from the source ("anchored"), or when it is a word-for-word paraphrase of it.
COPIED_ANCHORED = 0.5
SPUN_ANCHORED = 0.25
SPUN_PARAPHRASE = 0.7
# A copy: one story explains this share of the article's words.
COPY_SHARE = 0.8
# A stitch: traced passages make this share of the article, from 2+ stories, and the
# second story gives at least SECOND_SHARE of it (a paragraph, not a stray sentence).
STITCH_SHARE = 0.5
SECOND_SHARE = 0.1


@dataclass(frozen=True, slots=True)
class SourceRef:
    """An earlier article a passage is traced to."""

    id: str
    title: str | None
    published: str | None

    def describe(self) -> str:
        title = f" '{self.title}'" if self.title else ""
        date = f" ({self.published})" if self.published else ""
        return f"{self.id[:12]}{title}{date}"


@dataclass(frozen=True, slots=True)
class PassageMatch:
    """A passage of this article traced to its source article."""

    passage: Span
    words: int
    source: SourceRef
    alignment: Alignment


@dataclass(frozen=True, slots=True)
class SourceShare:
    """One story's part in the article: its passages and their share of the words."""

    source: SourceRef
    matches: tuple[PassageMatch, ...]
    share: float


def traced(alignment: Alignment) -> bool:
    """Whether an alignment shows the passage comes from that source (copied or spun)."""
    anchored = anchored_coverage(alignment)
    return anchored >= COPIED_ANCHORED or (
        anchored >= SPUN_ANCHORED and alignment.paraphrase_coverage >= SPUN_PARAPHRASE
    )


def anchored_coverage(alignment: Alignment) -> float:
    """Share of the target's words in kept runs of 3+ words (single shared words are
    what any two stories of one war have in common)."""
    if not alignment.target:
        return 0.0
    kept = sum(
        j2 - j1 for tag, _, _, j1, j2 in alignment.opcodes if tag == "equal" and j2 - j1 >= 3
    )
    return kept / len(alignment.target)


def shares(
    matches: Sequence[PassageMatch],
    total_words: int,
    same_story: Callable[[str, str], bool],
) -> list[SourceShare]:
    """Group traced passages by story, largest share first."""
    groups: list[list[PassageMatch]] = []
    for match in matches:
        for group in groups:
            if same_story(group[0].source.id, match.source.id):
                group.append(match)
                break
        else:
            groups.append([match])
    result = [
        SourceShare(
            source=group[0].source,
            matches=tuple(group),
            share=sum(m.words for m in group) / max(total_words, 1),
        )
        for group in groups
    ]
    return sorted(result, key=lambda s: -s.share)


def copy_of(stories: Sequence[SourceShare]) -> SourceShare | None:
    """The one story the article copies, if one explains most of it and no other adds
    a paragraph of its own (that is a stitch)."""
    if len(stories) >= 2 and stories[1].share >= SECOND_SHARE:
        return None
    if stories and stories[0].share >= COPY_SHARE:
        return stories[0]
    return None


def stitched_finding(stories: Sequence[SourceShare]) -> Finding | None:
    """A `stitched` finding when most of the article is pasted from 2+ stories.

    Evidence: every traced passage of this article; the message names each passage's
    source article (id, title, date).
    """
    if len(stories) < 2 or stories[1].share < SECOND_SHARE:
        return None
    if sum(s.share for s in stories) < STITCH_SHARE:
        return None
    matches = sorted((m for s in stories for m in s.matches), key=lambda m: m.passage.start)
    covered = round(100 * sum(s.share for s in stories))
    named = "; ".join(f"[{n}] {s.source.describe()}" for n, s in enumerate(stories, 1))
    number = {m.source.id: n for n, s in enumerate(stories, 1) for m in s.matches}
    passages = "; ".join(
        f"'{' '.join(m.passage.text.split()[:5])} …' [{number[m.source.id]}]" for m in matches
    )
    return Finding(
        kind="stitched",
        message=(
            f"{len(matches)} passage(s), {covered}% of the text, are pasted from "
            f"{len(stories)} different stories: {named}. Passages: {passages}"
        ),
        evidence=tuple(m.passage for m in matches),
    )
