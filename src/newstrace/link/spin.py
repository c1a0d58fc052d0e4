"""Spun wording: words swapped for synonyms or expanded names so a copy hides its source.

Two ways in, one finding kind (`spun_phrase`):

- with a source: the passage is aligned word by word with the source passage it comes
  from (`align.align`); each short replacement inside otherwise kept text is classed as
  an *expansion* ("Russia" -> "Russian Federation", "NATO" -> "North Atlantic Treaty
  Organisation": the short side is the long side's initials or the stem of its first
  word), a *synonym swap* (content words for other content words) or an *edit* (numbers,
  names, inflection, function words: what editors change). Spinning swaps content
  words throughout a text; editing does not, so only a text with several swaps is
  reported (`MIN_SWAPS`, `MIN_SWAP_RATE`).
- without a source: the `spin_pairs` lexicon of known spinner output, each entry with
  the rule that makes it a sign (see the lexicon's header). `find_spun_phrases` needs
  no corpus and runs per article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from spacy.lang.en.stop_words import STOP_WORDS

from ..data import load_lexicon
from ..records import Finding, Span
from .align import Alignment
from .shingles import normalise

SubstitutionClass = Literal["expansion", "synonym", "edit"]

# At most this many words on either side of a swap: longer replacements are rewrites.
MAX_SWAP_WORDS = 4
# Kept words a swap needs on each side (or the passage's edge).
MIN_KEPT_AROUND = 2
# A text is spun when it has at least MIN_SWAPS swaps and they make MIN_SWAP_RATE of
# its aligned words: one or two changed words are what a sub-editor does.
MIN_SWAPS = 3
MIN_SWAP_RATE = 0.015
# Two expansions are enough on their own: editors do not spell out names twice.
MIN_EXPANSIONS = 2
MAX_LISTED = 6


@cache
def _calendar_words() -> frozenset[str]:
    """Month, weekday and relative-day words: changing them is an editor's update."""
    names = [
        entry.split("\t")[0]
        for lexicon in ("temporal_months", "temporal_weekdays", "temporal_words")
        for entry in load_lexicon(lexicon)
    ]
    return frozenset(normalise(name).rstrip(".") for name in names)


@dataclass(frozen=True, slots=True)
class Substitution:
    """Source words replaced by target words, with the target's span and its class."""

    source: str
    target: Span
    kind: SubstitutionClass


def _content(norm: str) -> bool:
    return norm not in STOP_WORDS and not any(ch.isdigit() for ch in norm)


def _initials(norms: Sequence[str]) -> str:
    return "".join(n[0] for n in norms if n not in ("of", "the", "and", "for"))


def _is_expansion(short: Sequence[str], long: Sequence[str]) -> bool:
    """`long` spells out `short`: its initials, or its first word grown from `short`."""
    if len(long) <= len(short) or len(short) > 2:
        return False
    joined = "".join(short)
    if len(short) == 1 and len(joined) >= 2 and _initials(long) == joined:
        return True
    # "russia" -> "russian federation", "iran" -> "islamic republic of iran"
    return (long[0].startswith(joined) and len(joined) >= 4) or (
        len(short) == 1 and long[-1] == joined
    )


def _same_stem(a: str, b: str) -> bool:
    size = min(len(a), len(b))
    return size >= 4 and a[: max(4, size - 2)] == b[: max(4, size - 2)]


def classify(source: Sequence[str], target: Sequence[str], *, names: bool) -> SubstitutionClass:
    """Class of the swap of normalised `source` words for `target` words.

    `names` says the target words are capitalised mid-sentence (a name): a changed name
    is an editor's correction or a misattribution, never a spinner's synonym, unless it
    is an expansion of the same name.
    """
    if _is_expansion(source, target) or _is_expansion(target, source):
        return "expansion"
    every = [*source, *target]
    if any(any(ch.isdigit() for ch in n) or n in _calendar_words() for n in every):
        return "edit"
    if names:
        return "edit"
    src_content = [n for n in source if _content(n)]
    tgt_content = [n for n in target if _content(n)]
    if not src_content or not tgt_content:
        return "edit"
    if len(source) == len(target) and all(
        _same_stem(a, b) for a, b in zip(source, target, strict=True)
    ):
        return "edit"  # inflection: "attack" -> "attacks"
    return "synonym"


def _capitalised(text: str, span: Span) -> bool:
    """Some word of the span is capitalised where capitals mean a name (not a sentence start)."""
    for match in re.finditer(r"\w+", span.text):
        if not match.group()[:1].isupper():
            continue
        before = text[: span.start + match.start()].rstrip()
        if before and before[-1] not in '.!?\n"“':
            return True
    return False


def _neighbour(ops: Sequence[tuple[str, int, int, int, int]], position: int) -> str:
    """ "kept" for 2+ kept words, "edge" past either end, else what the op is: a swap
    between single shared words is what two unrelated sentences align to."""
    if position < 0 or position >= len(ops):
        return "edge"
    tag, _, _, j1, j2 = ops[position]
    return "kept" if tag == "equal" and j2 - j1 >= MIN_KEPT_AROUND else tag


