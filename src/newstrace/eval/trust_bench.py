"""The seeded benchmark of `newstrace eval trust`, built from the FA-KES corpus.

Real articles of the Syrian war (FA-KES, 804 articles, ../shared/datasets/corpora) are
the untouched ones; from them the generator makes, with one `random.Random(seed)`:

- stitched articles: 1-3 consecutive paragraphs from each of 2-4 different articles,
  in shuffled order (gold: `stitched`);
- syndicated copies with light edits: a dateline, a dropped paragraph, a changed
  number, a credit line, at most one changed word (gold: `duplicate`);
- spun copies at several substitution rates (share of the words replaced): swaps of the
  `trust_eval_swaps` list and, where the list runs out, thesaurus stand-ins (a content
  word of the corpus for a content word) (gold: `duplicate`, `spun_phrase`);
- misattributed copies: a quoted person's name (found by a surface pattern, "NAME said")
  replaced by another person's name from the corpus (gold: `duplicate`,
  `attribution_conflict`), and faithful copies of half their originals (gold:
  `duplicate`, plus `attribution_conflict` when the misattributed copy came before
  them: that conflict is real); these and their originals go through the NLP pipeline,
  since quotes and speakers come from it.

FA-KES lost its paragraph breaks; every article is cut into paragraphs of 2-3 sentences
(seeded) before use, sources and copies alike. Near-duplicates inside FA-KES itself
(15 exact repeats, wire stories run by two outlets) are removed first, so an untouched
article has no copy it was not given.

The generator shares no code or word list with the detectors: its swaps come from
`trust_eval_swaps`, the detectors' lexicon is `spin_pairs`, and half of the swap pairs
(`held_out`) are removed from the detectors' lexicon for the run.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from ..core import article_id
from ..data import load_lexicon, load_table
from ..errors import EvalDataNotFound
from ..records import Article, InputArticle

SPIN_RATES = (0.05, 0.10, 0.20, 0.30)
# Article counts at full size (the FA-KES pool holds about 550 distinct articles).
FULL = {"stitched": 60, "syndicated": 60, "spun_per_rate": 30, "misattributed": 24}
FULL_POOL = 550
MIN_WORDS = 120
# An FA-KES article sharing this share of its 5-word shingles with an earlier one is a
# copy or an update of it: left out, so untouched articles have no copies of their own.
SHARED_TEXT = 0.1

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“A-Z0-9])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NUMBER = re.compile(r"\b\d{1,4}\b")
_SPEAKER = re.compile(
    r"\b([A-Z][a-z]+(?: [A-Z][a-z]+){1,2}) (?:said|says|told|added|stated|stressed)\b"
)
DATELINES = ("DAMASCUS", "BEIRUT", "ANKARA", "MOSCOW", "AMMAN", "CAIRO", "GENEVA")
CREDITS = (
    "(Reporting by staff; editing by the news desk)",
    "This article first appeared on a partner site.",
    "Copyright: all rights reserved by the syndicating agency.",
)


def default_corpus() -> Path:
    """FA-KES at `../shared/datasets/corpora/fa-kes.csv` beside the repo."""
    repo = Path(__file__).resolve().parents[3]
    return repo.parent / "shared" / "datasets" / "corpora" / "fa-kes.csv"


@dataclass(frozen=True, slots=True)
class Swap:
    word: str
    replacement: str
    kind: str

    @property
    def held_out(self) -> bool:
        return held_out(self.word, self.replacement)


def held_out(word: str, replacement: str) -> bool:
    """Whether the benchmark keeps this pair from the detectors (odd SHA-1 of the pair)."""
    return int(hashlib.sha1(f"{word}\t{replacement}".encode()).hexdigest(), 16) % 2 == 1


@cache
def swaps() -> tuple[Swap, ...]:
    """The generator's swap list (`trust_eval_swaps`)."""
    return tuple(Swap(*entry.split("\t")) for entry in load_lexicon("trust_eval_swaps"))


@dataclass(slots=True)
class BenchItem:
    """One benchmark article: the text, how it was made and the findings it should get."""

    text: str
    title: str | None
    published: str
    role: str
    gold: frozenset[str]
    rate: float | None = None
    held_out_only: bool = False
    sources: tuple[str, ...] = ()
    needs_nlp: bool = False
    # a faithful copy's misattributed sibling: the two conflict when it comes first
    sibling: str | None = None
    id: str = field(init=False)

    def __post_init__(self) -> None:
        self.id = article_id(self.text)

    def input(self) -> InputArticle:
        return InputArticle(
            source=f"bench:{self.role}:{self.id[:10]}",
            text=self.text,
            title=self.title,
            published=self.published,
            published_source="given",
        )

    def article(self) -> Article:
        return Article(
            id=self.id,
            source=f"bench:{self.role}:{self.id[:10]}",
            text=self.text,
            title=self.title,
            published=self.published,
            published_source="given",
        )


