"""The corpus-level trust pass: each article against every article seen before it.

For each article, in the order given: its passages are looked up in the duplicate
index (`dedup.py`), candidate sources are fetched and aligned word by word, and the
article gets new findings (never rewriting its earlier ones):

- `duplicate`: one earlier story explains most of its words (the message names the
  earliest known version of the copy cluster);
- `stitched`: most of its words are pasted from two or more earlier stories;
- `spun_phrase`: the traced passages swap words against their sources (`spin.py`);
- `attribution_conflict`: a quote an earlier article gives to someone else
  (`misattribution.py`).

Then the article is added to the indexes, so the pass is incremental: `TrustState`
pickles to one file and the next run goes on from it. `trace` gives each finding with
the ids of the earlier articles it names (`SourcedFinding`), which a store keeps beside
it (`link/stored.py` runs the pass at ingest).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import NewstraceError
from ..records import Article, Finding, Span
from .align import Alignment, align, align_window
from .dedup import DedupIndex, Signed, sign
from .misattribution import QuoteIndex, swapped_speakers
from .persist import save_pickle
from .shingles import Word, passages, words
from .spin import aligned_spin_finding, is_spun, substitutions
from .stitched import (
    PassageMatch,
    SourceRef,
    copy_of,
    shares,
    stitched_finding,
    traced,
)

# Candidate sources aligned per article, most passage hits first: a bound on the work
# of one article however many near-copies the corpus holds.
MAX_CANDIDATES = 8
# 2: `found` holds SourcedFinding records (1 held bare Findings)
STATE_VERSION = 2

Lookup = Callable[[str], Article | None]


class TrustStateError(NewstraceError):
    status = 500


class TrustStateOutdated(TrustStateError):
    """The file is a trust index of another format: rebuild it, nothing is lost."""


@dataclass(frozen=True, slots=True)
class SourcedFinding:
    """A finding of the corpus pass and the earlier articles it names.

    `sources` are article ids in the order the message names them: a `duplicate`'s
    copied article, then the earliest known version when that is another; each story
    of a `stitched` article as numbered; the sources a `spun_phrase` swaps words
    against; the article an `attribution_conflict` disagrees with. The contract's
    Finding has no field for them, so a store keeps them beside it.
    """

    finding: Finding
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleFindings:
    """The new findings of one article (its id, and the findings the pass added)."""

    article_id: str
    findings: tuple[Finding, ...]


class TrustState:
    """The indexes the pass keeps between articles and between runs."""

    def __init__(self) -> None:
        self.version = STATE_VERSION
        self.dedup = DedupIndex()
        self.quotes = QuoteIndex()
        # what the pass found for each article, so a later run lists it again
        self.found: dict[str, tuple[SourcedFinding, ...]] = {}

    def save(self, path: str | Path) -> None:
        """Write the state to `path` atomically."""
        save_pickle(self, path)

    @classmethod
    def load(cls, path: str | Path) -> TrustState:
        """Read a state written by `save`; a missing file gives an empty state.

        Raises:
            TrustStateOutdated: the file is a trust state of another version.
            TrustStateError: the file cannot be read as a trust state.
        """
        path = Path(path)
        if not path.exists():
            return cls()
        try:
            with path.open("rb") as handle:
                state = pickle.load(handle)
        # a damaged pickle fails in many ways (bad opcodes, huge lengths, missing
        # classes …), each of them a file to rebuild
        except Exception as error:
            raise TrustStateError(
                f"cannot read the trust index {path} ({error}); delete it to rebuild it "
                "from the articles"
            ) from None
        if not isinstance(state, cls):
            raise TrustStateError(
                f"{path} is not a trust index; delete it to rebuild it from the articles"
            )
        if getattr(state, "version", None) != STATE_VERSION:
            raise TrustStateOutdated(
                f"{path} is not a trust index of version {STATE_VERSION}; delete it to "
                "rebuild it from the articles"
            )
        return state


def _passage_words(article: Article) -> list[list[Word]]:
    return [words(article.text, a, b) for a, b in passages(article.text, article.boilerplate)]


class TrustPass:
    """Finds copies, stitches, spins and misattributions against what it has seen.

    Args:
        state: The indexes to query and grow (a fresh one by default).
        lookup: Fetches an earlier article by id (its text is aligned against); by
            default the pass keeps the texts it has seen in memory. Give
            `store.get_article` to read them from a store instead.
    """

    def __init__(self, state: TrustState | None = None, lookup: Lookup | None = None) -> None:
        self.state = state or TrustState()
        self._seen: dict[str, Article] | None = None if lookup else {}
        self._lookup = lookup or self._from_memory
        self._copy_source: str | None = None

    def _from_memory(self, article_id: str) -> Article | None:
        return self._seen.get(article_id) if self._seen is not None else None

    def check(self, article: Article) -> list[Finding]:
        """New findings of `article` against the articles seen so far; then remember it.

        An article the state holds already gets the findings it got then.
        """
        return [sourced.finding for sourced in self.trace(article)]

    def trace(self, article: Article) -> list[SourcedFinding]:
        """`check`, each finding with the ids of the earlier articles it names."""
        dedup = self.state.dedup
        if article.id in dedup:
            return list(self.state.found.get(article.id, ()))
        signed = sign(article.text, article.boilerplate)
        findings = self._findings(article, signed)
        dedup.add(article.id, signed, title=article.title, published=article.published)
        if self._copy_source is not None:
            dedup.link(self._copy_source, article.id)
        # a name swap found by alignment is the same conflict the quote index finds
        swapped = {
            e.text
            for s in findings
            if s.finding.kind == "attribution_conflict"
            for e in s.finding.evidence
        }
        findings += [
            SourcedFinding(finding, (earlier,))
            for finding, earlier in self.state.quotes.sourced_conflicts(article)
            if not any(e.text in swapped for e in finding.evidence[1:])
        ]
        self.state.quotes.add(article)
        if self._seen is not None:
            self._seen[article.id] = article
        if findings:
            self.state.found[article.id] = tuple(findings)
        return findings

    def remember(self, article: Article, copy_of: str | None = None) -> None:
        """Index an article whose findings are known already, without looking for them.

        What `trace` does once it has found them, for an article checked by an earlier
        run whose index was lost or left behind (killed before it was saved): indexing
        the stored articles in their order, each linked to the copy its `duplicate`
        finding names (`copy_of`), rebuilds the index that run had, without aligning.
        """
        dedup = self.state.dedup
        if article.id in dedup:
            return
        signed = sign(article.text, article.boilerplate)
        dedup.add(article.id, signed, title=article.title, published=article.published)
        if copy_of is not None and copy_of in dedup:
            dedup.link(copy_of, article.id)
        self.state.quotes.add(article)
        if self._seen is not None:
            self._seen[article.id] = article

    def _findings(self, article: Article, signed: Signed) -> list[SourcedFinding]:
        self._copy_source = None
        candidates = self.state.dedup.query(signed, exclude=article.id)
        if not candidates:
            return []
        candidates.sort(key=lambda c: (-(len(c.passages) + 2 * c.whole), c.entry.serial))
        targets = [words(article.text, a, b) for a, b in signed.passages]
        best: list[PassageMatch | None] = [None] * len(targets)
        best_score = [0.0] * len(targets)
        sources: dict[str, tuple[list[Word], list[int]]] = {}
        texts: dict[str, str] = {}
        refs: dict[str, SourceRef] = {}
        # every traced (passage, source) pair, not only the best: the copies of one
        # story must agree on who said what, so each of them is checked for name swaps
        passage_traces: dict[str, list[Alignment]] = {}
        for candidate in candidates[:MAX_CANDIDATES]:
            source = self._lookup(candidate.entry.id)
            if source is None:
                continue
            source_passages = _passage_words(source)
            source_words = [w for passage in source_passages for w in passage]
            bounds = [0]
            for passage in source_passages:
                bounds.append(bounds[-1] + len(passage))
            sources[source.id] = (source_words, bounds)
            texts[source.id] = source.text
            ref = SourceRef(id=source.id, title=source.title, published=source.published)
            refs[source.id] = ref
            for index, target in enumerate(targets):
                alignment = align(target, source_words)
                if not traced(alignment):
                    continue
                passage_traces.setdefault(source.id, []).append(alignment)
                score = alignment.paraphrase_coverage + alignment.coverage
                if score > best_score[index]:
                    best_score[index] = score
                    a, b = signed.passages[index]
                    best[index] = PassageMatch(
                        passage=Span.of(article.text, a, b),
                        words=len(target),
                        source=ref,
                        alignment=alignment,
                    )
        matches = [m for m in best if m is not None]
        if not matches:
            return []
        total = sum(len(t) for t in targets)
        dedup = self.state.dedup
        stories = shares(matches, total, dedup.same_cluster)
        findings: list[SourcedFinding] = []
        copied = copy_of(stories)
        if copied is not None:
            self._copy_source = copied.source.id
            findings.append(self._duplicate_finding(article, copied.source, copied.share, matches))
        stitch = stitched_finding(stories)
        if stitch is not None:
            findings.append(SourcedFinding(stitch, tuple(s.source.id for s in stories)))
        found = []
        spun_from: list[SourceRef] = []
        for match in matches:
            window = align_window(match.alignment.target, *sources[match.source.id])
            swaps = substitutions(window, article.text)
            found += swaps
            if any(swap.kind != "edit" for swap in swaps) and match.source not in spun_from:
                spun_from.append(match.source)
        aligned = sum(m.alignment.kept + m.alignment.replaced for m in matches)
        if is_spun(found, aligned):
            named = spun_from[:3]
            names = ", ".join(source.describe() for source in named)
            findings.append(
                SourcedFinding(aligned_spin_finding(found, names), tuple(s.id for s in named))
            )
        conflicts: list[SourcedFinding] = []
        if copied is not None:
            conflicts = self._name_swaps(
                article, copied.source.id, passage_traces, sources, texts, refs
            )
        return findings + conflicts

    def _name_swaps(
        self,
        article: Article,
        copied: str,
        passage_traces: dict[str, list[Alignment]],
        sources: dict[str, tuple[list[Word], list[int]]],
        texts: dict[str, str],
        refs: dict[str, SourceRef],
    ) -> list[SourcedFinding]:
        """Speaker names this copy changes against any earlier copy of the same story.

        A faithful copy that comes after a misattributed one matches the original best,
        yet disagrees with the misattributed copy: that disagreement is a conflict too.
        One finding per changed name, naming the first copy it disagrees with.
        """
        conflicts: list[SourcedFinding] = []
        seen: set[tuple[int, int]] = set()
        for source_id, alignments in passage_traces.items():
            if not self.state.dedup.same_cluster(source_id, copied):
                continue
            for alignment in alignments:
                window = align_window(alignment.target, *sources[source_id])
                for finding in swapped_speakers(
                    window, article.text, texts[source_id], refs[source_id].describe()
                ):
                    key = (finding.evidence[0].start, finding.evidence[0].end)
                    if key not in seen:
                        seen.add(key)
                        conflicts.append(SourcedFinding(finding, (source_id,)))
        return conflicts

    def _duplicate_finding(
        self, article: Article, source: SourceRef, share: float, matches: list[PassageMatch]
    ) -> SourcedFinding:
        earliest = self.state.dedup.earliest(source.id)
        size = self.state.dedup.cluster_size(source.id) + 1
        first = SourceRef(id=earliest.id, title=earliest.title, published=earliest.published)
        if article.published and article.published < (earliest.published or "9999"):
            # found later, published earlier: this one is the original the others copy
            first = SourceRef(id=article.id, title=article.title, published=article.published)
        # the copied article first: an index rebuilt from a store links the copy to it
        sources = (source.id,) if first.id in (source.id, article.id) else (source.id, first.id)
        finding = Finding(
            kind="duplicate",
            message=(
                f"A near-copy of {source.describe()}: {round(100 * share)}% of its words "
                f"come from it. Earliest known version: {first.describe()}; "
                f"{size} copies known"
            ),
            evidence=tuple(m.passage for m in matches if m.source.id == source.id),
        )
        return SourcedFinding(finding, sources)


def corpus_findings(
    articles: Iterable[Article],
    *,
    state: TrustState | None = None,
    lookup: Lookup | None = None,
) -> Iterator[ArticleFindings]:
    """Run the trust pass over `articles` in order; yield each article's new findings.

    Args:
        articles: Article records, earliest ingested first.
        state: Indexes of earlier runs to go on from (a fresh one by default).
        lookup: Fetch an earlier article by id (default: keep seen texts in memory).
    """
    trust = TrustPass(state, lookup)
    for article in articles:
        yield ArticleFindings(article_id=article.id, findings=tuple(trust.check(article)))


def with_findings(article: Article, findings: Iterable[Finding]) -> Article:
    """The article with `findings` added after the ones it has (none rewritten)."""
    return replace(article, findings=(*article.findings, *findings))


@dataclass(frozen=True, slots=True)
class FindingRow:
    """One finding as `newstrace findings` lists it, with its article."""

    article_id: str
    source: str
    title: str | None
    finding: Finding
    corpus: bool  # found by the corpus pass now, not stored with the article

    def to_dict(self) -> dict:
        return {
            "article": self.article_id,
            "source": self.source,
            "title": self.title,
            "corpus": self.corpus,
            **self.finding.to_dict(),
        }


def list_findings(
    articles: Iterable[Article],
    *,
    corpus: bool = False,
    state: TrustState | None = None,
    lookup: Lookup | None = None,
    kinds: frozenset[str] | None = None,
) -> Iterator[FindingRow]:
    """The findings of `articles` (those they carry, then, with `corpus`, the pass's).

    Args:
        articles: Article records in ingest order.
        corpus: Also run the corpus trust pass and list what it finds.
        state: Indexes to go on from (the pass adds the articles to it).
        lookup: Fetch an earlier article by id (default: keep seen texts in memory).
        kinds: List only these finding kinds (all when None).
    """
    trust = TrustPass(state, lookup) if corpus else None
    for article in articles:
        found = [(f, False) for f in article.findings]
        if trust is not None:
            found += [(f, True) for f in trust.check(article)]
        for finding, new in found:
            if kinds is None or finding.kind in kinds:
                yield FindingRow(
                    article_id=article.id,
                    source=article.source,
                    title=article.title,
                    finding=finding,
                    corpus=new,
                )
