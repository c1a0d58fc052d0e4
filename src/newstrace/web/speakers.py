"""Who is quoted how often and on what, and the same words given to different speakers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from ..store.base import QuoteHit

UNRESOLVED = "unresolved"
MIN_SHARED_WORDS = 4  # "he said no" twice is no evidence of a shared quote
TOP_TERMS = 5
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def normalise(content: str) -> str:
    """Quote content as a comparison key: case, quote marks, punctuation and spacing gone."""
    folded = unicodedata.normalize("NFKC", content).casefold().replace("’", "'")
    return " ".join(_WORD.findall(folded))


def speaker_of(hit: QuoteHit) -> str | None:
    """The resolved name of the quote's speaker, or None when it is unresolved."""
    speaker = hit.quote.speaker
    return speaker.name if speaker is not None and speaker.name else None


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """One speaker (or all unresolved quotes, `name` None) and what they are quoted on."""

    name: str | None
    quotes: int
    articles: int
    direct: int
    terms: tuple[str, ...]


def _terms(contents: Iterable[str]) -> tuple[str, ...]:
    words: Counter[str] = Counter()
    for content in contents:
        for word in set(normalise(content).split()):
            if len(word) > 2 and word not in STOP_WORDS and not word.isdigit():
                words[word] += 1
    return tuple(word for word, _ in words.most_common(TOP_TERMS))


def speaker_table(hits: Iterable[QuoteHit]) -> list[SpeakerRow]:
    """Speakers by how many quotes they have, most first; unresolved quotes in one row."""
    grouped: dict[str | None, list[QuoteHit]] = defaultdict(list)
    for hit in hits:
        grouped[speaker_of(hit)].append(hit)
    rows = [
        SpeakerRow(
            name=name,
            quotes=len(quotes),
            articles=len({hit.article_id for hit in quotes}),
            direct=sum(hit.quote.kind == "direct" for hit in quotes),
            terms=_terms(hit.quote.content.text for hit in quotes),
        )
        for name, quotes in grouped.items()
    ]
    return sorted(rows, key=lambda row: (-row.quotes, row.name is None, row.name or ""))


@dataclass(frozen=True, slots=True)
class SharedWords:
    """Words quoted more than once, given to more than one speaker: who got them, where."""

    words: str
    by_speaker: tuple[tuple[str | None, tuple[QuoteHit, ...]], ...]


def same_words(hits: Iterable[QuoteHit]) -> list[SharedWords]:
    """Quotes of the same words (after `normalise`) attributed to different speakers.

    An unresolved speaker counts as a speaker of its own: the same words given to a
    name in one article and to nobody in another is worth seeing side by side.
    Groups with the most speakers come first.
    """
    groups: dict[str, list[QuoteHit]] = defaultdict(list)
    for hit in hits:
        key = normalise(hit.quote.content.text)
        if len(key.split()) >= MIN_SHARED_WORDS:
            groups[key].append(hit)
    shared = []
    for quotes in groups.values():
        by_speaker: dict[str | None, list[QuoteHit]] = defaultdict(list)
        for hit in quotes:
            by_speaker[speaker_of(hit)].append(hit)
        if len(by_speaker) > 1:
            ordered = sorted(by_speaker.items(), key=lambda item: (item[0] is None, item[0] or ""))
            shared.append(
                SharedWords(
                    words=quotes[0].quote.content.text,
                    by_speaker=tuple((name, tuple(group)) for name, group in ordered),
                )
            )
    return sorted(shared, key=lambda group: (-len(group.by_speaker), group.words))
