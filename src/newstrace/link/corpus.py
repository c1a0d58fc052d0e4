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

Copying goes from the earlier-dated article to the later one, whatever order they
arrive in (`may_copy`): an article is traced only to articles published before it (or,
when either date is unknown or the two are equal, stored before it). A stored article
published after the new one and holding passages of it is traced again against the
corpus as it now stands, and gets the `duplicate`, `stitched` or `spun_phrase` finding
it lacks and now earns (`owed`, at most one of each kind per article, never rewriting
what it has): a content-farm page ingested before the wire stories it was pasted from
is found stitched from them as they arrive, and none of them is called a copy of it.
An article pasted from several stories gets its one stitched finding (and its
spun_phrase) once the stories stored so far explain more than `UNEXPLAINED` of its words
(`_waits`). Stored before all its sources, it names the ones stored by then (at least
two); a source stored after that adds no second finding. A stricter bar would name
every source in any order, but would miss every stitched page with text of its own
(an intro, a paragraph written around the pasted ones), which is the common case.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import NewstraceError
from ..records import Article, Finding, Span
from .align import Alignment, align, align_window
from .dedup import DedupIndex, Entry, Signed, sign
from .misattribution import QuoteIndex, swapped_speakers
from .persist import save_pickle
from .shingles import Word, passages, words
from .spin import aligned_spin_finding, is_spun, substitutions
from .stitched import (
    SECOND_SHARE,
    PassageMatch,
    SourceRef,
    SourceShare,
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
# An article pasted from two or more stories gets its stitched and spun findings once
# less than this share of its words is left untraced (`_waits`): half, so a page with
# its own intro or paragraphs is still found, and a page stored before its sources is
# found once most of it is traced (measured on the sample: 1.4% untraced with all five
# sources, 14% with a paragraph of its own; a bar of 10% named all five in any order
# but missed the latter).
UNEXPLAINED = 0.5
# The kinds a stored article can be owed when an earlier-dated source arrives after it;
# it gets each at most once (the first time it earns it).
OWED_KINDS = frozenset({"duplicate", "stitched", "spun_phrase"})

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


@dataclass(frozen=True, slots=True)
class TraceResult:
    """What tracing one article found: its own findings, and those owed to stored
    articles published after it that hold its passages (by their ids, in the order
    they were found)."""

    findings: list[SourcedFinding]
    owed: dict[str, tuple[SourcedFinding, ...]]


@dataclass(slots=True)
class _Found:
    findings: list[SourcedFinding]
    copied: str | None = None  # the article it copies (its duplicate finding's)
    later: list[str] = field(default_factory=list)  # later-dated articles holding its text


def published_after(a: str | None, b: str | None) -> bool:
    """Whether date `a` is later than date `b` (False when either is unknown or they
    fall on the same day, unless both give a time of day of one format)."""
    if not a or not b:
        return False
    if a[:10] != b[:10]:
        return a[:10] > b[:10]
    return len(a) == len(b) and a > b


def may_copy(source: Entry, published: str | None, serial: int) -> bool:
    """Whether the indexed `source` can be a source of an article of date `published`
    (index serial `serial`): published before it, or, when the dates cannot tell (one
    unknown, or both the same), stored before it."""
    if published_after(published, source.published):
        return True
    if published_after(source.published, published):
        return False
    return source.serial < serial


class TrustState:
    """The indexes the pass keeps between articles and between runs."""

    def __init__(self) -> None:
        self.version = STATE_VERSION
        self.dedup = DedupIndex()
        self.quotes = QuoteIndex()
        # what the pass found for each article, so a later run lists it again
        self.found: dict[str, tuple[SourcedFinding, ...]] = {}
        # corpus finding kinds of articles indexed by `remember` (their findings were
        # found by an earlier run): what they can no longer be owed
        self.kinds: dict[str, frozenset[str]] = {}

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
        if not hasattr(state, "kinds"):  # saved before articles could be owed findings
            state.kinds = {}
        return state

    def corpus_kinds(self, article_id: str) -> frozenset[str]:
        """The kinds of corpus finding the article has (found, owed or remembered)."""
        found = {sourced.finding.kind for sourced in self.found.get(article_id, ())}
        return frozenset(found) | self.kinds.get(article_id, frozenset())


def _waits(stories: list[SourceShare]) -> bool:
    """Whether an article pasted from several stories is not explained yet.

    While UNEXPLAINED of its words or more are traced to no story, its `stitched`
    finding (and its `spun_phrase`) waits for more of its sources (each later-stored
    earlier-dated source traces the article again). A copy of one story never waits.
    """
    if len(stories) < 2 or stories[1].share < SECOND_SHARE:
        return False
    return 1 - sum(s.share for s in stories) >= UNEXPLAINED


def _spun_finding(
    matches: list[PassageMatch],
    sources: dict[str, tuple[list[Word], list[int]]],
    text: str,
) -> SourcedFinding | None:
    """The `spun_phrase` finding of the traced passages, naming the first three sources
    they swap words against; None when the swaps do not make a spun text."""
    found = []
    spun_from: list[SourceRef] = []
    for match in matches:
        window = align_window(match.alignment.target, *sources[match.source.id])
        swaps = substitutions(window, text)
        found += swaps
        if any(swap.kind != "edit" for swap in swaps) and match.source not in spun_from:
            spun_from.append(match.source)
    aligned = sum(m.alignment.kept + m.alignment.replaced for m in matches)
    if not is_spun(found, aligned):
        return None
    named = spun_from[:3]
    names = ", ".join(source.describe() for source in named)
    return SourcedFinding(aligned_spin_finding(found, names), tuple(s.id for s in named))


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
        # the article being traced: a store lookup finds it only once it is stored,
        # after its trace, but the stored articles it owes findings are traced against it
        self._current: Article | None = None

    def _from_memory(self, article_id: str) -> Article | None:
        return self._seen.get(article_id) if self._seen is not None else None

    def article(self, article_id: str) -> Article | None:
        """An article the pass has seen (from memory or its lookup)."""
        if self._current is not None and self._current.id == article_id:
            return self._current
        return self._lookup(article_id)

    def check(self, article: Article) -> list[Finding]:
        """New findings of `article` against the articles seen so far; then remember it.

        An article the state holds already gets the findings it got then.
        """
        return [sourced.finding for sourced in self.trace(article)]

    def trace(self, article: Article) -> list[SourcedFinding]:
        """`check`, each finding with the ids of the earlier articles it names."""
        return self.trace_all(article).findings

    def trace_all(self, article: Article) -> TraceResult:
        """`trace`, and the findings this article makes owed to stored articles.

        A stored article published after this one that holds passages of it is traced
        again against the corpus as it now stands (this article included); each kind
        of `OWED_KINDS` it now earns and has no finding of yet is owed to it. The state
        records them as that article's (`found`), as if it had arrived after this one.
        """
        dedup = self.state.dedup
        if article.id in dedup:
            return TraceResult(list(self.state.found.get(article.id, ())), {})
        signed = sign(article.text, article.boilerplate)
        traced = self._findings(article, signed, len(dedup))
        findings = traced.findings
        dedup.add(article.id, signed, title=article.title, published=article.published)
        if traced.copied is not None:
            dedup.link(traced.copied, article.id)
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
        owed = {}
        self._current = article
        try:
            for later in traced.later:
                found = self._owed(later)
                if found:
                    owed[later] = found
        finally:
            self._current = None
        return TraceResult(findings, owed)

    def _owed(self, article_id: str) -> tuple[SourcedFinding, ...]:
        """Trace a stored article again; the findings of kinds it lacks and now earns."""
        wanted = OWED_KINDS - self.state.corpus_kinds(article_id)
        article = self.article(article_id) if wanted else None
        if article is None:
            return ()
        dedup = self.state.dedup
        signed = sign(article.text, article.boilerplate)
        traced = self._findings(article, signed, dedup.serials[article_id])
        owed = tuple(s for s in traced.findings if s.finding.kind in wanted)
        if not owed:
            return ()
        if traced.copied is not None and any(s.finding.kind == "duplicate" for s in owed):
            dedup.link(traced.copied, article_id)
        self.state.found[article_id] = (*self.state.found.get(article_id, ()), *owed)
        return owed

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
        # only the corpus pass finds copies and stitches, so the stored findings tell
        # what the article can no longer be owed (a spun_phrase may be its own)
        kinds = {f.kind for f in article.findings if f.kind in ("duplicate", "stitched")}
        if copy_of is not None:
            kinds.add("duplicate")
        if kinds:
            self.state.kinds[article.id] = frozenset(kinds)

    def link_copy(self, article_id: str, copy_of: str) -> None:
        """Put an indexed article in the copy cluster of the one it copies (`remember`
        of the two in ingest order cannot when the copied one was stored later)."""
        dedup = self.state.dedup
        if article_id in dedup and copy_of in dedup:
            dedup.link(copy_of, article_id)
            kinds = self.state.kinds.get(article_id, frozenset())
            self.state.kinds[article_id] = kinds | {"duplicate"}

    def _findings(self, article: Article, signed: Signed, serial: int) -> _Found:
        """The findings of `article` (index serial `serial`) against the articles it
        may copy (`may_copy`); the later-dated ones holding its passages are listed."""
        candidates = self.state.dedup.query(signed, exclude=article.id)
        if not candidates:
            return _Found([])
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
        later: list[str] = []
        for candidate in candidates[:MAX_CANDIDATES]:
            source = self.article(candidate.entry.id)
            if source is None:
                continue
            earlier = may_copy(candidate.entry, article.published, serial)
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
                if not earlier:
                    # a later-dated article holding this passage copied it from here
                    later_dated = published_after(source.published, article.published)
                    if later_dated and source.id not in later:
                        later.append(source.id)
                    continue
                score = alignment.paraphrase_coverage + alignment.coverage
                held = best[index]
                # a passage as good in two copies of a story is the earlier-dated one's,
                # whichever of them was stored first
                if score > best_score[index] or (
                    held is not None
                    and score == best_score[index]
                    and published_after(held.source.published, source.published)
                ):
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
            return _Found([], later=later)
        total = sum(len(t) for t in targets)
        dedup = self.state.dedup
        stories = shares(matches, total, dedup.same_cluster)
        findings: list[SourcedFinding] = []
        copied = copy_of(stories)
        if copied is not None:
            findings.append(self._duplicate_finding(article, copied.source, copied.share, matches))
        # its stitched and spun findings name its stories: not before all are known
        if not _waits(stories):
            stitch = stitched_finding(stories)
            if stitch is not None:
                findings.append(SourcedFinding(stitch, tuple(s.source.id for s in stories)))
            spun = _spun_finding(matches, sources, article.text)
            if spun is not None:
                findings.append(spun)
        conflicts: list[SourcedFinding] = []
        if copied is not None:
            conflicts = self._name_swaps(
                article, copied.source.id, passage_traces, sources, texts, refs
            )
        return _Found(
            findings + conflicts,
            copied=copied.source.id if copied is not None else None,
            later=later,
        )

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
        dedup = self.state.dedup
        earliest = dedup.earliest(source.id)
        size = dedup.cluster_size(source.id)
        own = article
        if article.id not in dedup:
            size += 1
        else:  # traced again: it may head a cluster of its own copies
            if not dedup.same_cluster(article.id, source.id):
                size += dedup.cluster_size(article.id)
            own = dedup.earliest(article.id)
        first = SourceRef(id=earliest.id, title=earliest.title, published=earliest.published)
        if own.published and own.published < (earliest.published or "9999"):
            # found later, published earlier: this one is the original the others copy
            first = SourceRef(id=own.id, title=own.title, published=own.published)
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

    Each article's findings come first, then those it makes owed to articles given
    before it and published after it (`TrustPass.trace_all`): an article id may come
    more than once, each time with findings it did not have.

    Args:
        articles: Article records, earliest ingested first.
        state: Indexes of earlier runs to go on from (a fresh one by default).
        lookup: Fetch an earlier article by id (default: keep seen texts in memory).
    """
    trust = TrustPass(state, lookup)
    for article in articles:
        traced = trust.trace_all(article)
        yield ArticleFindings(article.id, tuple(s.finding for s in traced.findings))
        for owner, owed in traced.owed.items():
            yield ArticleFindings(owner, tuple(s.finding for s in owed))


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
        found = [(article, f, False) for f in article.findings]
        if trust is not None:
            traced = trust.trace_all(article)
            found += [(article, s.finding, True) for s in traced.findings]
            for owner_id, owed in traced.owed.items():
                # owed to an article listed before (published after this one)
                owner = trust.article(owner_id)
                if owner is not None:
                    found += [(owner, s.finding, True) for s in owed]
        for owner, finding, new in found:
            if kinds is None or finding.kind in kinds:
                yield FindingRow(
                    article_id=owner.id,
                    source=owner.source,
                    title=owner.title,
                    finding=finding,
                    corpus=new,
                )
