"""Normalised words, passages and word shingles: what the copy, stitch and spin checks compare.

Words are casefolded with apostrophes dropped ("Russia's" and "Russias" are one word:
some scrapers strip punctuation, the FA-KES corpus among them), so a copy that only
lost its punctuation still matches its source. Every word keeps its character offsets,
so a match found on normalised words maps back to a span of the article as written.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..records import Span

SHINGLE_SIZE = 3
# A passage shorter than this says too little to be traced to a source.
MIN_PASSAGE_WORDS = 8
# A block of text with no paragraph breaks is cut into windows of this many sentences,
# so a wall of text (a scraper that lost the breaks) still has passages to compare.
SENTENCES_PER_WINDOW = 3
LONG_BLOCK_WORDS = 120

_WORD = re.compile(r"\w+(?:['’‘`]\w+)*")
_APOSTROPHES = str.maketrans("", "", "'’‘`")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Word:
    """A word as compared (`norm`) and where it stands in the text."""

    norm: str
    start: int
    end: int


@lru_cache(maxsize=1 << 16)
def normalise(word: str) -> str:
    """The comparable form of one word: NFKC, casefolded, apostrophes dropped."""
    if word.isascii():
        return word.lower().translate(_APOSTROPHES)
    return unicodedata.normalize("NFKC", word).casefold().translate(_APOSTROPHES)


def _count(text: str, start: int, end: int) -> int:
    return sum(1 for _ in _WORD.finditer(text, start, end))


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of `text[start:end]`, normalised, with offsets into `text`."""
    stop = len(text) if end is None else end
    return [
        Word(normalise(match.group()), match.start(), match.end())
        for match in _WORD.finditer(text, start, stop)
    ]


def _outside(start: int, end: int, skip: Sequence[Span]) -> bool:
    return not any(span.start <= start and end <= span.end for span in skip)


def _sentence_windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start]
    for match in _SENTENCE_END.finditer(text, start, end):
        cuts.append(match.end())
    cuts.append(end)
    sentences = [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()]
    windows = []
    for i in range(0, len(sentences), SENTENCES_PER_WINDOW):
        group = sentences[i : i + SENTENCES_PER_WINDOW]
        windows.append((group[0][0], group[-1][1]))
    return windows


def passages(text: str, skip: Sequence[Span] = ()) -> list[tuple[int, int]]:
    """Character ranges of the article's passages: its paragraphs, boilerplate left out.

    A paragraph is a block between blank lines (a single line break also ends one when
    the text has no blank lines at all). A long block with no breaks is cut into windows
    of sentences. Passages of fewer than `MIN_PASSAGE_WORDS` words are dropped: a
    headline or a one-line caption is no evidence of copying.
    """
    breaks = _PARAGRAPH_BREAK if _PARAGRAPH_BREAK.search(text) else re.compile(r"\n+")
    blocks: list[tuple[int, int]] = []
    position = 0
    for match in breaks.finditer(text):
        blocks.append((position, match.start()))
        position = match.end()
    blocks.append((position, len(text)))
    result = []
    for start, end in blocks:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end or not _outside(start, end, skip):
            continue
        count = _count(text, start, end)
        pieces = _sentence_windows(text, start, end) if count > LONG_BLOCK_WORDS else [(start, end)]
        for a, b in pieces:
            while b > a and text[b - 1].isspace():
                b -= 1
            if _count(text, a, b) >= MIN_PASSAGE_WORDS:
                result.append((a, b))
    return result


def shingle_hashes(norms: Sequence[str], size: int = SHINGLE_SIZE) -> list[int]:
    """32-bit hashes of the word `size`-grams of `norms` (the whole, if shorter).

    CRC-32 is stable across processes (Python's `hash` is salted), so an index saved
    by one run answers queries of the next.
    """
    if not norms:
        return []
    if len(norms) < size:
        return [zlib.crc32(" ".join(norms).encode("utf-8"))]
    return sorted(
        {
            zlib.crc32(" ".join(norms[i : i + size]).encode("utf-8"))
            for i in range(len(norms) - size + 1)
        }
    )
