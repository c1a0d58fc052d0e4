"""Read brat standoff attribution annotations (PolNeAR style) as gold quotes.

A brat folder holds one text and one `.ann` file per article, either in the PolNeAR
layout (`text/NAME.txt` beside `attributions/NAME_ANNOTATOR.ann`) or flat
(`NAME.txt` beside `NAME.ann`). When an article has several annotators, the
alphabetically first `.ann` file is used, so runs are deterministic.

Lines of an `.ann` file that matter here:

- `T3\\tContent 315 448;463 553\\tannotated text`: a text-bound annotation, possibly
  discontinuous (fragments joined by `;`; brat joins their texts with one space). The
  annotated text may run over several lines when a fragment contains newlines.
- `E1\\tAttribution:T4 Content:T3 Cue:T2 Source:T1`: one attribution, tying its parts.
  The trigger (`Attribution` or `Attribution-no-source`) is ignored; roles ending in a
  digit (`Content2`) add fragments to the same part.

A, R, M, N, `#` and `*` lines, and text-bound labels no event uses (`Discard`,
`Discuss`), are skipped. Every offset is checked against the text; a mismatch is
realigned to the nearest occurrence of the annotated string and counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EvalDataNotFound
from ..records import Span

CONTENT, CUE, SOURCE = "Content", "Cue", "Source"
_PARTS = (CONTENT, CUE, SOURCE)
_RECORD_LINE = re.compile(r"^(?:[TEARMN]\d+|#\d*|\*)\t")
_TEXT_BOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_ROLE_DIGITS = re.compile(r"\d+$")


@dataclass(frozen=True, kw_only=True, slots=True)
class GoldAttribution:
    """One annotated attribution; each part is a tuple of fragments, empty when absent."""

    id: str
    content: tuple[Span, ...] = ()
    cue: tuple[Span, ...] = ()
    source: tuple[Span, ...] = ()

    @property
    def content_text(self) -> str:
        """The content fragments' texts joined by a space, as brat shows them."""
        return " ".join(span.text for span in self.content)

    @property
    def source_text(self) -> str:
        return " ".join(span.text for span in self.source)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "content": [span.to_dict() for span in self.content],
            "cue": [span.to_dict() for span in self.cue],
            "source": [span.to_dict() for span in self.source],
        }


@dataclass(kw_only=True, slots=True)
class Alignment:
    """How the annotated strings of one or more `.ann` files agreed with their texts."""

    checked: int = 0
    mismatched: int = 0
    repaired: int = 0
    unrepaired: int = 0
    malformed_lines: int = 0
    dangling_refs: int = 0

    def add(self, other: Alignment) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, kw_only=True, slots=True)
class GoldArticle:
    """One annotated article: its text, its attributions and how well its offsets held."""

    name: str
    annotator: str | None
    text: str
    attributions: tuple[GoldAttribution, ...]
    alignment: Alignment = field(default_factory=Alignment)


@dataclass(frozen=True, slots=True)
class _TextBound:
    label: str
    fragments: tuple[tuple[int, int], ...]
    annotated: str


def brat_files(folder: Path) -> list[tuple[str, str | None, Path, Path]]:
    """List the articles of a brat folder as (name, annotator, text path, ann path).

    Args:
        folder (Path): a PolNeAR split (`text/`, `attributions/`) or a flat brat folder.

    Returns:
        list: one entry per article with both files, sorted by name; of several
        annotators the alphabetically first `.ann` file is taken.

    Raises:
        EvalDataNotFound: the folder is missing or holds no `.ann` file with its text.
    """
    expected = "a brat folder with text/NAME.txt and attributions/NAME_ANNOTATOR.ann"
    if not folder.is_dir():
        raise EvalDataNotFound(str(folder), expected)
    chosen: dict[str, tuple[str, str | None, Path, Path]] = {}
    if (folder / "attributions").is_dir():
        for ann in sorted((folder / "attributions").glob("*.ann")):
            name, _, annotator = ann.stem.rpartition("_")
            text = folder / "text" / f"{name}.txt"
            if name and name not in chosen and text.is_file():
                chosen[name] = (name, annotator, text, ann)
    else:
        for ann in sorted(folder.glob("*.ann")):
            text = ann.with_suffix(".txt")
            if text.is_file():
                chosen[ann.stem] = (ann.stem, None, text, ann)
    if not chosen:
        raise EvalDataNotFound(str(folder), expected)
    return [chosen[name] for name in sorted(chosen)]


def read_brat(folder: Path, *, limit: int | None = None) -> Iterator[GoldArticle]:
    """Yield the gold articles of a brat folder, in name order.

    Args:
        folder (Path): see `brat_files`.
        limit (int | None): stop after this many articles.

    Raises:
        EvalDataNotFound: the folder is missing or empty.
    """
    files = brat_files(folder)
    for name, annotator, text_path, ann_path in files[:limit]:
        yield read_article(name, text_path, ann_path, annotator=annotator)


def read_article(
    name: str, text_path: Path, ann_path: Path, *, annotator: str | None = None
) -> GoldArticle:
    """Read one text and its `.ann` file (bytes decoded as UTF-8, newlines kept as is)."""
    text = text_path.read_bytes().decode("utf-8")
    ann = ann_path.read_bytes().decode("utf-8")
    attributions, alignment = parse_ann(ann, text)
    return GoldArticle(
        name=name,
        annotator=annotator,
        text=text,
        attributions=attributions,
        alignment=alignment,
    )


