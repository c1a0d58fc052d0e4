"""Per-doc lookups that spaCy recomputes on every access, computed once.

`doc.text` joins every token, `doc.ents` builds new Span objects and `token.sent` walks
the sentences each time they are read; extractors that ask for them per quote or per
candidate turn linear work into quadratic. `index(doc)` builds the lookups once and
keeps them in `doc.user_data` until `release(doc)` (called by the extract job when a doc
is done), so nothing unpicklable stays on a doc that leaves the pipeline.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

_KEY = "newstrace_doc_index"


@dataclass
class DocIndex:
    text: str
    ents: tuple[Span, ...]
    sents: tuple[Span, ...]
    sent_starts: list[int]
    token_starts: list[int]
    ent_at_token: dict[int, Span] = field(default_factory=dict)
    # Lookups a stage derives from the ones above, built once under the stage's own key.
    derived: dict[str, object] = field(default_factory=dict)

    def sentence_of(self, token: Token) -> Span:
        """The sentence holding `token`."""
        return self.sents[bisect.bisect_right(self.sent_starts, token.i) - 1]

    def token_at(self, char: int) -> int:
        """Index of the first token starting at or after `char` (len(doc) if none)."""
        return bisect.bisect_left(self.token_starts, char)


def index(doc: Doc) -> DocIndex:
    """The lookups of `doc`, built on first use."""
    found = doc.user_data.get(_KEY)
    if found is None:
        ents = tuple(doc.ents)
        if doc.has_annotation("SENT_START"):
            sents: tuple[Span, ...] = tuple(doc.sents)
        else:
            sents = (doc[:],) if len(doc) else ()
        found = DocIndex(
            text=doc.text,
            ents=ents,
            sents=sents,
            sent_starts=[s.start for s in sents],
            token_starts=doc.to_array(IDX).tolist(),  # no Token object per word
            ent_at_token={e.start: e for e in ents},
        )
        doc.user_data[_KEY] = found
    return found


def release(doc: Doc) -> None:
    """Drop the lookups; call when the doc's entities may change or the doc is done."""
    doc.user_data.pop(_KEY, None)


class Ranges(Sequence[tuple[int, int]]):
    """Character ranges [start, end), sorted, that answer "is this offset inside one?" in
    O(log n): a text of thousands of quotation marks asked that once per token was
    quadratic. Iterates as the sorted (start, end) pairs it was given."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self._items = sorted(ranges)
        self._starts = [start for start, _ in self._items]
        self._reach: list[int] = []  # the furthest end of the ranges up to each one
        furthest = -1
        for _, end in self._items:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i):  # type: ignore[override]
        return self._items[i]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self._items)

    def holds(self, char: int) -> bool:
        """Whether `char` lies inside one of the ranges."""
        i = bisect.bisect_right(self._starts, char) - 1
        return i >= 0 and self._reach[i] > char

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The ranges that lie wholly inside [start, end), in order."""
        found = []
        for i in range(bisect.bisect_left(self._starts, start), len(self._items)):
            first, last = self._items[i]
            if first > end:
                break
            if last <= end:
                found.append((first, last))
        return found


def in_ranges(char: int, ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether `char` lies inside one of `ranges` (fast when they are `Ranges`)."""
    if isinstance(ranges, Ranges):
        return ranges.holds(char)
    return any(start <= char < end for start, end in ranges)