@dataclass(frozen=True, slots=True)
class Base:
    title: str
    published: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs) + "\n"


def _iso(value: str) -> str:
    month, day, year = (int(part) for part in value.split("/"))
    return date(year, month, day).isoformat()


def _later(published: str, rng: random.Random) -> str:
    return (date.fromisoformat(published) + timedelta(days=rng.randint(1, 5))).isoformat()


def _shingles(text: str) -> set[int]:
    tokens = [w.lower() for w in _WORD.findall(text)]
    return {zlib.crc32(" ".join(tokens[i : i + 5]).encode()) for i in range(len(tokens) - 4)}


def _paragraphs(text: str, rng: random.Random) -> tuple[str, ...]:
    sentences = [s.strip() for s in _SENTENCE.split(text) if s.strip()]
    paragraphs, i = [], 0
    while i < len(sentences):
        size = rng.choice((2, 3))
        paragraphs.append(" ".join(sentences[i : i + size]))
        i += size
    return tuple(paragraphs)


def load_pool(path: Path, rng: random.Random) -> list[Base]:
    """FA-KES articles of at least MIN_WORDS words, near-duplicates dropped, in paragraphs.

    Raises:
        EvalDataNotFound: the CSV is missing.
    """
    if not path.is_file():
        raise EvalDataNotFound(str(path), "the FA-KES CSV (fa-kes.csv, from ../shared)")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    seen: dict[int, list[int]] = {}
    pool: list[Base] = []
    for row in rows:
        text = row["article_content"].strip()
        if len(_WORD.findall(text)) < MIN_WORDS:
            continue
        own = _shingles(text)
        overlap = Counter(other for h in own for other in seen.get(h, ()))
        if own and overlap and max(overlap.values()) >= SHARED_TEXT * len(own):
            continue  # a copy of an article already in the pool
        index = len(pool)
        for h in own:
            seen.setdefault(h, []).append(index)
        pool.append(
            Base(
                title=row["article_title"].strip(),
                published=_iso(row["date"]),
                paragraphs=_paragraphs(text, rng),
            )
        )
    rng.shuffle(pool)
    return pool


# ---- the derived articles ---------------------------------------------------------------


def stitch(sources: Sequence[Base], rng: random.Random) -> BenchItem:
    chunks = []
    for base in sources:
        size = min(rng.randint(1, 3), len(base.paragraphs))
        start = rng.randint(0, len(base.paragraphs) - size)
        chunks.append(base.paragraphs[start : start + size])
    rng.shuffle(chunks)
    latest = max(base.published for base in sources)
    return BenchItem(
        text="\n\n".join(p for chunk in chunks for p in chunk) + "\n",
        title=sources[0].title,
        published=_later(latest, rng),
        role="stitched",
        gold=frozenset({"stitched"}),
        sources=tuple(article_id(base.text) for base in sources),
    )


def light_edits(base: Base, rng: random.Random, vocabulary: Sequence[str]) -> list[str]:
    """The paragraphs of a syndicated copy: what a partner site's editor changes."""
    paragraphs = list(base.paragraphs)
    if len(paragraphs) >= 4 and rng.random() < 0.5:
        del paragraphs[rng.randrange(1, len(paragraphs))]
    if rng.random() < 0.7:
        paragraphs[0] = f"{rng.choice(DATELINES)} - {paragraphs[0]}"
    if rng.random() < 0.5:
        i = rng.randrange(len(paragraphs))
        numbers = list(_NUMBER.finditer(paragraphs[i]))
        if numbers:
            m = rng.choice(numbers)
            changed = str(int(m.group()) + rng.randint(1, 5))
            paragraphs[i] = paragraphs[i][: m.start()] + changed + paragraphs[i][m.end() :]
    if rng.random() < 0.3:
        i = rng.randrange(len(paragraphs))
        paragraphs[i] = _stand_ins(paragraphs[i], 1, rng, vocabulary)
    if rng.random() < 0.5:
        paragraphs.append(rng.choice(CREDITS))
    return paragraphs


def syndicate(base: Base, rng: random.Random, vocabulary: Sequence[str]) -> BenchItem:
    return BenchItem(
        text="\n\n".join(light_edits(base, rng, vocabulary)) + "\n",
        title=base.title,
        published=_later(base.published, rng),
        role="syndicated",
        gold=frozenset({"duplicate"}),
        sources=(article_id(base.text),),
    )