def parse_ann(ann: str, text: str) -> tuple[tuple[GoldAttribution, ...], Alignment]:
    """Parse brat standoff `ann` against the article `text`.

    Args:
        ann (str): content of the `.ann` file.
        text (str): the article text the offsets point into.

    Returns:
        tuple: the attributions in E-line order, with parts as `Span`s built from
        `text` (so `span.text == text[start:end]` always), and the alignment counts.
    """
    alignment = Alignment()
    bounds, events = _read_lines(ann, alignment)
    spans = {tid: _align(bound, text, alignment) for tid, bound in bounds.items()}
    attributions = []
    for eid, args in events:
        parts: dict[str, list[Span]] = {part: [] for part in _PARTS}
        for role, tid in args:
            if tid not in spans:
                alignment.dangling_refs += 1
                continue
            part = _ROLE_DIGITS.sub("", role)
            if part in parts:
                parts[part].extend(spans[tid])
        attributions.append(
            GoldAttribution(
                id=eid,
                content=_ordered(parts[CONTENT]),
                cue=_ordered(parts[CUE]),
                source=_ordered(parts[SOURCE]),
            )
        )
    return tuple(attributions), alignment


def _ordered(spans: list[Span]) -> tuple[Span, ...]:
    return tuple(sorted(set(spans), key=lambda span: (span.start, span.end)))


def _read_lines(
    ann: str, alignment: Alignment
) -> tuple[dict[str, _TextBound], list[tuple[str, list[tuple[str, str]]]]]:
    """Split `ann` into text-bound annotations and events; other records are skipped.

    A line that starts no record continues the annotated text of the T line before it
    (brat writes fragments containing newlines verbatim); trailing blank lines are not
    part of it.
    """
    bounds: dict[str, _TextBound] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    current: list | None = None  # [tid, label, fragments, text lines]

    def close() -> None:
        if current is not None:
            tid, label, fragments, lines = current
            bounds[tid] = _TextBound(label, fragments, "\n".join(lines).rstrip("\n"))

    for line in ann.split("\n"):
        line = line.removesuffix("\r")
        if not _RECORD_LINE.match(line):
            if current is not None:
                current[3].append(line)
            elif line.strip():
                alignment.malformed_lines += 1
            continue
        close()
        current = None
        if line.startswith("T"):
            match = _TEXT_BOUND.match(line)
            if not match:
                alignment.malformed_lines += 1
                continue
            tid, label, offsets, annotated = match.groups()
            fragments = tuple(
                (int(start), int(end))
                for start, end in (piece.split() for piece in offsets.split(";"))
            )
            current = [tid, label, fragments, [annotated]]
        elif line.startswith("E"):
            eid, _, rest = line.partition("\t")
            args = [tuple(arg.split(":", 1)) for arg in rest.split()]
            if any(len(arg) != 2 for arg in args):
                alignment.malformed_lines += 1
                continue
            events.append((eid, args[1:]))  # args[0] is the trigger
    close()
    return bounds, events


def _align(bound: _TextBound, text: str, alignment: Alignment) -> list[Span]:
    """The spans of `bound` in `text`, realigned when offsets and annotated text disagree.

    A fragment whose text differs from its share of the annotated string moves to the
    nearest occurrence of that share (measured from its annotated start); when none
    exists, or the annotated string cannot be split into fragments, the offsets are kept
    (clipped to the text) and counted as unrepaired.
    """
    alignment.checked += 1
    fragments = [(max(0, min(s, len(text))), max(0, min(e, len(text)))) for s, e in bound.fragments]
    if " ".join(text[s:e] for s, e in fragments) == bound.annotated:
        return [Span.of(text, s, e) for s, e in fragments]
    alignment.mismatched += 1
    pieces = _split_annotated(bound)
    if pieces is None:
        alignment.unrepaired += 1
        return [Span.of(text, s, e) for s, e in fragments]
    spans = []
    for (start, end), piece in zip(fragments, pieces, strict=True):
        if text[start:end] == piece:
            spans.append(Span.of(text, start, end))
            continue
        found = _nearest(text, piece, start)
        if found is None:
            alignment.unrepaired += 1
            return [Span.of(text, s, e) for s, e in fragments]
        spans.append(Span.of(text, found, found + len(piece)))
    alignment.repaired += 1
    return spans


def _split_annotated(bound: _TextBound) -> list[str] | None:
    """Cut the annotated string into one piece per fragment, by the fragments' lengths."""
    if len(bound.fragments) == 1:
        return [bound.annotated] if bound.annotated else None
    lengths = [end - start for start, end in bound.fragments]
    if sum(lengths) + len(lengths) - 1 != len(bound.annotated):
        return None
    pieces, at = [], 0
    for length in lengths:
        pieces.append(bound.annotated[at : at + length])
        at += length + 1
    return pieces


def _nearest(text: str, piece: str, near: int) -> int | None:
    best = None
    at = text.find(piece)
    while at != -1:
        if best is None or abs(at - near) < abs(best - near):
            best = at
        at = text.find(piece, at + 1)
    return best
