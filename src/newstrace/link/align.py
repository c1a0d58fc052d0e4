"""Word alignment of a passage with a candidate source: how much of it the source explains.

Alignment runs on normalised words (`shingles.words`), so punctuation, case and
apostrophes never count as differences; what remains is kept words, replaced words
(where spinning shows), and inserted or deleted stretches (where editing shows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from .shingles import Word


@dataclass(frozen=True, slots=True)
class Alignment:
    """`target` (this article's words) against `source`, as difflib opcodes."""

    target: Sequence[Word]
    source: Sequence[Word]
    opcodes: tuple[tuple[str, int, int, int, int], ...]

    @property
    def kept(self) -> int:
        """Target words found in the source in the same order."""
        return sum(j2 - j1 for tag, _, _, j1, j2 in self.opcodes if tag == "equal")

    @property
    def coverage(self) -> float:
        """Share of the target's words the source explains word for word."""
        return self.kept / len(self.target) if self.target else 0.0

    @property
    def replaced(self) -> int:
        """Target words standing where the source has other words."""
        return sum(j2 - j1 for tag, _, _, j1, j2 in self.opcodes if tag == "replace")

    @property
    def paraphrase_coverage(self) -> float:
        """Share of the target that is kept or swapped word for word (spinning keeps the
        sentence shape and swaps words; a different story shares neither)."""
        if not self.target:
            return 0.0
        swapped = sum(
            j2 - j1
            for tag, i1, i2, j1, j2 in self.opcodes
            if tag == "replace" and max(i2 - i1, j2 - j1) <= 4
        )
        return (self.kept + swapped) / len(self.target)


def align(target: Sequence[Word], source: Sequence[Word]) -> Alignment:
    """Align `target` words with `source` words (target is "b", source "a" of difflib)."""
    matcher = SequenceMatcher(
        None, [w.norm for w in source], [w.norm for w in target], autojunk=False
    )
    return Alignment(target=target, source=source, opcodes=tuple(matcher.get_opcodes()))


def align_window(
    target: Sequence[Word], source: Sequence[Word], bounds: Sequence[int]
) -> Alignment:
    """Realign `target` with the stretch of `source` it matched, cut at paragraph bounds.

    Aligned against a whole source, a passage's first or last swapped words face every
    source word before or after the match; cut to the matched paragraphs (`bounds`:
    word indexes where the source's paragraphs start, plus its length), they face only
    the words they replaced ("Russia" for "Russian Federation" opening a paragraph).
    """
    whole = align(target, source)
    equal = [(i1, i2) for tag, i1, i2, _, _ in whole.opcodes if tag == "equal"]
    if not equal:
        return whole
    # Source words each paragraph gives the passage. A passage copies one stretch of
    # consecutive paragraphs: the window is the run of matched paragraphs around the
    # one that gives most. A few words matched far away ("Matthew Rycroft said", put in
    # a copy in place of another speaker, and also said in a later paragraph) are a
    # coincidence of the alignment and must not stretch the window over them.
    edges = list(bounds) if bounds and bounds[-1] >= len(source) else [*bounds, len(source)]
    given = [0] * (len(edges) - 1)
    for i1, i2 in equal:
        for p in range(len(given)):
            given[p] += max(0, min(i2, edges[p + 1]) - max(i1, edges[p]))
    top = max(range(len(given)), key=given.__getitem__)
    lo = hi = top
    while lo > 0 and given[lo - 1]:
        lo -= 1
    while hi + 1 < len(given) and given[hi + 1]:
        hi += 1
    return align(target, source[edges[lo] : edges[hi + 1]])
