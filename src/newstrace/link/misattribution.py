"""Misattribution across articles: the same quoted words given to different speakers.

Every quote with a named speaker goes into an LSH index of its word shingles. A later
article's quote that repeats an earlier quote's words (most of the shorter one's
3-word shingles) but names a speaker who shares no name word with the earlier one gets
an `attribution_conflict` finding naming both speakers and the earlier article. Names
are compared on their distinctive words (titles such as "President" left out), so
"Lavrov" and "Foreign Minister Sergei Lavrov" are one speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from datasketch import MinHashLSH
from spacy.lang.en.stop_words import STOP_WORDS

from ..data import load_lexicon, load_table
from ..records import Article, Finding, Quote, Span
from .align import Alignment
from .dedup import BANDS, NUM_PERM, signature
from .shingles import normalise, shingle_hashes, words
from .spin import classify

# Shorter quotes ("a fabrication") are repeated by anyone who reacts to them.
MIN_QUOTE_WORDS = 8
# Share of the shorter quote's shingles the two must share to be the same words.
SAME_WORDS = 0.6
NAMED = ("explicit", "coreference")
# Two name words this alike (difflib ratio) are one name spelled two ways.
SPELLING_RATIO = 0.75


@cache
def _title_words() -> frozenset[str]:
    """Words of a name that say what someone is, not who: titles and one-word agents."""
    titles = {entry.split("\t")[0] for entry in load_lexicon("person_titles")}
    agents = {phrase for phrase in load_table("agents") if " " not in phrase}
    return frozenset(normalise(word).rstrip(".") for word in titles | agents) | STOP_WORDS


def name_keys(name: str) -> frozenset[str]:
    """The distinctive words of a speaker's name: what two mentions of one person share."""
    return frozenset(
        w.norm for w in words(name) if len(w.norm) >= 3 and w.norm not in _title_words()
    )


def _alike(a: str, b: str) -> bool:
    # one name spelled two ways: transliteration ("Cavusoglu"/"Çavuşoğlu") or a scraper
    # that lost the non-ASCII letters ("avuolu")
    return SequenceMatcher(None, a, b).ratio() >= SPELLING_RATIO


def _surname(name: str) -> str | None:
    keys = name_keys(name)
    distinctive = [w.norm for w in words(name) if w.norm in keys]
    return distinctive[-1] if distinctive else None


def same_speaker(a: str, b: str) -> bool | None:
    """Whether two names can be one speaker; None when either has no distinctive word.

    Surnames decide (the last distinctive word): "John Kerry" and "John Kirby" share a
    first name, not a speaker.
    """
    if "\ufffd" in a or "\ufffd" in b:
        return None  # letters lost in decoding: the name cannot be read, let alone compared
    sa, sb = _surname(a), _surname(b)
    if sa is None or sb is None:
        return None
    return sa == sb or _alike(sa, sb)


@cache
def cue_forms() -> frozenset[str]:
    """Inflected forms of the one-word cue verbs of `quote_verbs` ("said", "warns")."""
    forms = {form for form in load_table("cue_verb_past")}
    for lemma in load_lexicon("quote_verbs"):
        if " " in lemma:
            continue
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing"}
        if lemma.endswith("y"):
            forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
        if len(lemma) >= 3 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou":
            forms |= {lemma + lemma[-1] + "ed"}
    return frozenset(forms)


def _name_words(text: str, *contexts: str) -> bool:
    """Whether `text` reads as a name: capitalised words that the texts never write in
    lower case ("Civilians" opening a sentence is the word "civilians", not a name)."""
    tokens = re.findall(r"[^\W\d_]+", text)
    if not tokens or not all(t[:1].isupper() or t in ("al", "bin", "ibn", "el") for t in tokens):
        return False
    return not any(
        re.search(rf"\b{re.escape(t.lower())}\b", context)
        for t in tokens
        if t[:1].isupper()
        for context in contexts
    )


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in '.!?\n"“”'


