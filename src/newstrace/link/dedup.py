"""An incremental near-duplicate index: MinHash/LSH (datasketch) over word shingles.

Two levels share one index: each article as a whole, and each of its passages, so a
copy is found whole and a stitched article is found passage by passage. Adding an
article costs its own hashing plus one bucket insert per band, whatever the index
size (`benchmarks/dedup.py` measures it). Copies are grouped into clusters whose
earliest known version (earliest published date, else earliest added) is the original.

The index is a plain object pickled to one file (`save`/`load`); a store keeps it as
a sidecar file beside its database (`sidecar_path`), since the store protocol has no
place for it.
"""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from datasketch import MinHash, MinHashLSH

from ..errors import NewstraceError
from ..records import Span
from .persist import save_pickle
from .shingles import passages, shingle_hashes, words

NUM_PERM = 63
# 21 bands of 3 rows: a pair at Jaccard 0.3 is a candidate with p = 0.44, at 0.5 with
# p = 0.94, at 0.1 with p = 0.02. Low on purpose: spun copies keep few 3-word shingles,
# and every candidate is verified by word alignment before anything is reported.
BANDS = (21, 3)
SEED = 7
FORMAT_VERSION = 1


class DedupIndexError(NewstraceError):
    """The saved index cannot be used."""

    status = 500


def _identity(value: int) -> int:
    # shingles arrive as 32-bit CRCs already; hashing them again would only cost time
    return value


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_identity)


def signature(hashes: Sequence[int]) -> MinHash:
    """The MinHash of a set of 32-bit shingle hashes (all share one permutation set)."""
    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        hashfunc=_identity,
        permutations=_TEMPLATE.permutations,
        scheme="affine32",
    )
    if hashes:
        minhash.update_batch(hashes)
    return minhash


@dataclass(frozen=True, slots=True)
class Signed:
    """An article's text cut into passages and hashed, ready to query or add."""

    text: str
    passages: tuple[tuple[int, int], ...]
    whole: MinHash
    parts: tuple[MinHash, ...]


def sign(text: str, skip: Sequence[Span] = ()) -> Signed:
    """Cut `text` into passages (boilerplate in `skip` left out) and sign each and all."""
    ranges = tuple(passages(text, skip))
    part_hashes = [shingle_hashes([w.norm for w in words(text, a, b)]) for a, b in ranges]
    parts = tuple(signature(hashes) for hashes in part_hashes)
    whole = signature(sorted({h for hashes in part_hashes for h in hashes}))
    return Signed(text=text, passages=ranges, whole=whole, parts=parts)


@dataclass(frozen=True, slots=True)
class Entry:
    """What the index remembers of an article besides its signatures."""

    id: str
    title: str | None
    published: str | None
    serial: int


@dataclass(slots=True)
class Candidate:
    """An indexed article that may share text with the query, and how it was found."""

    entry: Entry
    whole: bool = False
    passages: set[int] = field(default_factory=set)


class DedupIndex:
    """Articles and passages in two MinHash LSH indexes, with copy clusters."""

    def __init__(self) -> None:
        self.version = FORMAT_VERSION
        self.articles_lsh = MinHashLSH(num_perm=NUM_PERM, params=BANDS)
        self.passages_lsh = MinHashLSH(num_perm=NUM_PERM, params=BANDS)
        self.entries: list[Entry] = []
        self.serials: dict[str, int] = {}
        # passage key -> serial of its article; arrays, not lists, to keep 4 bytes each
        self.passage_owner = array("i")
        self.parent = array("i")
        self.size = array("i")  # members of the cluster, kept at its root

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.serials

    def entry(self, article_id: str) -> Entry | None:
        serial = self.serials.get(article_id)
        return None if serial is None else self.entries[serial]

    def add(
        self,
        article_id: str,
        signed: Signed,
        *,
        title: str | None = None,
        published: str | None = None,
    ) -> bool:
        """Index an article; False (and nothing changes) if its id is indexed already."""
        if article_id in self.serials:
            return False
        serial = len(self.entries)
        self.entries.append(Entry(id=article_id, title=title, published=published, serial=serial))
        self.serials[article_id] = serial
        self.parent.append(serial)
        self.size.append(1)
        self.articles_lsh.insert(serial, signed.whole, check_duplication=False)
        for part in signed.parts:
            key = len(self.passage_owner)
            self.passage_owner.append(serial)
            self.passages_lsh.insert(key, part, check_duplication=False)
        return True

    def query(self, signed: Signed, *, exclude: str | None = None) -> list[Candidate]:
        """Indexed articles that may share text with `signed`, in the order they were added."""
        found: dict[int, Candidate] = {}
        skip = self.serials.get(exclude) if exclude else None

        def candidate(serial: int) -> Candidate:
            if serial not in found:
                found[serial] = Candidate(entry=self.entries[serial])
            return found[serial]

        if not signed.whole.is_empty():
            for serial in self.articles_lsh.query(signed.whole):
                if serial != skip:
                    candidate(serial).whole = True
        for index, part in enumerate(signed.parts):
            for key in self.passages_lsh.query(part):
                serial = self.passage_owner[key]
                if serial != skip:
                    candidate(serial).passages.add(index)
        return [found[serial] for serial in sorted(found)]

    # ---- copy clusters ----------------------------------------------------------------

    def _root(self, serial: int) -> int:
        while self.parent[serial] != serial:
            self.parent[serial] = self.parent[self.parent[serial]]
            serial = self.parent[serial]
        return serial

    def _earlier(self, a: int, b: int) -> bool:
        ea, eb = self.entries[a], self.entries[b]
        # an undated article sorts after every dated one, then order of adding decides
        return (ea.published or "9999", a) < (eb.published or "9999", b)

    def link(self, a: str, b: str) -> None:
        """Put two indexed articles in one copy cluster."""
        ra, rb = self._root(self.serials[a]), self._root(self.serials[b])
        if ra == rb:
            return
        if self._earlier(rb, ra):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]

    def earliest(self, article_id: str) -> Entry:
        """The earliest known version of the article's copy cluster (itself if alone)."""
        return self.entries[self._root(self.serials[article_id])]

    def same_cluster(self, a: str, b: str) -> bool:
        return self._root(self.serials[a]) == self._root(self.serials[b])

    def cluster_size(self, article_id: str) -> int:
        """How many indexed articles are in its copy cluster, itself included."""
        return self.size[self._root(self.serials[article_id])]

    # ---- persistence ------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the index to `path` atomically (a crash never leaves half a file)."""
        save_pickle(self, path)

    @classmethod
    def load(cls, path: str | Path) -> DedupIndex:
        """Read an index written by `save`.

        Raises:
            DedupIndexError: the file is not an index of this version.
        """
        try:
            with Path(path).open("rb") as handle:
                index = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as error:
            raise DedupIndexError(
                f"cannot read the duplicate index {path} ({error}); delete it and run "
                "`newstrace findings --corpus` again to rebuild it from the articles"
            ) from None
        if not isinstance(index, cls) or getattr(index, "version", None) != FORMAT_VERSION:
            raise DedupIndexError(
                f"{path} is not a duplicate index of format {FORMAT_VERSION}; delete it "
                "to rebuild it from the articles"
            )
        return index


def sidecar_path(db: str | Path, suffix: str = ".trust.pkl") -> Path:
    """Where the trust indexes of the store file `db` live: beside it."""
    return Path(str(db) + suffix)
