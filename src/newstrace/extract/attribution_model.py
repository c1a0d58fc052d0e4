"""A statistical attribution tagger: CONTENT, CUE and SOURCE spans, turned into quotes.

The model (`newstrace/models/attribution/`, trained by `scripts/train_attribution.py` on
PolNeAR train) is a spaCy `ner` head that listens to the stock pipeline's frozen
`tok2vec`. It needs no tok2vec of its own: it reads the `doc.tensor` the stock pipeline
has already computed, widened by a small context encoder of its own (two residual CNN
layers), so running it costs only that encoder and the NER head. The head runs on a
copy of the doc's tokens, so the parsed doc (its `ents` above all) is left untouched;
the copy shares the doc's vocab, so the tagger's own vocab never grows with the words
it reads and a memory zone of the pipeline (`Language.memory_zone`) frees them.

Each predicted CONTENT is linked to a CUE: the one holding the head of the content's
root ("said that …"), else the nearest in its sentences (±1 sentence). Its SOURCE is the
predicted SOURCE holding the cue's syntactic subject, else that subject itself from the
parse (`parse_subject`), else the predicted SOURCE nearest the cue in its sentence, else
the nearest to the content; sources inside the content are never used. A pronoun
source is resolved as the rule extractor does; a content that ends up with no source is
dropped unless `keep_sourceless`, and one whose speaker has no name (an unresolved
pronoun) unless `require_resolved` is off: both keep speaker accuracy higher.
`min_content_tokens` (default 1, off) drops contents of fewer words.
Consecutive content fragments split only by a cue and a source ("…," he said, "…")
become one quote, as PolNeAR annotates them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy
from spacy.attrs import IDX, ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..nlp.docindex import index as doc_index
from ..nlp.pieces import LONG_TEXT, piece_bounds
from ..records import Quote, QuoteKind, Span, Speaker
from .quotes import quote_context, subject_of
from .speakers import is_pronoun, resolve_pronoun, speaker_from_tokens, speaker_tokens

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "attribution"
CONTENT, CUE, SOURCE = "CONTENT", "CUE", "SOURCE"
_QUOTE_CHARS = '"“”«»„'
_EDGE_CHARS = _QUOTE_CHARS + " \t\n.,;:!?'’‘-—–()"
# Content fragments further apart than this (in tokens) are never joined.
MAX_JOIN_GAP = 12
# Pieces of a long doc tagged in one batch (MAX_PIECE characters each at most).
TAG_PIECES_AT_ONCE = 4


@dataclass(frozen=True, slots=True)
class _Part:
    label: str
    start: int  # token offsets in the parsed doc
    end: int


class _PartIndex:
    """Parts of one label, found by the token they hold or by their first sentence.

    Lookups keep the parts' given order, so a `min` over them breaks ties as a scan of
    the whole list did.
    """

    def __init__(self, parts: list[_Part], sent_of: list[int]) -> None:
        self.parts = parts
        self._by_sentence: dict[int, list[int]] = {}
        self._at_token: dict[int, list[int]] = {}
        for n, part in enumerate(parts):
            self._by_sentence.setdefault(sent_of[part.start], []).append(n)
            for k in range(part.start, part.end):
                self._at_token.setdefault(k, []).append(n)

    def holding(self, token: int) -> list[_Part]:
        """The parts holding token `token`, in order."""
        return [self.parts[n] for n in self._at_token.get(token, ())]

    def in_sentences(self, first: int, last: int) -> list[_Part]:
        """The parts whose first token lies in sentences `first` to `last`, in order."""
        found = [n for k in range(first, last + 1) for n in self._by_sentence.get(k, ())]
        return [self.parts[n] for n in sorted(found)]


class AttributionModel:
    """The trained tagger and the conversion of its spans into `Quote` records."""

    def __init__(
        self,
        nlp: Language,
        *,
        keep_sourceless: bool = False,
        parse_subject: bool = True,
        require_resolved: bool = True,
        min_content_tokens: int = 1,
    ) -> None:
        self.nlp = nlp
        self.parse_subject = parse_subject
        self.ner = nlp.get_pipe("ner")
        self.keep_sourceless = keep_sourceless
        self.require_resolved = require_resolved
        self.min_content_tokens = min_content_tokens

    # -- tagging --------------------------------------------------------------------

    def spans(self, doc: Doc) -> list[SpacySpan]:
        """The CONTENT/CUE/SOURCE spans predicted for `doc`, as spans of `doc` itself.

        `doc` must carry the stock tok2vec output in `doc.tensor` (any doc parsed by the
        newstrace pipeline or the stock pipeline does).
        """
        return self.spans_many([doc])[0]

    def spans_many(self, docs: Sequence[Doc]) -> list[list[SpacySpan]]:
        """`spans` for several docs at once: the NER head runs over them as one batch."""
        return [
            [SpacySpan(doc, p.start, p.end, label=p.label) for p in parts]
            for doc, parts in zip(docs, self._tag(docs), strict=True)
        ]

    def quotes_many(self, docs: Sequence[Doc]) -> list[list[Quote]]:
        """`quotes` for several docs at once (one batched pass of the tagger)."""
        return [
            self.quotes_from_parts(doc, parts)
            for doc, parts in zip(docs, self._tag(docs), strict=True)
        ]

    def _tag(self, docs: Sequence[Doc]) -> list[list[_Part]]:
        """The tagger's spans of each doc, in order, as token offsets into it.

        The head runs on copies (same words, same tensor), all docs of news length in
        one batch. A doc of more than `LONG_TEXT` characters is tagged piece by piece
        (the pieces the stock components saw, `nlp/pieces.py`), a few pieces at a time:
        over a whole 1 MB line at once its activations took 2 GB.
        """
        for vocab in {id(doc.vocab): doc.vocab for doc in docs}.values():
            for label in (CONTENT, CUE, SOURCE):  # the span labels the head assigns
                vocab.strings.add(label, allow_transient=False)
        # each batch: (doc number, first token, end token) of the stretches it tags
        batches: list[list[tuple[int, int, int]]] = [[]]
        for number, doc in enumerate(docs):
            if len(doc) and (doc.tensor is None or doc.tensor.shape[0] != len(doc)):
                raise ValueError(
                    "the attribution model needs the stock tok2vec output in doc.tensor; "
                    "parse the text with newstrace.nlp.pipeline.load_pipeline() first"
                )
            chunks = _chunks(doc)
            if len(chunks) == 1:
                batches[0].append((number, 0, len(doc)))
            else:
                batches += [
                    [(number, start, end) for start, end in chunks[at : at + TAG_PIECES_AT_ONCE]]
                    for at in range(0, len(chunks), TAG_PIECES_AT_ONCE)
                ]
        found: list[list[_Part]] = [[] for _ in docs]
        for batch in filter(None, batches):
            copies = [_copy(docs[number], start, end) for number, start, end in batch]
            tagged = self.ner.pipe(copies, batch_size=max(1, len(copies)))
            for (number, first, _), copy in zip(batch, tagged, strict=True):
                found[number] += [
                    _Part(e.label_, first + e.start, first + e.end) for e in copy.ents
                ]
        return found

    # -- quotes ---------------------------------------------------------------------

    def quotes(self, doc: Doc) -> list[Quote]:
        """The quotes of `doc` found by the tagger, sorted by content offset."""
        return self.quotes_many([doc])[0]

    def quotes_from_parts(self, doc: Doc, parts: Sequence[_Part]) -> list[Quote]:
        text = doc.text
        _, quoted, paragraphs = quote_context(doc)  # the rules' own, see there
        quoted_starts = [start for start, _ in quoted]
        sent_of = _sentence_index(doc)
        # looked up by token and by sentence: scanning them all for each content made a
        # line of thousands of "“…,” he said." quadratic
        cues = _PartIndex([p for p in parts if p.label == CUE], sent_of)
        sources = _PartIndex([p for p in parts if p.label == SOURCE], sent_of)
        contents = _join_fragments(doc, list(parts))
        quotes: list[Quote] = []
        for content_start, content_end, inner in contents:
            cue = (
                inner.get(CUE)
                or _governing_cue(doc, cues, content_start, content_end)
                or _nearest(cues, content_start, content_end, sent_of)
            )

            def outside(part: _Part, start: int = content_start, end: int = content_end) -> bool:
                return part.end <= start or part.start >= end

            source = inner.get(SOURCE) or self._source_for(doc, cue, sources, outside, sent_of)
            if source is None:
                source = _nearest(sources, content_start, content_end, sent_of, outside)
            start, end = _trim(text, doc[content_start].idx, _end_char(doc, content_end))
            if start >= end:
                continue
            if _word_count(doc, content_start, content_end) < self.min_content_tokens:
                continue
            speaker = _speaker(doc, source, quoted, paragraphs) if source else None
            if speaker is None and not self.keep_sourceless:
                continue
            if self.require_resolved and (
                speaker is None or speaker.resolution == "unresolved" or not speaker.name
            ):
                continue
            cue_span = Span.of(text, doc[cue.start].idx, _end_char(doc, cue.end)) if cue else None
            content = Span.of(text, start, end)
            quotes.append(
                Quote(
                    kind=_kind(text, content, quoted, quoted_starts),
                    content=content,
                    cue=cue_span,
                    speaker=speaker,
                )
            )
        return sorted(quotes, key=lambda q: (q.content.start, q.content.end))

    def _source_for(
        self,
        doc: Doc,
        cue: _Part | None,
        sources: _PartIndex,
        usable: Callable[[_Part], bool],
        sent_of: list[int],
    ) -> _Part | None:
        """The usable SOURCE holding the cue's subject, else the nearest in its sentence."""
        if cue is None:
            return None
        for token in doc[cue.start : cue.end]:
            subject = subject_of(token)
            if subject is not None:
                for source in sources.holding(subject.i):
                    if usable(source):
                        return source
                if self.parse_subject and not subject.is_space:
                    tokens = speaker_tokens(subject)
                    return _Part(SOURCE, tokens[0].i, tokens[-1].i + 1)
        sentence = sent_of[cue.start]
        same = [s for s in sources.in_sentences(sentence, sentence) if usable(s)]
        return min(same, key=lambda s: _distance(s, cue.start, cue.end), default=None)


