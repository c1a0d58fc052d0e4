"""Adding one article to the duplicate index: near-constant time from 10k to 100k articles.

The index (`newstrace.link.dedup.DedupIndex`) is filled with synthetic articles made
from FA-KES: each is a real article (cut into paragraphs) with half its words replaced
by other corpus words, so articles are distinct, as in a real store, but read like
news. Past `--real` articles (default 10,000) the filler articles are signatures only:
random MinHash values, one per passage (as many passages as the real articles have on
average) plus one for the whole, which is what unrelated articles look like to LSH;
they take the same index memory as real ones and keep filling to 100,000 within
minutes on a shared machine. At each size (default 10,000 and 100,000) it times, over
the same real probe articles:

- `add`: sign one article (passages, shingles, MinHash) and insert it, what ingest does;
- `check`: the whole corpus pass for one article (`TrustPass.check`: query, fetch and
  align the candidates, add), with probes that are half fresh articles and half
  syndicated copies of indexed ones, so candidate verification is part of the cost.

and reports the mean milliseconds, the 100k/10k ratio, the index's memory per article
(growth of the process's RSS between the two sizes, over the articles added; texts
are regenerated on demand, never kept) and its pickled size per article.

Usage: python benchmarks/dedup.py [--sizes 10000 100000] [--probes 200]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from datasketch import MinHash

from newstrace.core import article_id
from newstrace.link.corpus import TrustPass, TrustState
from newstrace.link.dedup import NUM_PERM, SEED, Signed, sign, signature
from newstrace.records import Article

CORPUS = Path(__file__).resolve().parents[1].parent / "shared/datasets/corpora/fa-kes.csv"
_WORD = re.compile(r"[A-Za-z]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


def rss_mb() -> float:
    """Current resident set size of this process, in MB."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


class Synthetic:
    """Article `n` of the synthetic corpus, regenerated from `n` alone."""

    def __init__(self, path: Path) -> None:
        with path.open(encoding="utf-8", newline="") as handle:
            self.texts = [row["article_content"] for row in csv.DictReader(handle)]
        self.vocabulary = sorted({w for t in self.texts for w in _WORD.findall(t) if len(w) > 3})

    def text(self, n: int) -> str:
        rng = random.Random(n)
        base = self.texts[n % len(self.texts)]
        sentences = _SENTENCE.split(base)
        paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        out = []
        for paragraph in paragraphs:
            out.append(
                _WORD.sub(
                    lambda m: rng.choice(self.vocabulary) if rng.random() < 0.5 else m.group(),
                    paragraph,
                )
            )
        return "\n\n".join(out) + "\n"

    def article(self, n: int) -> Article:
        text = self.text(n)
        return Article(id=article_id(text), source=f"synthetic:{n}", text=text)


TEMPLATE = signature([])


def filler(rng: np.random.Generator, passages: list[int]) -> Signed:
    """The signature of an article unrelated to every other: random MinHash values."""
    count = passages[int(rng.integers(len(passages)))]

    def random_signature() -> MinHash:
        values = rng.integers(0, 2**32, NUM_PERM, dtype=np.uint64).astype(np.uint32)
        return MinHash(
            hashvalues=values, permutations=TEMPLATE.permutations, scheme="affine32", seed=SEED
        )

    return Signed(
        text="",
        passages=((0, 0),) * count,
        whole=random_signature(),
        parts=tuple(random_signature() for _ in range(count)),
    )


def measure(pass_: TrustPass, synthetic: Synthetic, size: int, probes: int, real: int) -> dict:
    """Time `add` and `check` for `probes` articles at the index's current `size`."""
    index = pass_.state.dedup
    fresh = [synthetic.article(10_000_000 + size + i) for i in range(probes)]
    started = time.perf_counter()
    for article in fresh[: probes // 2]:
        index.add(article.id, sign(article.text))
    add_ms = (time.perf_counter() - started) * 1000 / (probes // 2)
    copies = []
    for i in range(probes // 2):
        original = synthetic.article(random.Random(size + i).randrange(min(size, real)))
        copies.append(
            Article(
                id=article_id("BEIRUT - " + original.text),
                source="copy",
                text="BEIRUT - " + original.text,
            )
        )
    checks = [*fresh[probes // 2 :], *copies]
    started = time.perf_counter()
    found = 0
    for article in checks:
        found += any(f.kind == "duplicate" for f in pass_.check(article))
    check_ms = (time.perf_counter() - started) * 1000 / len(checks)
    return {"add_ms": add_ms, "check_ms": check_ms, "copies_found": found / len(copies)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--real", type=int, default=10_000, help="Real articles first.")
    args = parser.parse_args()
    if not CORPUS.is_file():
        sys.exit(f"{CORPUS} is missing: the benchmark builds its articles from FA-KES")
    synthetic = Synthetic(CORPUS)
    by_id: dict[str, int] = {}

    def lookup(article_id_: str) -> Article | None:
        n = by_id.get(article_id_)
        return None if n is None else synthetic.article(n)

    state = TrustState()
    rng = np.random.default_rng(7)
    passages: list[int] = []
    pass_ = TrustPass(state, lookup)
    results = []
    filled, baseline_rss, baseline_n = 0, rss_mb(), 0
    for size in sorted(args.sizes):
        started = time.perf_counter()
        while filled < size:
            if filled < args.real:
                article = synthetic.article(filled)
                by_id[article.id] = filled
                signed = sign(article.text)
                passages.append(len(signed.passages))
                state.dedup.add(article.id, signed)
            else:
                state.dedup.add(f"filler:{filled}", filler(rng, passages))
            filled += 1
        fill_s = time.perf_counter() - started
        rss = rss_mb()
        result = measure(pass_, synthetic, size, args.probes, args.real)
        with tempfile.NamedTemporaryFile(suffix=".pkl") as handle:
            state.dedup.save(handle.name)
            disk = os.path.getsize(handle.name)
        result |= {
            "size": size,
            "fill_s": fill_s,
            "rss_mb": rss,
            "rss_per_article_kb": (rss - baseline_rss) * 1000 / max(size - baseline_n, 1),
            "pickle_per_article_kb": disk / 1000 / len(state.dedup),
        }
        baseline_rss, baseline_n = rss, size
        results.append(result)
        print(
            f"{size:>7,} articles: add {result['add_ms']:.2f} ms, check {result['check_ms']:.2f} ms"
            f" (copies found {result['copies_found']:.0%}); RSS {rss:.0f} MB, "
            f"{result['rss_per_article_kb']:.2f} kB/article since the last size; "
            f"pickle {result['pickle_per_article_kb']:.2f} kB/article; filled in {fill_s:.0f} s",
            flush=True,
        )
    if len(results) >= 2:
        first, last = results[0], results[-1]
        add_ratio = last["add_ms"] / first["add_ms"]
        check_ratio = last["check_ms"] / first["check_ms"]
        print(
            f"ratio {last['size']:,}/{first['size']:,}: add {add_ratio:.2f}, "
            f"check {check_ratio:.2f}"
        )


if __name__ == "__main__":
    main()