def _match_case(original: str, replacement: str) -> str:
    if original.isupper() and len(original) > 1:
        return replacement if replacement[:1].isupper() else replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _content_word(word: str) -> bool:
    return word.islower() and len(word) >= 4 and word not in STOP_WORDS


def _stand_ins(text: str, count: int, rng: random.Random, vocabulary: Sequence[str]) -> str:
    """Replace `count` content words of `text` with other content words of the corpus."""
    spots = [m for m in _WORD.finditer(text) if _content_word(m.group())]
    chosen = sorted(rng.sample(spots, min(count, len(spots))), key=lambda m: m.start())
    out, last = [], 0
    for m in chosen:
        replacement = rng.choice(vocabulary)
        while replacement == m.group():
            replacement = rng.choice(vocabulary)
        out += [text[last : m.start()], replacement]
        last = m.end()
    return "".join(out) + text[last:]


def spin_text(
    text: str,
    rate: float,
    rng: random.Random,
    vocabulary: Sequence[str],
    *,
    held_out_only: bool,
) -> str:
    """`text` with `rate` of its words swapped: list swaps first, then stand-ins."""
    table = {s.word.lower(): s for s in swaps() if s.held_out or not held_out_only}
    matches = list(_WORD.finditer(text))
    target = max(1, round(rate * len(matches)))
    multi = [s for s in table.values() if " " in s.word]
    spots: list[tuple[int, int, str]] = []
    for swap in multi:
        for m in re.finditer(rf"\b{re.escape(swap.word)}\b", text):
            spots.append((m.start(), m.end(), swap.replacement))
    for m in matches:
        swap = table.get(m.group().lower())
        if swap is not None and " " not in swap.word:
            spots.append((m.start(), m.end(), _match_case(m.group(), swap.replacement)))
    rng.shuffle(spots)
    chosen: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for start, end, replacement in spots:
        if len(chosen) >= target:
            break
        if any(start < b and a < end for a, b in taken):
            continue
        chosen.append((start, end, replacement))
        taken.append((start, end))
    free = [
        m
        for m in matches
        if _content_word(m.group()) and not any(m.start() < b and a < m.end() for a, b in taken)
    ]
    for m in rng.sample(free, min(len(free), target - len(chosen))):
        replacement = rng.choice(vocabulary)
        if replacement != m.group():
            chosen.append((m.start(), m.end(), replacement))
    out, last = [], 0
    for start, end, replacement in sorted(chosen):
        out += [text[last:start], replacement]
        last = end
    return "".join(out) + text[last:]


def spin(
    base: Base,
    rate: float,
    rng: random.Random,
    vocabulary: Sequence[str],
    *,
    held_out_only: bool,
) -> BenchItem:
    return BenchItem(
        text=spin_text(base.text, rate, rng, vocabulary, held_out_only=held_out_only),
        title=base.title,
        published=_later(base.published, rng),
        role="spun",
        gold=frozenset({"duplicate", "spun_phrase"}),
        rate=rate,
        held_out_only=held_out_only,
        sources=(article_id(base.text),),
    )


@cache
def _first_names() -> frozenset[str]:
    return frozenset(load_table("first_names"))


def quoted_people(text: str) -> list[str]:
    """Names of people the text quotes, by the generator's own surface pattern."""
    names = []
    for m in _SPEAKER.finditer(text):
        name = m.group(1)
        if name.split()[0] in _first_names() and name not in names:
            names.append(name)
    return names


def misattribute(base: Base, victim: str, impostor: str, rng: random.Random) -> BenchItem:
    """A copy of `base` in which `impostor` says what `victim` said."""
    text = base.text.replace(victim, impostor)
    text = re.sub(rf"\b{re.escape(victim.split()[-1])}\b", impostor.split()[-1], text)
    return BenchItem(
        text=text,
        title=base.title,
        published=_later(base.published, rng),
        role="misattributed",
        gold=frozenset({"duplicate", "attribution_conflict"}),
        sources=(article_id(base.text),),
        needs_nlp=True,
    )


@dataclass(slots=True)
class Benchmark:
    """The benchmark articles in the order the pass sees them: originals, then the rest."""

    items: list[BenchItem]
    seed: int
    pool: int


