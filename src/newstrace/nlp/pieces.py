"""Run the stock pipeline over bounded pieces of a text, and our components over all of it.

spaCy's tagger, parser and NER keep every token of a doc in memory at once, and the
parser makes one "sentence" of any stretch without a sentence end: a hostile 1 MB line
("John Smith, Mary Jones, …", a word list, a number dump) becomes one sentence of a
quarter of a million tokens, and every stage that looks around a token within its
sentence pays for that sentence's length. So before spaCy sees a text it is cut into
pieces: a stretch of more than `MAX_RUN` characters with no sentence end or line break
is cut at a space (no sentence in 986 news articles of PolNeAR and the demo corpus runs
past 1,000 characters), and a text of more than `LONG_TEXT` characters is packed into
pieces of at most `MAX_PIECE`, cut at paragraph breaks where it can, else at line
breaks, else at sentence ends. The stock components run on the pieces (each piece
starts a sentence); `Doc.from_docs` joins them back into one doc whose text is exactly
the input's, so every offset holds, and the components that need the whole article
(gazetteer, mentions, quotes: one sense per discourse, pronouns, full names) run on it.

A text of at most `LONG_TEXT` characters whose sentences are of news length is one
piece, and is processed exactly as before.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

# Longest stretch without a sentence end or line break handed to spaCy as it is.
MAX_RUN = 3_000
# Texts longer than this are packed into pieces of at most MAX_PIECE characters.
LONG_TEXT = 50_000
MAX_PIECE = 10_000
# Most characters the stock components see in one batch: their activations over a batch
# of 64 pieces (640,000 characters of a 1 MB line) took 2.8 GB; 64 news articles are about
# 170,000 characters (2.65 kB each on average), so batches of news are seldom cut.
MAX_BATCH_CHARS = 200_000
# Components that read the whole article; they run on the joined doc.
WHOLE_DOC_COMPONENTS = frozenset({"newstrace_gazetteer", "newstrace_mentions", "newstrace_quotes"})

# A paragraph break, a line break, or a sentence end (closing quotes and brackets kept).
_BREAK = re.compile(r"\n[ \t]*\n|\n|[.!?][\"'”’»)\]]*[ \t]")
_PARAGRAPH, _LINE, _SENTENCE, _FORCED = 3, 2, 1, 0

Context = TypeVar("Context")


def piece_bounds(
    text: str,
    *,
    max_run: int = MAX_RUN,
    long_text: int = LONG_TEXT,
    max_piece: int = MAX_PIECE,
) -> list[tuple[int, int]]:
    """The [start, end) character ranges of the pieces of `text`, in order, covering it.

    An empty text is one empty piece. Cuts fall after the break they are at, so a piece
    never starts with the newline or space that ended the one before.
    """
    size = len(text)
    offsets: list[int] = []
    strengths: list[int] = []
    forced: list[int] = []
    last = 0
    for match in _BREAK.finditer(text):
        _cut_runs(text, last, match.start(), max_run, offsets, strengths, forced)
        kind = match.group()
        offsets.append(match.end())
        strengths.append(
            _PARAGRAPH if kind.count("\n") > 1 else _LINE if "\n" in kind else _SENTENCE
        )
        last = match.end()
    _cut_runs(text, last, size, max_run, offsets, strengths, forced)

    cuts: list[int] = []
    at = 0
    packing = size > long_text
    while True:
        limit = at + max_piece if packing else size
        next_forced = (
            forced[bisect.bisect_right(forced, at)] if forced and forced[-1] > at else None
        )
        if next_forced is not None and next_forced <= limit and next_forced < size:
            cuts.append(next_forced)
            at = next_forced
            continue
        if not packing or limit >= size:
            break
        at = _best_break(text, offsets, strengths, at, max_piece)
        cuts.append(at)
    bounds = [0, *cuts, size]
    return [
        (start, end) for start, end in zip(bounds, bounds[1:], strict=False) if end > start
    ] or [(0, size)]


def _cut_runs(
    text: str,
    start: int,
    end: int,
    max_run: int,
    offsets: list[int],
    strengths: list[int],
    forced: list[int],
) -> None:
    """Cut [start, end), a stretch with no break, into runs of at most `max_run` characters:
    after the last space of each run's second half, else hard at `max_run`."""
    while end - start > max_run:
        space = text.rfind(" ", start + max_run // 2, start + max_run)
        cut = space + 1 if space >= 0 else start + max_run
        offsets.append(cut)
        strengths.append(_FORCED)
        forced.append(cut)
        start = cut


def _best_break(
    text: str, offsets: list[int], strengths: list[int], at: int, max_piece: int
) -> int:
    """Where the piece starting at `at` ends: the strongest break in the second half of
    its window (the latest of equals), else a space, else `max_piece` characters on."""
    low = bisect.bisect_right(offsets, at + max_piece // 2)
    high = bisect.bisect_right(offsets, at + max_piece)
    if low < high:
        best = max(range(low, high), key=lambda k: (strengths[k], offsets[k]))
        return offsets[best]
    space = text.rfind(" ", at + 1, at + max_piece)
    return space + 1 if space > at else at + max_piece


def pipe_pieces(
    nlp: Language,
    items: Iterable[tuple[str, Context]],
    *,
    batch_size: int,
) -> Iterator[tuple[Doc, Context]]:
    """`nlp.pipe(items, as_tuples=True)`, with the stock components run piece by piece.

    Yields one doc per item, in order, whose text is the item's text exactly.
    """
    whole = [name for name in nlp.pipe_names if name in WHOLE_DOC_COMPONENTS]
    local = [name for name in nlp.pipe_names if name not in WHOLE_DOC_COMPONENTS]

    def pieces() -> Iterator[tuple[str, tuple[bool, Context]]]:
        for text, context in items:
            bounds = piece_bounds(text)
            for number, (start, end) in enumerate(bounds, start=1):
                yield text[start:end], (number == len(bounds), context)

    def joined() -> Iterator[tuple[Doc, Context]]:
        parts: list[Doc] = []
        for group in _batches(pieces(), batch_size, MAX_BATCH_CHARS):
            stream = nlp.pipe(group, as_tuples=True, batch_size=batch_size, disable=whole)
            for doc, (last, context) in stream:
                parts.append(doc)
                if last:
                    yield (parts[0] if len(parts) == 1 else _join(parts)), context
                    parts = []

    yield from nlp.pipe(joined(), as_tuples=True, batch_size=batch_size, disable=local)


def _batches(
    items: Iterable[tuple[str, Context]], size: int, max_chars: int
) -> Iterator[list[tuple[str, Context]]]:
    """`items` in lists of at most `size` items and `max_chars` characters (one at least)."""
    group: list[tuple[str, Context]] = []
    chars = 0
    for item in items:
        if group and (len(group) == size or chars + len(item[0]) > max_chars):
            yield group
            group, chars = [], 0
        group.append(item)
        chars += len(item[0])
    if group:
        yield group


def _join(parts: list[Doc]) -> Doc:
    """One doc of `parts`, its text their texts end to end (no space added between)."""
    return Doc.from_docs(parts, ensure_whitespace=False)
