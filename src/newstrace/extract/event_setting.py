"""Where, when and how many: an event's place, date and casualty count, from its sentence.

* Place: the place of the sentence a "in/near/around/between…" phrase attaches to the
  trigger ("killed … around the village of Kalaz Taktani"); else the place its clause
  is located in ("talks should resume in Geneva") unless that place is one of its actors
  ("Moscow accused …") or the place of some other word ("an affiliate in Syria").
* Date: the date of the same sentence nearest the trigger; durations ("the five-year
  war") are no dates of events, and the article's date is never assumed.
* Fatalities: each casualty statement goes to one event of its sentence, ASSAULT first,
  then COERCE and PROTEST, the nearest trigger among equals.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from spacy.tokens import Doc, Token

from ..nlp.docindex import index as doc_index
from ..records import DateRef, Fatalities, Place, Span
from .event_modality import clause_head
from .triggers import Trigger

PLACE_ATTACH = frozenset(
    {"in", "near", "around", "between", "at", "across", "outside", "inside", "into", "along"}
)
VIOLENT = ("ASSAULT", "COERCE", "PROTEST")


@dataclass(frozen=True, slots=True)
class Sentence:
    """Where an event is told: its trigger and the character range of its sentence."""

    trigger: Trigger
    start: int
    end: int


class _Located(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


Item = TypeVar("Item", bound=_Located)


class ByPosition(Sequence[Item], Generic[Item]):
    """Records with `start`/`end` that answer "which lie inside [start, end)?" by bisection,
    in their own order: asking every event of a long text about every place was quadratic.
    """

    def __init__(self, items: Sequence[Item]) -> None:
        self._items = list(items)
        self._order = sorted(range(len(self._items)), key=lambda i: self._items[i].start)
        self._starts = [self._items[i].start for i in self._order]

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i):  # type: ignore[override]
        return self._items[i]

    def __iter__(self) -> Iterator[Item]:
        return iter(self._items)

    def within(self, start: int, end: int) -> list[Item]:
        """The items with start <= item.start and item.end <= end, in their own order."""
        found = []
        for k in range(bisect.bisect_left(self._starts, start), len(self._order)):
            item = self._items[self._order[k]]
            if item.start > end:
                break
            if item.end <= end:
                found.append(self._order[k])
        return [self._items[i] for i in sorted(found)]


def _within(items: Sequence[Item], start: int, end: int) -> list[Item]:
    if isinstance(items, ByPosition):
        return items.within(start, end)
    return [item for item in items if start <= item.start and item.end <= end]


def _token_of(doc: Doc, char: int) -> Token | None:
    i = doc_index(doc).token_at(char)
    return doc[i] if i < len(doc) else None


def _attachment(token: Token) -> Token | None:
    """The word a place hangs from by "in/near/around/between…" ("killed ... around X")."""
    node = token
    for _ in range(5):
        parent = node.head
        if parent.i == node.i:
            return None
        if parent.dep_ == "prep" and parent.lower_ in PLACE_ATTACH and node.dep_ == "pobj":
            return parent.head
        if node.dep_ not in ("pobj", "conj", "compound", "appos", "prep", "amod"):
            return None
        node = parent
    return None


def taken_places(triggers: Iterable[Trigger], places: Sequence[Place], doc: Doc) -> dict[int, int]:
    """Place start -> the trigger head its preposition attaches it to, where it is one."""
    heads = {}
    for trig in triggers:
        for token in trig.tokens():
            heads[token.i] = trig.head.i
    taken: dict[int, int] = {}
    for place in places:
        token = _token_of(doc, place.start)
        anchor = _attachment(token) if token is not None else None
        if anchor is None:
            continue
        node = anchor
        for _ in range(3):  # "around the village of X", "between the city of X and …"
            if node.i in heads:
                taken[place.start] = heads[node.i]
                break
            if node.head.i == node.i:
                break
            node = node.head
    return taken


def place_of(
    where: Sentence, places: Sequence[Place], taken: dict[int, int], actors: Sequence[Span]
) -> Place | None:
    """The place attached to the trigger ("killed ... around X"), else the nearest place
    its clause locates ("talks should resume in Geneva") that is none of its `actors`."""
    head = where.trigger.head
    here = _within(places, where.start, where.end)
    own = [p for p in here if taken.get(p.start) == head.i]
    if not own:
        verb = clause_head(where.trigger)
        own = [
            p
            for p in here
            if p.start not in taken
            and not any(s.start < p.end and p.start < s.end for s in actors)
            and _locates(p, head.doc, verb)
        ]
    if not own:
        return None
    return min(own, key=lambda p: abs(p.start - head.idx))


def _locates(place: Place, doc: Doc, verb: Token) -> bool:
    """Whether a place says where a clause happens: hung by "in/near/…" from its verb."""
    token = _token_of(doc, place.start)
    if token is None:
        return False
    anchor = _attachment(token)
    return anchor is not None and anchor.i == verb.i


def date_of(where: Sentence, dates: Sequence[DateRef]) -> DateRef | None:
    """The date of the sentence nearest the trigger (durations are not dates of events)."""
    pool = [
        d for d in _within(dates, where.start, where.end) if not (d.value or "").startswith("P")
    ]
    if not pool:
        return None
    char = where.trigger.head.idx
    return min(pool, key=lambda d: abs(d.start - char))


def assign_fatalities(
    events: Sequence[tuple[Sentence, str]], casualties: Iterable[Fatalities]
) -> dict[int, Fatalities]:
    """Event index -> the casualty statement of its sentence, given (sentence, category)
    pairs; each statement goes to one event, ASSAULT events first."""
    rank = {plover: i for i, plover in enumerate(VIOLENT)}
    assigned: dict[int, Fatalities] = {}
    # the violent events by sentence start; a sentence holding the evidence starts at
    # most the longest sentence's length before it
    violent = sorted((where.start, i) for i, (where, plover) in enumerate(events) if plover in rank)
    starts = [start for start, _ in violent]
    longest = max((events[i][0].end - start for start, i in violent), default=0)
    for fatalities in casualties:
        evidence = fatalities.evidence
        low = bisect.bisect_left(starts, evidence.start - longest)
        high = bisect.bisect_right(starts, evidence.start)
        here = sorted(
            i
            for _, i in violent[low:high]
            if i not in assigned and evidence.end <= events[i][0].end
        )
        if not here:
            continue
        best = min(
            here,
            key=lambda i: (
                rank[events[i][1]],
                abs(events[i][0].trigger.head.idx - evidence.start),
            ),
        )
        assigned[best] = fatalities
    return assigned