def build_benchmark(
    path: Path | None = None, *, seed: int = 13, limit: int | None = None
) -> Benchmark:
    """Build the benchmark (same `seed`, same corpus: the same articles, byte for byte).

    Args:
        path: The FA-KES CSV (default: `default_corpus()`).
        seed: Seed of every random choice.
        limit: Use at most this many FA-KES articles; the derived counts shrink with it.
    """
    rng = random.Random(seed)
    pool = load_pool(path or default_corpus(), rng)
    if limit is not None:
        pool = pool[:limit]
    scale = min(1.0, len(pool) / FULL_POOL)
    counts = {key: max(1, round(value * scale)) for key, value in FULL.items()}
    vocabulary = sorted({w for base in pool for w in _WORD.findall(base.text) if _content_word(w)})
    bases: list[BenchItem] = []
    derived: list[BenchItem] = []
    cursor = 0

    def take(n: int) -> list[Base]:
        nonlocal cursor
        chosen = pool[cursor : cursor + n]
        cursor += len(chosen)
        return chosen

    def original(base: Base, needs_nlp: bool = False) -> None:
        bases.append(
            BenchItem(
                text=base.text,
                title=base.title,
                published=base.published,
                role="original",
                gold=frozenset(),
                needs_nlp=needs_nlp,
            )
        )

    # misattribution first: it needs originals with a quoted person
    quoted = [(base, quoted_people(base.text)) for base in pool]
    people = sorted({name for _, names in quoted for name in names})
    picked = [(b, names) for b, names in quoted if names][: counts["misattributed"]]
    picked_ids = {id(b) for b, _ in picked}
    pool[:] = [b for b, _ in picked] + [b for b in pool if id(b) not in picked_ids]
    cursor = len(picked)
    for index, (base, names) in enumerate(picked):
        original(base, needs_nlp=True)
        victim = names[0]
        surname = victim.split()[-1]
        impostor = rng.choice([p for p in people if p.split()[-1] != surname])
        item = misattribute(base, victim, impostor, rng)
        derived.append(item)
        if index % 2 == 0:  # a faithful copy of the same original: the hard negative
            copy = syndicate(base, rng, vocabulary)
            copy.needs_nlp = True
            copy.sibling = item.id
            derived.append(copy)
    for _ in range(counts["stitched"]):
        sources = take(rng.randint(2, 4))
        if len(sources) < 2:
            break
        for base in sources:
            original(base)
        derived.append(stitch(sources, rng))
    for base in take(counts["syndicated"]):
        original(base)
        derived.append(syndicate(base, rng, vocabulary))
    for rate in SPIN_RATES:
        for index, base in enumerate(take(counts["spun_per_rate"])):
            original(base)
            derived.append(spin(base, rate, rng, vocabulary, held_out_only=index % 2 == 0))
    for base in pool[cursor:]:
        original(base)  # untouched articles that nothing copies
    bases.sort(key=lambda item: (item.published, item.id))
    rng.shuffle(derived)
    position = {item.id: n for n, item in enumerate(derived)}
    for item in derived:
        if item.sibling is not None and position[item.sibling] < position[item.id]:
            # its quote is given to someone else by the earlier misattributed copy: a real
            # conflict, which the finding reports without knowing which side is wrong
            item.gold = item.gold | {"attribution_conflict"}
    unique: dict[str, BenchItem] = {}
    for item in bases + derived:
        unique.setdefault(item.id, item)
    return Benchmark(items=list(unique.values()), seed=seed, pool=len(pool))


def shuffled_order(bench: Benchmark, seed: int) -> list[BenchItem]:
    """The benchmark's articles in a seeded random order, copies before their originals
    as often as after, each with the gold of that order.

    Copies, stitches and spins keep their gold: the pass finds them whatever the order
    (a copy stored before its original is owed its findings when the original comes).
    An attribution conflict is reported by the later of two articles that disagree, so
    of a misattributed copy, its original and its faithful copy, an article has one
    when an article disagreeing with it (the misattributed copy for the other two, the
    other two for it) comes before it.
    """
    order = list(bench.items)
    random.Random(f"shuffled:{seed}").shuffle(order)
    position = {item.id: n for n, item in enumerate(order)}
    disagree: dict[str, set[str]] = {}
    for item in order:
        if item.role == "misattributed":
            rivals = {item.sources[0]} | {other.id for other in order if other.sibling == item.id}
            for rival in rivals & position.keys():
                disagree.setdefault(item.id, set()).add(rival)
                disagree.setdefault(rival, set()).add(item.id)
    shuffled = []
    for item in order:
        gold = item.gold - {"attribution_conflict"}
        if any(position[rival] < position[item.id] for rival in disagree.get(item.id, ())):
            gold |= {"attribution_conflict"}
        shuffled.append(item if gold == item.gold else replace(item, gold=frozenset(gold)))
    return shuffled