def substitutions(alignment: Alignment, text: str) -> list[Substitution]:
    """The short replacements inside kept text of `alignment`, classed.

    A replacement counts when kept words follow and precede it, or when it opens or
    closes the passage next to kept words (align against the matched source paragraphs,
    `align.align_window`, so an edge faces only the words it replaced).
    """
    found = []
    ops = alignment.opcodes
    for position, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "replace" or max(i2 - i1, j2 - j1) > MAX_SWAP_WORDS:
            continue
        before = _neighbour(ops, position - 1)
        after = _neighbour(ops, position + 1)
        if "kept" not in (before, after) or {before, after} - {"kept", "edge"}:
            continue
        source = [w.norm for w in alignment.source[i1:i2]]
        target_words = alignment.target[j1:j2]
        span = Span.of(text, target_words[0].start, target_words[-1].end)
        kind = classify(source, [w.norm for w in target_words], names=_capitalised(text, span))
        source_text = " ".join(source)
        found.append(Substitution(source=source_text, target=span, kind=kind))
    return found


def is_spun(found: Sequence[Substitution], aligned_words: int) -> bool:
    """Whether the swaps in `found` make a spun text (not an edited one)."""
    swaps = [s for s in found if s.kind != "edit"]
    expansions = sum(1 for s in swaps if s.kind == "expansion")
    if expansions >= MIN_EXPANSIONS:
        return True
    return len(swaps) >= MIN_SWAPS and len(swaps) >= MIN_SWAP_RATE * max(aligned_words, 1)


def aligned_spin_finding(found: Sequence[Substitution], source_names: str) -> Finding:
    """The `spun_phrase` finding of swaps found against known sources."""
    swaps = [s for s in found if s.kind != "edit"]
    listed = ", ".join(f"'{s.source}' -> '{s.target.text}'" for s in swaps[:MAX_LISTED])
    more = f" and {len(swaps) - MAX_LISTED} more" if len(swaps) > MAX_LISTED else ""
    expansions = sum(1 for s in swaps if s.kind == "expansion")
    return Finding(
        kind="spun_phrase",
        message=(
            f"{len(swaps)} word swap(s) against {source_names} ({expansions} name "
            f"expansion(s), {len(swaps) - expansions} synonym swap(s)): {listed}{more}; "
            "the text looks spun from its source"
        ),
        evidence=tuple(s.target for s in swaps),
    )


# ---- without a source: the lexicon of known spinner output ---------------------------


@dataclass(frozen=True, slots=True)
class SpinPair:
    spun: str
    usual: str
    rules: frozenset[str]
    pattern: re.Pattern[str]


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in phrase.split())
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


@cache
def spin_pairs(lang: str = "en") -> tuple[SpinPair, ...]:
    """The `spin_pairs` lexicon, compiled."""
    pairs = []
    for entry in load_lexicon("spin_pairs", lang):
        spun, usual, rules = (part.strip() for part in entry.split("\t"))
        pairs.append(
            SpinPair(
                spun=spun,
                usual=usual,
                rules=frozenset(rule.strip() for rule in rules.split(",")),
                pattern=_phrase_pattern(spun),
            )
        )
    return tuple(pairs)


_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)


def _inside(start: int, end: int, spans: Sequence[Span]) -> bool:
    return any(span.start <= start and end <= span.end for span in spans)


def find_spun_phrases(
    text: str,
    skip: Sequence[Span] = (),
    lang: str = "en",
    *,
    pairs: Sequence[SpinPair] | None = None,
) -> list[Finding]:
    """Flag known spinner substitutions in one article, no corpus needed.

    Boilerplate spans in `skip` are left out. One finding per lexicon entry that is a
    sign here, with every occurrence as evidence.

    Args:
        text: The article text (offsets of the evidence index into it).
        skip: Spans to ignore (the article's boilerplate).
        lang: Language of the lexicon.
        pairs: The entries to look for (default: the whole `spin_pairs` lexicon; the
            benchmark passes it without the pairs it holds out).
    """
    findings = []
    for pair in spin_pairs(lang) if pairs is None else pairs:
        hits = [m for m in pair.pattern.finditer(text) if not _inside(m.start(), m.end(), skip)]
        if not hits:
            continue
        signs = []
        for hit in hits:
            bare = not _THE_BEFORE.search(text[max(0, hit.start() - 6) : hit.start()])
            if "always" in pair.rules or ("bare" in pair.rules and bare):
                signs.append(Span.of(text, hit.start(), hit.end()))
        if not signs:
            continue
        why = (
            "a known spinner's phrase"
            if "always" in pair.rules
            else "an official long name used without 'the'"
        )
        findings.append(
            Finding(
                kind="spun_phrase",
                message=(
                    f"'{signs[0].text}' ({len(signs)}x) stands where news writing says "
                    f"'{pair.usual}': {why}, the mark of an article spinner"
                ),
                evidence=tuple(signs),
            )
        )
    return findings