def _chunks(doc: Doc) -> list[tuple[int, int]]:
    """[start, end) token ranges to tag `doc` in: the whole of a doc of news length, else
    the pieces of its text (see `nlp.pieces`), each mapped to the tokens starting in it."""
    if not len(doc) or doc[-1].idx + len(doc[-1].text_with_ws) <= LONG_TEXT:
        return [(0, len(doc))]
    token_starts = doc.to_array(IDX).tolist()
    cuts = [bisect.bisect_left(token_starts, start) for start, _ in piece_bounds(doc.text)[1:]]
    bounds = [0, *cuts, len(doc)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _copy(doc: Doc, start: int, end: int) -> Doc:
    """A new doc of tokens [start, end) of `doc` and their tensor rows, in `doc`'s vocab.

    The words come from the token arrays: no Token object per word.
    """
    orths, spaces = doc.to_array([ORTH, SPACY])[start:end].T.tolist() if end > start else ([], [])
    strings = doc.vocab.strings
    copy = Doc(doc.vocab, words=[strings[o] for o in orths], spaces=[bool(s) for s in spaces])
    copy.tensor = doc.tensor if (start, end) == (0, len(doc)) else doc.tensor[start:end]
    return copy


@cache
def load_attribution_model() -> AttributionModel:
    """The tagger shipped in `newstrace/models/attribution/`, loaded once."""
    return AttributionModel(spacy.load(MODEL_DIR, exclude=["tokenizer"]))


# -- helpers ------------------------------------------------------------------------


def _join_fragments(doc: Doc, parts: list[_Part]) -> list[tuple[int, int, dict[str, _Part]]]:
    """Contents as (start token, end token, cue/source found between their fragments).

    A content fragment followed, with nothing else in between, by a CUE and a SOURCE
    (either order) and another content fragment, with only punctuation holding a comma
    around them, joins it: "…," he said, "…".
    """
    ordered = sorted(parts, key=lambda p: p.start)
    joined: list[tuple[int, int, dict[str, _Part]]] = []
    i = 0
    while i < len(ordered):
        part = ordered[i]
        if part.label != CONTENT:
            i += 1
            continue
        start, end = part.start, part.end
        inner: dict[str, _Part] = {}
        j = i + 1
        while j + 2 < len(ordered):
            a, b, c = ordered[j], ordered[j + 1], ordered[j + 2]
            if (
                {a.label, b.label} == {CUE, SOURCE}
                and c.label == CONTENT
                and c.start - end <= MAX_JOIN_GAP
                and _comma_gap(doc, [(end, a.start), (a.end, b.start), (b.end, c.start)])
            ):
                inner = {a.label: a, b.label: b}
                end = c.end
                j += 3
            else:
                break
        joined.append((start, end, inner))
        i = j
    return joined


def _governing_cue(doc: Doc, cues: _PartIndex, start: int, end: int) -> _Part | None:
    """The CUE holding the head (or the head's head) of the content's root: "said that …"."""
    root = next((t for t in doc[start:end] if not start <= t.head.i < end or t.head is t), None)
    if root is not None:
        head = root
        for _ in range(2):
            if head.head is head:
                break
            head = head.head
            holding = cues.holding(head.i)
            if holding:
                return holding[0]
    return None


def _comma_gap(doc: Doc, gaps: list[tuple[int, int]]) -> bool:
    """Whether the tokens between the parts are punctuation with a comma and no stop."""
    between = [t for start, end in gaps for t in doc[start:end] if not t.is_space]
    if not all(t.is_punct or t.is_quote for t in between):
        return False
    texts = {t.text for t in between}
    first_end = gaps[0][0]
    tail = {t.text for t in doc[max(first_end - 2, 0) : first_end]}  # "…," inside content
    return bool({","} & (texts | tail)) and not texts & {".", "!", "?", ";"}


def _sentence_index(doc: Doc) -> list[int]:
    """The sentence number of each token (all 0 in a doc without sentences)."""
    bounds = [*doc_index(doc).sent_starts, len(doc)]  # the sentences the rules read too
    index: list[int] = []
    for n, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
        index.extend([n] * (end - start))
    return index


def _distance(part: _Part, start: int, end: int) -> int:
    if part.end <= start:
        return start - part.end
    if end <= part.start:
        return part.start - end
    return 0


def _nearest(
    candidates: _PartIndex,
    start: int,
    end: int,
    sent_of: list[int],
    usable: Callable[[_Part], bool] | None = None,
) -> _Part | None:
    """The (usable) candidate nearest [start, end) within the sentences it spans, ±1."""
    first, last = sent_of[start], sent_of[end - 1]
    near = [c for c in candidates.in_sentences(first - 1, last + 1) if usable is None or usable(c)]
    return min(
        near,
        key=lambda c: (not first <= sent_of[c.start] <= last, _distance(c, start, end)),
        default=None,
    )


def _speaker(
    doc: Doc, source: _Part, quoted: Sequence[tuple[int, int]], paragraphs: list[int]
) -> Speaker:
    tokens = [t for t in doc[source.start : source.end] if not t.is_space]
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].dep_ == "case"):
        tokens.pop()
    while len(tokens) > 1 and tokens[0].is_punct:
        tokens.pop(0)
    if not tokens:
        tokens = [doc[source.start]]
    if len(tokens) == 1 and is_pronoun(tokens[0]):
        speaker, _, _ = resolve_pronoun(doc, tokens[0], quoted, paragraphs)
        return speaker
    return speaker_from_tokens(doc, tokens, "explicit")


def _word_count(doc: Doc, start: int, end: int) -> int:
    return sum(1 for t in doc[start:end] if not (t.is_punct or t.is_space))


def _end_char(doc: Doc, end: int) -> int:
    last = doc[end - 1]
    return last.idx + len(last.text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _kind(
    text: str, content: Span, quoted: Sequence[tuple[int, int]], starts: list[int] | None = None
) -> QuoteKind:
    """direct inside one pair of quotation marks, mixed with some inside, else indirect.

    `starts` are the `quoted` ranges' starts, when the caller has them once for all quotes.
    """
    start, end = content.start, content.end
    while start < end and text[start] in _EDGE_CHARS:
        start += 1
    while end > start and text[end - 1] in _EDGE_CHARS:
        end -= 1
    if starts is None:
        starts = [q[0] for q in quoted]
    at = bisect.bisect_right(starts, start) - 1
    if at >= 0 and quoted[at][0] <= start and end <= quoted[at][1]:
        return "direct"
    if any(ch in _QUOTE_CHARS for ch in text[content.start : content.end]):
        return "mixed"
    return "indirect"