def swapped_speakers(
    alignment: Alignment, text: str, source_text: str, source: str
) -> list[Finding]:
    """Name swaps next to a cue verb in a passage of a copy, aligned with its source.

    A copy that keeps the words and changes the name beside "said" ("Erdogan said" ->
    "Jundi said", "according to Lavrov" -> "according to Kerry") gives the source's
    quote to someone else: an `attribution_conflict`, found with no quote extraction.

    Args:
        alignment: This passage (target) against the source words (`align_window`).
        text: This article's text; `source_text`: the source's, for the other name.
        source: How to name the source article in the message.
    """
    findings = []
    target, src = alignment.target, alignment.source
    cues = cue_forms()
    for tag, i1, i2, j1, j2 in alignment.opcodes:
        if tag != "replace" or max(i2 - i1, j2 - j1) > 4:
            continue
        new = text[target[j1].start : target[j2 - 1].end]
        old = source_text[src[i1].start : src[i2 - 1].end]
        if not (_name_words(new, text, source_text) and _name_words(old, text, source_text)):
            continue
        if _opens_sentence(text, target[j1].start) and j2 - j1 == 1:
            continue  # one capitalised word opening a sentence may be any word
        if (
            same_speaker(new, old) is not False
            or classify([w.norm for w in src[i1:i2]], [w.norm for w in target[j1:j2]], names=True)
            == "expansion"
        ):
            continue  # "Russia" spelled out as "Russian Federation" is spin, not a new speaker
        after = target[j2].norm if j2 < len(target) else ""
        before = [w.norm for w in target[max(0, j1 - 2) : j1]]
        if not (
            after in cues or before[-1:] and before[-1] in cues or before == ["according", "to"]
        ):
            continue
        findings.append(
            Finding(
                kind="attribution_conflict",
                message=(
                    f"This copy of {source} gives to {new} what the source attributes to "
                    f"{old}: the speaker's name was changed beside the cue"
                ),
                evidence=(Span.of(text, target[j1].start, target[j2 - 1].end),),
            )
        )
    return findings


@dataclass(frozen=True, slots=True)
class QuoteEntry:
    article_id: str
    title: str | None
    speaker: str
    hashes: frozenset[int]
    text: str


def _named(quote: Quote, people: frozenset[str] | None) -> str | None:
    """The quote's speaker name when it names a person (`people`: the name words of the
    article's PERSON mentions; None when the article has no mentions to check with)."""
    speaker = quote.speaker
    if speaker is None or speaker.resolution not in NAMED or not speaker.name:
        return None
    if people is not None and not name_keys(speaker.name) & people:
        return None  # a place ("BEIRUT -") or a group taken for the speaker
    return speaker.name


def _people(article: Article) -> frozenset[str] | None:
    if not article.mentions:
        return None
    return frozenset(
        key for m in article.mentions if m.label == "PERSON" for key in name_keys(m.text)
    )


class QuoteIndex:
    """Named quotes of the articles seen so far, found by the words they share."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(num_perm=NUM_PERM, params=BANDS)
        self.entries: list[QuoteEntry] = []

    def __len__(self) -> int:
        return len(self.entries)

    def _quotes(self, article: Article) -> Iterable[tuple[Quote, str, frozenset[int]]]:
        people = _people(article)
        for quote in article.quotes:
            name = _named(quote, people)
            if name is None:
                continue
            norms = [w.norm for w in words(quote.content.text)]
            if len(norms) < MIN_QUOTE_WORDS:
                continue
            yield quote, name, frozenset(shingle_hashes(norms))

    def add(self, article: Article) -> None:
        """Index the named quotes of `article`."""
        for quote, name, hashes in self._quotes(article):
            key = len(self.entries)
            self.entries.append(
                QuoteEntry(
                    article_id=article.id,
                    title=article.title,
                    speaker=name,
                    hashes=hashes,
                    text=quote.content.text[:200],
                )
            )
            self.lsh.insert(key, signature(sorted(hashes)), check_duplication=False)

    def conflicts(self, article: Article) -> list[Finding]:
        """`attribution_conflict` findings for quotes an earlier article gives to another."""
        return [finding for finding, _ in self.sourced_conflicts(article)]

    def sourced_conflicts(self, article: Article) -> list[tuple[Finding, str]]:
        """`conflicts`, each with the id of the earlier article it disagrees with."""
        findings = []
        for quote, name, hashes in self._quotes(article):
            for key in sorted(self.lsh.query(signature(sorted(hashes)))):
                earlier = self.entries[key]
                if earlier.article_id == article.id:
                    continue
                shared = len(hashes & earlier.hashes) / min(len(hashes), len(earlier.hashes))
                if shared < SAME_WORDS or same_speaker(name, earlier.speaker) is not False:
                    continue
                findings.append((_conflict(article, quote, name, earlier), earlier.article_id))
                break
        return findings


def _conflict(article: Article, quote: Quote, name: str, earlier: QuoteEntry) -> Finding:
    title = f" '{earlier.title}'" if earlier.title else ""
    opening = " ".join(quote.content.text.split()[:8])
    speaker = quote.speaker
    evidence = [quote.content]
    if speaker is not None and speaker.end > speaker.start:
        evidence.append(Span.of(article.text, speaker.start, speaker.end))
    return Finding(
        kind="attribution_conflict",
        message=(
            f"The words '{opening} …' are given to {name} here, but article "
            f"{earlier.article_id[:12]}{title} gives them to {earlier.speaker}: "
            "one of the two attributions is wrong"
        ),
        evidence=tuple(evidence),
    )
