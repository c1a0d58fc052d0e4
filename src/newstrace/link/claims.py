"""Contested claims: within one story, what one speaker asserts and another disputes.

Every article of a story is read as statements: each quote with a named speaker, each
event a speaker is said to claim (`Event.claimed_by`) outside a quote, and each
rejection event ("the army denied …") with its source. A statement is a denial when
it holds a cue of the `denial_cues` lexicon ("a fabrication", "denied", "baseless").
Two statements of different speakers make a contested claim when

- `denial`: one asserts an event and the other denies, and the denial is about it: it
  names the claimant ("the Russian claim"), or comes from the side the claim accuses
  (the US answering that US jets bombed Aleppo), or names the same place or target;
- `blame`: in two articles, both assert an event of one kind at the same place or on
  the same target, and put it on different perpetrators.

Both sides' evidence is kept (article, speaker, the words). A contested claim is no
finding of one article (the contract's finding kinds are per article): `newstrace
stories` prints the claims with their story and, with --db, stores them beside it
(`stored_stories.py`, the store's `contested_claims` table, `GET /stories/{id}`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS

from ..data import load_table
from ..records import Article, Event, Quote, Span
from .misattribution import name_keys, same_speaker

NAMED = ("explicit", "coreference")
# Events that are something done to someone; a claim of talks or aid is rarely denied
# in the sense this module looks for, and two "said" verbs are not a contest.
ASSERTED = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "SEIZE", "THREATEN", "ACCUSE"})
PLACE_PRECISION = ("city", "village", "region")


@cache
def _denial_pattern() -> re.Pattern[str]:
    cues = sorted(load_table("denial_cues"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\b", re.IGNORECASE)


def denial_cue(text: str) -> str | None:
    """The first denial cue in `text` ("fabrication", "denied"), or None."""
    m = _denial_pattern().search(text)
    return m.group(0) if m else None


@dataclass(frozen=True, slots=True)
class Statement:
    """What one speaker says in one article, with what it is about."""

    article_id: str
    speaker: str
    country: str | None
    evidence: Span
    denial: bool
    kinds: frozenset[str]  # PLOVER categories of the events it asserts
    culprits: frozenset[str]  # who those events are put on (country codes, names)
    about: frozenset[str]  # places and targets it names
    names: frozenset[str]  # actors it names (country codes, name words)

    def to_dict(self) -> dict:
        return {
            "article": self.article_id,
            "speaker": self.speaker,
            "country": self.country,
            "evidence": self.evidence.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class ContestedClaim:
    """A claim of one speaker and the statement of another that disputes it."""

    story_id: str | None
    kind: str  # "denial" or "blame"
    claim: Statement
    counter: Statement

    @property
    def message(self) -> str:
        said = _short(self.claim.evidence.text)
        other = _short(self.counter.evidence.text)
        if self.kind == "denial":
            return (
                f"{self.claim.speaker} says '{said}'; {self.counter.speaker} denies it: '{other}'"
            )
        return (
            f"{self.claim.speaker} says '{said}'; {self.counter.speaker} puts it on someone "
            f"else: '{other}'"
        )

    def to_dict(self) -> dict:
        return {
            "story": self.story_id,
            "kind": self.kind,
            "message": self.message,
            "claim": self.claim.to_dict(),
            "counter": self.counter.to_dict(),
        }


def _short(text: str, words: int = 16) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


# ---- statements -------------------------------------------------------------------------


def _actor_keys(name: str | None, country: str | None) -> set[str]:
    keys = set()
    if country:
        keys.add(f"c:{country}")
    if name:
        keys |= {f"n:{k}" for k in name_keys(name)}
    return keys


def _about_words(text: str) -> set[str]:
    return {
        f"w:{w.lower()}"
        for w in re.findall(r"[A-Z][\w'’-]{3,}", text)
        if w.lower() not in STOP_WORDS
    }


class _Reader:
    """The statements of one article."""

    def __init__(self, article: Article) -> None:
        self.article = article

    def _inside(self, start: int, end: int) -> tuple[set[str], set[str]]:
        names, about = set(), set()
        for mention in self.article.mentions:
            if start <= mention.start and mention.end <= end and mention.actor is not None:
                names |= _actor_keys(mention.actor.name, mention.actor.country)
        for place in self.article.places:
            if start <= place.start and place.end <= end and place.precision in PLACE_PRECISION:
                about.add(f"p:{place.geonameid or place.name.lower()}")
        return names, about

    def _events_in(self, start: int, end: int) -> list[Event]:
        return [e for e in self.article.events if start <= e.trigger.start < end]

    def _event_keys(self, events: Iterable[Event]) -> tuple[set[str], set[str], set[str]]:
        kinds, culprits, about = set(), set(), set()
        for event in events:
            if event.negated or event.hypothetical or event.plover not in ASSERTED:
                continue
            kinds.add(event.plover)
            if event.source is not None:
                culprits |= _actor_keys(None, event.source.country) or _actor_keys(
                    event.source.name, None
                )
            if event.place is not None and event.place.precision in PLACE_PRECISION:
                about.add(f"p:{event.place.geonameid or event.place.name.lower()}")
            if event.target is not None:
                about |= _about_words(event.target.name)
        return kinds, culprits, about

    def _country_of(self, name: str) -> str | None:
        keys = name_keys(name)
        for mention in self.article.mentions:
            actor = mention.actor
            if actor is not None and actor.country and name_keys(actor.name) & keys:
                return actor.country
        return None

    def _statement(
        self,
        speaker: str,
        country: str | None,
        evidence: Span,
        context: tuple[int, int],
        denial: bool,
    ) -> Statement:
        names, about = self._inside(*context)
        kinds, culprits, event_about = self._event_keys(self._events_in(*context))
        return Statement(
            article_id=self.article.id,
            speaker=speaker,
            country=country or self._country_of(speaker),
            evidence=evidence,
            denial=denial,
            kinds=frozenset(kinds),
            culprits=frozenset(culprits),
            about=frozenset(about | event_about),
            names=frozenset(names),
        )

    def _from_quote(self, quote: Quote) -> Statement | None:
        speaker = quote.speaker
        if speaker is None or speaker.resolution not in NAMED or not speaker.name:
            return None
        content = quote.content
        cue = quote.cue.text if quote.cue else ""
        # a denial verb inside what is said is often about someone else's denial ("the
        # regime will deny the evidence"): in a quote only the speaker's own cue verb
        # ("denied", "dismissed") or a verdict word ("a fabrication") makes a denial
        verdict = denial_cue(content.text)
        denial = denial_cue(cue) is not None or (
            verdict is not None and verdict.lower() not in _denial_verbs()
        )
        actor = speaker.actor
        return self._statement(
            speaker.name,
            actor.country if actor else None,
            content,
            (content.start, content.end),
            denial,
        )

    def statements(self) -> list[Statement]:
        found = [s for q in self.article.quotes if (s := self._from_quote(q)) is not None]
        quoted = [
            (
                min(q.content.start, q.cue.start if q.cue else q.content.start),
                max(q.content.end, q.cue.end if q.cue else q.content.end),
            )
            for q in self.article.quotes
        ]
        for event in self.article.events:
            if any(a <= event.trigger.start < b for a, b in quoted):
                continue  # the quote holding it speaks for it
            evidence = event.evidence
            if event.plover == "REJECT" and event.source is not None and not event.negated:
                if denial_cue(evidence.text) is None:
                    continue  # "rejected the peace plan" is no denial of a claim
                found.append(
                    self._statement(
                        event.source.name,
                        event.source.country,
                        evidence,
                        (evidence.start, evidence.end),
                        True,
                    )
                )
            elif event.claimed_by and event.plover in ASSERTED and not event.negated:
                found.append(
                    self._statement(
                        event.claimed_by,
                        None,
                        evidence,
                        (evidence.start, evidence.end),
                        denial_cue(evidence.text) is not None,
                    )
                )
        return found


def statements(article: Article) -> list[Statement]:
    """The statements of `article`: named quotes, claimed events outside quotes and
    rejections with a denial cue."""
    return _Reader(article).statements()


# ---- contests ---------------------------------------------------------------------------


def _different(a: Statement, b: Statement) -> bool:
    if a.speaker.casefold() == b.speaker.casefold():
        return False
    keys_a, keys_b = name_keys(a.speaker), name_keys(b.speaker)
    if keys_a and keys_b and (keys_a <= keys_b or keys_b <= keys_a):
        return False  # "Noha" and "Noha Samira": one person named twice
    return same_speaker(a.speaker, b.speaker) is not True


@cache
def _denial_verbs() -> frozenset[str]:
    """The cues of the lexicon that are verbs of denial (not verdicts on a claim)."""
    return frozenset(cue for cue, (kind,) in load_table("denial_cues").items() if kind == "verb")


def _denies(claim: Statement, denial: Statement) -> bool:
    """Whether `denial` is about `claim`: it names the claimant ("the Russian claim"),
    answers for the side the claim accuses, names the claim's place or target, or
    denies an event of the same kind."""
    names = {k for k in _actor_keys(claim.speaker, None)}
    if claim.country and claim.country != denial.country:
        # a country says little when both sides are of it (a Syrian army denying a
        # Syrian monitor): then the name must do
        names.add(f"c:{claim.country}")
    if names & denial.names:
        return True
    if denial.country and f"c:{denial.country}" in claim.culprits:
        return True
    if claim.about & (denial.about | _about_words(denial.evidence.text)):
        return True
    return bool(claim.kinds & denial.kinds)


def _blames_another(a: Statement, b: Statement) -> bool:
    # two articles: inside one, two culprits at one place are mostly two events the
    # reporter lists (the raid, then the shelling), which nothing here tells apart
    return bool(
        a.article_id != b.article_id
        and a.kinds & b.kinds
        and a.about & b.about
        and a.culprits
        and b.culprits
        and not a.culprits & b.culprits
    )


def contested_claims(
    articles: Sequence[Article], story_id: str | None = None
) -> list[ContestedClaim]:
    """The contested claims among the statements of one story's `articles`."""
    said = [s for article in articles for s in statements(article)]
    claims = [s for s in said if s.kinds and not s.denial]
    denials = [s for s in said if s.denial]
    found: list[ContestedClaim] = []
    seen: set[tuple] = set()

    def add(kind: str, claim: Statement, counter: Statement) -> None:
        key = (claim.article_id, claim.evidence.start, counter.article_id, counter.evidence.start)
        if key in seen or (counter.article_id, counter.evidence.start) == key[:2]:
            return
        seen.add(key)
        seen.add((key[2], key[3], key[0], key[1]))
        found.append(ContestedClaim(story_id=story_id, kind=kind, claim=claim, counter=counter))

    for claim in claims:
        for denial in denials:
            if _different(claim, denial) and _denies(claim, denial):
                add("denial", claim, denial)
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            if _different(a, b) and _blames_another(a, b):
                add("blame", a, b)
    return found
