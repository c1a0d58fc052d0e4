"""Attribution findings inside one article: a speaker whose gender clashes with the pronoun
that refers back to them ("… Merkel said. His peace push …"), and a quote that an
organisation gives and "he said" continues ("The ministry said … "…," he said."): signs
that a quote was pinned on the wrong speaker or that paragraphs were stitched together.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from ..data import load_table
from ..extract.speakers import PERSON_LABELS, entity_in, gender_of, referent_of
from ..nlp.docindex import index
from ..records import Finding, Quote, Span

GENDER_WORDS = {"m": "a man", "f": "a woman"}


def _pronoun_gender(token: Token) -> str | None:
    entry = load_table("pronouns", "en").get(token.lower_)
    if entry is None or entry[1] not in ("m", "f"):
        return None
    return entry[1]


def find_attribution_problems(doc: Doc, quotes: list[Quote]) -> list[Finding]:
    """Flag quotes whose named speaker's gender clashes with the next sentence's pronoun.

    Only the pronoun opening the sentence right after the quote is checked: that is the
    one a reader takes to refer back to the speaker.
    """
    findings: list[Finding] = []
    seen: set[int] = set()
    for quote in quotes:
        speaker = quote.speaker
        if speaker is None or speaker.resolution != "explicit" or speaker.start in seen:
            continue
        person = entity_in(doc, speaker.start, speaker.end, PERSON_LABELS)
        if person is None:
            continue
        gender = gender_of(doc, person)
        if gender is None:
            continue
        last = max(quote.content.end, quote.cue.end if quote.cue else 0, speaker.end)
        pronoun = _next_sentence_opening(doc, last)
        if pronoun is None:
            continue
        pronoun_gender = _pronoun_gender(pronoun)
        if pronoun_gender is None or pronoun_gender == gender:
            continue
        seen.add(speaker.start)
        findings.append(
            Finding(
                kind="attribution_conflict",
                message=(
                    f"The quote is attributed to {speaker.name or speaker.text}, known as "
                    f"{GENDER_WORDS[gender]}, but the next sentence refers back with "
                    f"'{pronoun.text}': the quote may be misattributed or the passage stitched."
                ),
                evidence=(
                    Span.of(index(doc).text, speaker.start, speaker.end),
                    Span.of(index(doc).text, pronoun.idx, pronoun.idx + len(pronoun)),
                ),
            )
        )
    return findings + _organisation_then_person(doc, quotes)


def _organisation_then_person(doc: Doc, quotes: list[Quote]) -> list[Finding]:
    """Quotes given to "he"/"she" right after a quote of an organisation, same paragraph.

    The pronoun resolver leaves such a speaker unresolved (an organisation is never
    "he"); this says why it matters: the reader is led to take the organisation's
    words and the person's as one speaker's, so one of the two attributions is wrong
    (a person's name dropped, or a quote pinned on the organisation).
    """
    findings: list[Finding] = []
    text = index(doc).text
    ordered = sorted(quotes, key=lambda q: q.content.start)
    for before, quote in zip(ordered, ordered[1:], strict=False):
        speaker, earlier = quote.speaker, before.speaker
        if speaker is None or earlier is None or speaker.resolution != "unresolved":
            continue
        if earlier.resolution != "explicit" or earlier.end <= earlier.start:
            continue
        pronoun = _token_at(doc, speaker.start)
        if pronoun is None or _pronoun_gender(pronoun) is None:
            continue
        if "\n\n" in text[min(earlier.end, speaker.start) : speaker.start]:
            continue  # a new paragraph may bring its own speaker
        first, last = index(doc).token_at(earlier.start), index(doc).token_at(earlier.end)
        tokens = [t for t in doc[first:last] if not t.is_space]
        if not tokens or referent_of(doc, tokens).kind != "org":
            continue
        findings.append(
            Finding(
                kind="attribution_conflict",
                message=(
                    f"The quote before is given to {earlier.name or earlier.text}, an "
                    f"organisation, and this one to '{pronoun.text}', which an organisation "
                    "cannot be: a person's name is missing or a quote is pinned on the "
                    "organisation."
                ),
                evidence=(
                    Span.of(text, earlier.start, earlier.end),
                    Span.of(text, speaker.start, speaker.end),
                ),
            )
        )
    return findings


def _token_at(doc: Doc, char: int) -> Token | None:
    """The token starting at `char`, if one does."""
    at = index(doc).token_at(char)
    return doc[at] if at < len(doc) and doc[at].idx == char else None


def _next_sentence_opening(doc: Doc, char: int) -> Token | None:
    """The first word of the sentence after the one that holds `char`, in the same paragraph.

    The sentence is the first that holds `char` or ends at it: start_char <= char <=
    end_char. Sentences run in order, so it is the first one ending at or after `char`,
    found by bisection (a walk from the doc's start for every quote was quadratic).
    """
    found = index(doc)
    ends = found.derived.get("sentence_end_chars")
    if ends is None:
        ends = found.derived["sentence_end_chars"] = [s.end_char for s in found.sents]
    at = bisect.bisect_left(ends, char)  # type: ignore[arg-type]
    if at >= len(found.sents) or found.sents[at].start_char > char:
        return None
    sent = found.sents[at]
    following = sent.end
    while following < len(doc) and (doc[following].is_space or doc[following].is_punct):
        if "\n\n" in doc[following].text:
            return None
        following += 1
    if following >= len(doc) or "\n\n" in found.text[sent.end_char : doc[following].idx]:
        return None
    return doc[following]
