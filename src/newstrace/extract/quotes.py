"""Quotes: direct ("…", he said), indirect (said that …) and mixed, with their speakers.

Two passes over the parsed doc:

1. Quotation marks first. Every long stretch between quotation marks (curly or
   straight, possibly over several sentences) looks for its cue next to it: a cue verb
   just after the closing mark ("…”, Merkel said) or just before the opening one
   (Kerry said: “…”). A quote with neither continues the previous speaker's quote when
   it follows it directly ("…,” he said. “…”): in the same paragraph the two parts are
   one quote whose content runs over the attribution between them.
2. Cue verbs next. Each remaining cue verb (lexicon `quote_verbs`) or "according to"
   whose clausal complement names what was said yields an indirect quote, or a mixed
   one when the complement holds quoted words.

Speakers come from the cue's subject (see `speakers.py` for titles, full names and
pronouns). Reads `doc.ents`, the parse and `doc.sents`; sets `doc._.quotes` and
`doc._.quote_findings` (orphan pronoun quotes).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from spacy.tokens import Doc, Token
from spacy.util import minibatch

from ..data import load_lexicon
from ..nlp.docindex import Ranges, in_ranges, release
from ..nlp.docindex import index as doc_index
from ..nlp.guard import guarded
from ..records import Finding, Quote, QuoteKind, Span, Speaker
from .speakers import is_pronoun, resolve_pronoun, speaker_from_tokens, speaker_tokens

OPENING_MARKS = {"“": "”", "„": "”", "«": "»", '"': '"', "''": "''", "``": "''"}
CLOSING_MARKS = {"”", "»", '"', "''"}
CLOSING_MARKS_CHARS = "".join({c for mark in CLOSING_MARKS for c in mark})
# Two apostrophes (or two backticks) stand for a double quote in wire and archive text
# (the NYT's feed writes ''like this''): try them before the one-character marks.
MARK_PATTERN = re.compile(
    "|".join(re.escape(m) for m in sorted({*OPENING_MARKS, *CLOSING_MARKS}, key=len, reverse=True))
)
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
WORD = re.compile(r"\w+")
# Fewer words than this between marks is a scare quote ("a fabrication"), part of a
# mixed quote at most, not a direct quote on its own.
MIN_DIRECT_WORDS = 5
CUE_WINDOW_TOKENS = 6
# A pull quote or epigraph signed on its own line: "“…” ― Carla Sanchez".
SIGNATURE = re.compile(r"[^\S\n]*[,.]?[^\S\n]*(?:[―—–]|--)[^\S\n]*(?=[A-Z])")
MAX_SIGNATURE_TOKENS = 6
CONTENT_DEPS = {"ccomp"}
INHERIT_SUBJECT_DEPS = {"conj", "advcl", "xcomp"}
# A date or number is never who spoke ("Warren said Saturday" misparsed).
SPEAKER_ENTS = {"PERSON", "ORG", "NORP", "GPE"}
MIN_OBJECT_WORDS = 2
# "you can bet that …" is the writer talking; a stray "who"/"that" is a misparse
NOT_SPEAKER_WORDS = {"you", "who", "that", "which", "what", "there"}
NOT_SPEAKER_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
# What may stand before a quote that opens its sentence.
_SENTENCE_OPENERS = frozenset(" \t\n\u00a0“\"'`")


@dataclass(frozen=True, slots=True)
class QuoteMarks:
    """The content between a pair of quotation marks (`end` is before the closing mark)."""

    start: int
    end: int
    words: int
    closed: bool


def paragraph_starts(text: str) -> list[int]:
    """Character offsets at which the paragraphs of `text` begin."""
    return [0] + [m.end() for m in PARAGRAPH_BREAK.finditer(text)]


def find_quote_marks(text: str) -> list[QuoteMarks]:
    """Every stretch of `text` between paired quotation marks, paragraph by paragraph.

    Curly marks pair by direction, straight marks alternate. A mark left open at the end
    of a paragraph closes there: news style reopens a quote running over paragraphs.
    """
    found: list[QuoteMarks] = []
    starts = paragraph_starts(text)
    bounds = list(zip(starts, [*starts[1:], len(text)], strict=True))
    for para_start, para_end in bounds:
        opener: str | None = None
        open_at = 0
        for match in MARK_PATTERN.finditer(text, para_start, para_end):
            mark = match.group()
            if opener is not None and mark == OPENING_MARKS[opener]:
                found.append(_marks(text, open_at, match.start(), closed=True))
                opener = None
            elif opener is None and mark in OPENING_MARKS:
                opener, open_at = mark, match.end()
            elif opener is None and mark == "”" and _opens_word(text, match.end()):
                opener, open_at = "“", match.end()  # a typo'd opener: ”Mr. Trump …”
        if opener is not None:
            end = para_end
            while end > open_at and text[end - 1].isspace():
                end -= 1
            if end > open_at:
                found.append(_marks(text, open_at, end, closed=False))
    return found


def quote_context(doc: Doc) -> tuple[list[QuoteMarks], Ranges, list[int]]:
    """The doc's quotation marks, their ranges and its paragraph starts, found once a doc.

    The rules and the tagger's quotes (attribution_model) ask the same of the same text.
    Sharing the very objects also shares the pronoun resolutions, which `resolve_pronoun`
    keeps per `quoted` and paragraph list: a line of thousands of "he said" resolved each
    "he" once for the tagger's quotes and again for the rules'.
    """
    derived = doc_index(doc).derived
    found = derived.get("quote_context")
    if found is None:
        text = doc_index(doc).text
        marks = find_quote_marks(text)
        quoted = Ranges((m.start, m.end) for m in marks)
        found = derived["quote_context"] = (marks, quoted, paragraph_starts(text))
    return found  # type: ignore[return-value]


def _opens_word(text: str, at: int) -> bool:
    """Whether a quote mark before `at` starts a word (at line start, before a letter)."""
    line_start = at - 1 == 0 or text[at - 2] == "\n"
    return line_start and at < len(text) and text[at].isalnum()


def _marks(text: str, start: int, end: int, *, closed: bool) -> QuoteMarks:
    return QuoteMarks(start=start, end=end, words=len(WORD.findall(text[start:end])), closed=closed)


class QuoteModel(Protocol):
    """A statistical quote finder whose quotes complement the rules' (see attribution_model)."""

    def quotes(self, doc: Doc) -> list[Quote]: ...


class QuoteExtractor:
    """The `newstrace_quotes` component: finds quotes and their speakers in a parsed Doc."""

    def __init__(
        self, lexicon: str = "quote_verbs", lang: str = "en", model: QuoteModel | None = None
    ) -> None:
        entries = load_lexicon(lexicon, lang)
        self.verbs = frozenset(e for e in entries if " " not in e)
        self.phrasal = frozenset(e for e in entries if " " in e)
        self.object_verbs = frozenset(load_lexicon("quote_object_verbs", lang))
        self.intent_verbs = frozenset(load_lexicon("quote_intent_verbs", lang))
        self.model = model
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        return self._annotate(doc, None)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Annotate docs in batches, so the model's tagger runs once per batch."""
        for batch in minibatch(docs, size=batch_size):
            model_quotes: list[list[Quote] | None] = [None] * len(batch)
            if self.model is not None and hasattr(self.model, "quotes_many"):
                try:
                    model_quotes = list(self.model.quotes_many(batch))
                except Exception:  # noqa: BLE001 - each doc is retried alone below
                    model_quotes = [None] * len(batch)
            for doc, found in zip(batch, model_quotes, strict=True):
                yield self._annotate(doc, found)

    @guarded("newstrace_quotes")
    def _annotate(self, doc: Doc, model_quotes: list[Quote] | None) -> Doc:
        try:
            quotes, findings = self.extract(doc, model_quotes)
        finally:
            release(doc)  # docs leave the pipeline without cached lookups
        doc._.quotes = quotes
        doc._.quote_findings = findings
        return doc

    # -- cues -----------------------------------------------------------------------

    def is_cue(self, token: Token) -> bool:
        if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBD", "VBZ", "VBP", "VBG"):
            return False
        lemma = token.lemma_.lower()
        particles = [c.lower_ for c in token.children if c.dep_ == "prt"]
        if any(f"{lemma} {p}" in self.phrasal for p in particles):
            return True
        return lemma in self.verbs

    def extract(
        self, doc: Doc, model_quotes: list[Quote] | None = None
    ) -> tuple[list[Quote], list[Finding]]:
        """Find the quotes of `doc` and the findings about their speakers.

        `model_quotes` are the model's quotes when already computed for a batch.
        """
        text = doc_index(doc).text
        marks, quoted, paragraphs = quote_context(doc)
        builder = _Builder(doc, quoted, paragraphs)
        used_cues: set[int] = set()
        previous: tuple[QuoteMarks, Speaker] | None = None
        attribution_end = -1  # end of the sentence of the last cue that followed its quote

        for mark in marks:
            if mark.words < MIN_DIRECT_WORDS and not _opens_sentence(doc, mark):
                continue
            signed = self._signature(doc, mark)
            if signed is not None:
                builder.add(signed)
                previous = (mark, signed.speaker) if signed.speaker else previous
                continue
            cue = self._cue_after(doc, mark, quoted) or self._cue_before(doc, mark, quoted)
            if cue is not None and cue.i not in used_cues:
                subject = subject_of(cue)
                if subject is not None:
                    used_cues.add(cue.i)
                    content = self._direct_content(doc, cue, mark)
                    quote = builder.quote(_kind(content, mark), content, cue, subject)
                    previous = (mark, quote.speaker) if quote.speaker else previous
                    if cue.idx >= mark.end:  # "…,” said Ryan Ellis, a tax consultant. “…"
                        attribution_end = doc_index(doc).sentence_of(cue).end_char
                    continue
            if previous is not None and (
                _continues(text, previous[0], mark)
                or _after_attribution(text, previous[0], mark, attribution_end)
            ):
                speaker = previous[1]
                if not builder.extend_last(speaker, mark.end):
                    builder.add(
                        Quote(kind="direct", content=_span(text, mark), cue=None, speaker=speaker)
                    )
                previous = (mark, speaker)

        for token in doc:
            if token.i in used_cues or _inside(token.idx, quoted):
                continue
            if _is_according_to(token):
                self._according_to(doc, token, builder)
            elif self.is_cue(token) and self._indirect(doc, token, builder):
                continue
            elif token.pos_ == "VERB" and not self._intent_quote(doc, token, builder):
                self._object_content(doc, token, builder)
        self._colon_attributions(doc, builder, marks)
        quotes = builder.sorted_quotes()
        if self.model is not None:
            found = model_quotes if model_quotes is not None else self.model.quotes(doc)
            usable = [
                q for q in found if not (q.speaker and q.speaker.text.lower() in NOT_SPEAKER_WORDS)
            ]
            merged = merge_quotes(quotes, usable)
            rule_quotes = {id(q) for q in quotes}
            added = [q for q in merged if id(q) not in rule_quotes]
            builder.findings += _orphan_findings(doc, added)
            quotes = merged
        return quotes, builder.findings

    def _signature(self, doc: Doc, mark: QuoteMarks) -> Quote | None:
        """A direct quote signed after a dash on its own line: "“…” ― Carla Sanchez"."""
        text = doc_index(doc).text
        after = mark.end
        while after < len(text) and text[after] in CLOSING_MARKS_CHARS:
            after += 1
        dash = SIGNATURE.match(text, after)
        if dash is None:
            return None
        line_end = text.find("\n", dash.end())
        line_end = len(text) if line_end < 0 else line_end
        name: list[Token] = []
        for token in doc[_token_at(doc, dash.end()) :]:
            if token.idx >= line_end or token.is_punct or token.is_space:
                break
            name.append(token)
        if not name or len(name) > MAX_SIGNATURE_TOKENS or not name[0].is_title:
            return None
        mark_text = dash.group().strip().strip(",.").strip()
        cue_start = text.index(mark_text, after)
        cue = Span.of(text, cue_start, cue_start + len(mark_text))
        speaker = speaker_from_tokens(doc, name, "explicit")
        return Quote(kind="direct", content=_span(text, mark), cue=cue, speaker=speaker)

    def _cue_after(
        self, doc: Doc, mark: QuoteMarks, quoted: Sequence[tuple[int, int]]
    ) -> Token | None:
        """A cue verb within a few words after the closing mark: "…”, he said."""
        seen = 0
        for token in doc[_token_at(doc, mark.end) :]:
            if _inside(token.idx, quoted):
                break
            if "\n" in token.text or "\n" in token.whitespace_:
                break  # a cue never reaches across a line break
            if token.is_punct or token.is_space:
                if token.text in ".!?" and seen:
                    break
                continue
            seen += 1
            if seen > CUE_WINDOW_TOKENS:
                break
            if self.is_cue(token):
                return token
        return None

    def _cue_before(
        self, doc: Doc, mark: QuoteMarks, quoted: Sequence[tuple[int, int]]
    ) -> Token | None:
        """The nearest cue verb before the opening mark in its sentence: "Kerry said: “…".

        No cue reaches across a line break. Only the sentence's cue verbs are visited (see
        `_cue_indices`), not every word back to its start: a sentence of thousands of
        quotation marks made that quadratic.
        """
        found = doc_index(doc)
        index = found.token_at(mark.start)
        if index >= len(doc):
            return None
        first = doc[index]
        sent_start = found.sentence_of(first).start
        stop = sent_start - 1  # the nearest word, outside quotes, at or before a line break
        newline = found.text.rfind("\n", doc[sent_start].idx, mark.start)
        if newline >= 0:
            stop = bisect.bisect_right(found.token_starts, newline, sent_start, index) - 1
            while stop >= sent_start and in_ranges(doc[stop].idx, quoted):
                stop -= 1
        cues = self._cue_indices(doc)
        low = bisect.bisect_left(cues, max(stop + 1, sent_start))
        for k in range(bisect.bisect_left(cues, index, low) - 1, low - 1, -1):
            token = doc[cues[k]]
            if in_ranges(token.idx, quoted):
                continue
            if _governs(token, first) or token.i >= first.i - 4:
                return token
        return None

    def _cue_indices(self, doc: Doc) -> list[int]:
        """Indices of the doc's cue verbs, found once per doc."""
        derived = doc_index(doc).derived
        found = derived.get("quote_cue_indices")
        if found is None:
            found = derived["quote_cue_indices"] = [t.i for t in doc if self.is_cue(t)]
        return found  # type: ignore[return-value]

    def _direct_content(self, doc: Doc, cue: Token, mark: QuoteMarks) -> Span:
        """The quote's content: the marked words, or the cue's complement around them."""
        complement = _complement(cue)
        if complement is not None:
            start, end = complement
            if start <= mark.start - 1 and end >= mark.end and (mark.start - start) > 8:
                return Span.of(doc_index(doc).text, start, end)
        return _span(doc_index(doc).text, mark)

    def _indirect(self, doc: Doc, cue: Token, builder: _Builder) -> bool:
        """An indirect or mixed quote from a cue verb's complement; whether one was made."""
        complement = _complement(cue) or _quoted_object(cue, builder.quoted) or self._intent(cue)
        return _complement_quote(doc, cue, complement, builder)

    def _intent_quote(self, doc: Doc, verb: Token, builder: _Builder) -> bool:
        """An indirect quote of an intent verb that is no cue verb ("declined to comment")."""
        return _complement_quote(doc, verb, self._intent(verb), builder)

    def _intent(self, cue: Token) -> tuple[int, int] | None:
        """What "vowed to fight on" or "urged her husband to come out" reports."""
        lemma = cue.lemma_.lower()
        particles = [f"{lemma} {c.lower_}" for c in cue.children if c.dep_ in ("prt", "prep")]
        if lemma not in self.intent_verbs and not any(p in self.intent_verbs for p in particles):
            return None
        clause = next((c for c in cue.children if c.dep_ == "xcomp"), None)
        if clause is None or clause.i < cue.i:
            return None
        first = next((c for c in cue.children if c.dep_ == "dobj" and c.i < clause.i), clause)
        tokens = [*first.subtree, *clause.subtree] if first is not clause else [*clause.subtree]
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t) for t in tokens)
        return _trim(doc_index(cue.doc).text, start, end)

    def _object_content(self, doc: Doc, verb: Token, builder: _Builder) -> None:
        """A speech act whose object is what was said: "Sanders called for a single payer"."""
        lemma = verb.lemma_.lower()
        objects: list[Token] = []
        if lemma in self.object_verbs:
            objects = [c for c in verb.children if c.dep_ == "dobj"]
        if not objects:
            for prep in (c for c in verb.children if c.dep_ == "prep"):
                if f"{lemma} {prep.lower_}" in self.object_verbs:
                    objects = [c for c in prep.children if c.dep_ == "pobj"]
                    break
        subject = subject_of(verb)
        if not objects or subject is None or _inside(subject.idx, builder.quoted):
            return
        tokens = sorted((t for o in objects for t in o.subtree), key=lambda t: t.i)
        if sum(1 for t in tokens if not t.is_punct) < MIN_OBJECT_WORDS:
            return
        start, end = _trim(doc_index(doc).text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
        if end <= start or builder.overlaps(start, end):
            return
        content = Span.of(doc_index(doc).text, start, end)
        builder.quote(_kind_of_clause(content, builder.quoted), content, verb, subject)

    def _colon_attributions(self, doc: Doc, builder: _Builder, marks: list[QuoteMarks]) -> None:
        """Headline style "Graham: Trump's rhetoric is destroying the party"."""
        text = doc_index(doc).text
        # the marks by start, with the furthest end so far: is a content inside one?
        spans = sorted((m.start, m.end) for m in marks)
        mark_starts = [start for start, _ in spans]
        reach = list(itertools.accumulate((end for _, end in spans), max))
        for sent in doc_index(doc).sents:
            if (
                sent.start_char > 0
                and "\n" not in text[max(0, sent.start_char - 2) : sent.start_char]
            ):
                continue
            tokens = [t for t in sent if not t.is_space]
            colon = next((i for i, t in enumerate(tokens[:7]) if t.text == ":"), None)
            if not colon:
                continue
            name = tokens[:colon]
            if not all(t.pos_ == "PROPN" or t.ent_type_ in SPEAKER_ENTS for t in name):
                continue
            line_end = text.find("\n", tokens[colon].idx)
            line_end = len(text) if line_end < 0 else line_end
            start, end = _trim(text, tokens[colon].idx + 1, line_end)
            if len(WORD.findall(text[start:end])) < 3 or builder.overlaps(start, end):
                continue
            content = Span.of(text, start, end)
            cue = Span.of(text, tokens[colon].idx, tokens[colon].idx + 1)
            speaker = speaker_from_tokens(doc, name, "explicit")
            before = bisect.bisect_right(mark_starts, start + 1)  # marks opening by start + 1
            kind = (
                "direct"
                if before and reach[before - 1] + 1 >= end
                else _kind_of_clause(content, builder.quoted)
            )
            builder.add(Quote(kind=kind, content=content, cue=cue, speaker=speaker))

    def _according_to(self, doc: Doc, according: Token, builder: _Builder) -> None:
        to = doc[according.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return
        phrase = list(according.subtree) + list(to.subtree)
        phrase_start = min(t.idx for t in phrase)
        phrase_end = max(t.idx + len(t) for t in phrase)
        sent = doc_index(doc).sentence_of(according)
        if phrase_start - sent.start_char > sent.end_char - phrase_end:
            start, end = sent.start_char, phrase_start
        else:
            start, end = phrase_end, sent.end_char
        start, end = _trim(doc_index(doc).text, start, end)
        if end - start < 10 or builder.overlaps(start, end):
            return
        content = Span.of(doc_index(doc).text, start, end)
        cue = Span.of(doc_index(doc).text, according.idx, to.idx + len(to))
        builder.quote(_kind_of_clause(content, builder.quoted), content, cue, source)


class _Builder:
    """Collects quotes of one doc, resolving speakers and recording orphan findings."""

    def __init__(self, doc: Doc, quoted: Sequence[tuple[int, int]], paragraphs: list[int]) -> None:
        self.doc = doc
        self.quoted = quoted
        self.paragraphs = paragraphs
        self.quotes: list[Quote] = []
        self.findings: list[Finding] = []
        self._orphans: set[int] = set()  # where the orphan findings' pronouns start
        # the contents' starts and ends, each sorted, for `overlaps` (see there)
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """Whether the content of a quote found so far overlaps [start, end).

        For start < end, a content misses the range when it starts at or after `end` or
        ends at or before `start`, never both; so the overlapping ones number those
        starting before `end` less those ending by `start`: two bisections, where a scan
        of every quote made a text of thousands of quotes quadratic.
        """
        if start >= end:
            return any(q.content.start < end and start < q.content.end for q in self.quotes)
        before_end = bisect.bisect_left(self._starts, end)
        return before_end - bisect.bisect_right(self._ends, start) > 0

    def add(self, quote: Quote) -> Quote:
        self.quotes.append(quote)
        bisect.insort(self._starts, quote.content.start)
        bisect.insort(self._ends, quote.content.end)
        return quote

    def extend_last(self, speaker: Speaker, end: int) -> bool:
        """Carry the last quote of `speaker` on to `end` when only its attribution between.

        "“Coal isn't the villain,” he said. “The villain is excess carbon.”" is one quote
        (as PolNeAR and the GGT annotate it): its content runs from the first mark to the
        last, the attribution inside it, and its cue and speaker stay those of the first.
        """
        if not self.quotes or self.quotes[-1].speaker != speaker:
            return False
        last = self.quotes[-1]
        text = doc_index(self.doc).text
        if "\n" in text[last.content.end : end] or end <= last.content.end:
            return False
        self.quotes[-1] = replace(last, content=Span.of(text, last.content.start, end))
        del self._ends[bisect.bisect_left(self._ends, last.content.end)]
        bisect.insort(self._ends, end)
        return True

    def quote(
        self,
        kind: QuoteKind,
        content: Span,
        cue: Token | Span,
        subject: Token,
        cue_is_span: bool = False,
    ) -> Quote:
        text = doc_index(self.doc).text
        cue_span = cue if isinstance(cue, Span) else Span.of(text, cue.idx, cue.idx + len(cue))
        content = _clip_to_paragraph(text, content, cue_span.start)
        speaker = self.speaker(subject)
        quote = self.add(Quote(kind=kind, content=content, cue=cue_span, speaker=speaker))
        return quote

    def speaker(self, subject: Token) -> Speaker:
        if is_pronoun(subject):
            speaker, _, reason = resolve_pronoun(self.doc, subject, self.quoted, self.paragraphs)
            if reason is not None and speaker.start not in self._orphans:
                self._orphans.add(speaker.start)
                evidence = Span.of(doc_index(self.doc).text, speaker.start, speaker.end)
                self.findings.append(
                    Finding(
                        kind="orphan_quote",
                        message=f"Quote attributed to '{subject.text}' with no speaker it can "
                        f"refer to: {reason}.",
                        evidence=(evidence,),
                    )
                )
            return speaker
        return speaker_from_tokens(self.doc, speaker_tokens(subject), "explicit")

    def sorted_quotes(self) -> list[Quote]:
        return sorted(self.quotes, key=lambda q: (q.content.start, q.content.end))


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The speaker head of a cue verb: its subject, the agent of a passive, or inherited.

    "called … and said …" and "he said, adding that …" inherit the first verb's subject.
    """
    for child in verb.children:
        if child.dep_ == "nsubj":
            if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return verb.head  # "Sanders, who said …": the speaker is who "who" is
            if child.ent_type_ in NOT_SPEAKER_ENTS or child.lower_ in NOT_SPEAKER_WORDS:
                return None
            return child
        if child.dep_ == "nsubjpass":
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            return pobj
    if verb.dep_ in INHERIT_SUBJECT_DEPS and depth < 3 and verb.head is not verb:
        return subject_of(verb.head, depth + 1)
    return None


def _complement(cue: Token) -> tuple[int, int] | None:
    """Character range of what a cue verb reports, from its clausal complement."""
    doc = cue.doc
    for child in cue.children:
        if child.dep_ in CONTENT_DEPS:
            tokens = list(child.subtree)
            if tokens[0].dep_ == "mark" and tokens[0].head.i == child.i:
                tokens = tokens[1:]
            if not tokens:
                return None
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            # a complement ending inside quotation marks takes its closing mark along
            following = doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(doc) else None
            if following is not None and following.text in CLOSING_MARKS:
                opens = sum(doc_index(doc).text[start:end].count(m) for m in "“«")
                closes = sum(doc_index(doc).text[start:end].count(m) for m in "”»")
                if opens > closes:
                    end = following.idx + 1
            return _trim(doc_index(doc).text, start, end)
    if cue.dep_ == "parataxis" or (
        cue.dep_ == "ccomp" and cue.head.i < cue.i and _has_comma_before(cue)
    ):
        head = cue.head
        inner = {t.i for t in cue.subtree}
        tokens = [t for t in head.subtree if t.i not in inner]
        if not tokens:
            return None
        left = [t for t in tokens if t.i < cue.left_edge.i]
        right = [t for t in tokens if t.i > cue.right_edge.i]
        side = left if sum(len(t) for t in left) >= sum(len(t) for t in right) else right
        if not side:
            return None
        return _trim(doc_index(doc).text, side[0].idx, side[-1].idx + len(side[-1]))
    return None


def _quoted_object(cue: Token, quoted: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """What a cue like "called the claim “a fabrication”" reports: its object and the quote."""
    objects = [c for c in cue.children if c.dep_ in ("dobj", "oprd") and c.i > cue.i]
    if not objects:
        return None
    start = min(t.idx for o in objects for t in o.subtree)
    last = max((t for o in objects for t in o.subtree), key=lambda t: t.i)
    end = last.idx + len(last)
    following = cue.doc[last.i + 1] if last.i + 1 < len(cue.doc) else None
    if following is not None and following.text in CLOSING_MARKS:
        end = following.idx + 1
    if not _holds_quote(quoted, start, end):
        return None
    return _trim(doc_index(cue.doc).text, start, end)


def _has_comma_before(token: Token) -> bool:
    return (
        token.i > 0 and token.doc[token.left_edge.i - 1].text == ","
        if token.left_edge.i > 0
        else False
    )


def _governs(head: Token, token: Token) -> bool:
    return any(ancestor.i == head.i for ancestor in token.ancestors)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow [start, end) past surrounding spaces and punctuation that is not a quote mark."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-."):
        end -= 1
    return start, end


def _token_at(doc: Doc, char: int) -> int:
    """Index of the first token starting at or after `char` (len(doc) if none)."""
    return doc_index(doc).token_at(char)


def _is_according_to(token: Token) -> bool:
    doc = token.doc
    return (
        token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to"
    )


def merge_quotes(first: Sequence[Quote], second: Sequence[Quote]) -> list[Quote]:
    """`first`, plus the quotes of `second` whose content overlaps none of `first`."""
    merged = list(first)
    # by start, with the furthest end so far: one bisection per quote of `second`
    spans = sorted((q.content.start, q.content.end) for q in first)
    starts = [start for start, _ in spans]
    reach = list(itertools.accumulate((end for _, end in spans), max))
    for quote in second:
        c = quote.content
        k = bisect.bisect_left(starts, c.end)  # the quotes of `first` starting before c ends
        if not (k and reach[k - 1] > c.start):
            merged.append(quote)
    return sorted(merged, key=lambda q: (q.content.start, q.content.end))


def _orphan_findings(doc: Doc, quotes: list[Quote]) -> list[Finding]:
    """Orphan-quote findings for pronoun speakers the model's quotes left unresolved."""
    return [
        Finding(
            kind="orphan_quote",
            message=f"Quote attributed to '{q.speaker.text}' with no speaker it can refer to.",
            evidence=(Span.of(doc_index(doc).text, q.speaker.start, q.speaker.end),),
        )
        for q in quotes
        if q.speaker is not None and q.speaker.resolution == "unresolved"
    ]


def _clip_to_paragraph(text: str, content: Span, anchor: int) -> Span:
    """Keep the part of `content` in the paragraph nearest `anchor` (the cue).

    An indirect quote never runs over a paragraph break; a parse that says otherwise has
    glued a dateline or a headline to the sentence.
    """
    pieces = []
    start = content.start
    for match in PARAGRAPH_BREAK.finditer(text, content.start, content.end):
        pieces.append((start, match.start()))
        start = match.end()
    if not pieces:
        return content
    pieces.append((start, content.end))
    best = min(
        pieces,
        key=lambda p: 0 if p[0] <= anchor <= p[1] else min(abs(anchor - p[0]), abs(anchor - p[1])),
    )
    return Span.of(text, *_trim(text, *best))


def _inside(char: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return in_ranges(char, ranges)


def _holds_quote(quoted: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether one of the `quoted` ranges lies wholly inside [start, end)."""
    if isinstance(quoted, Ranges):
        return bool(quoted.within(start, end))
    return any(start <= q_start and q_end <= end for q_start, q_end in quoted)


def _span(text: str, mark: QuoteMarks) -> Span:
    start, end = _trim(text, mark.start, mark.end)
    return Span.of(text, start, end)


def _kind(content: Span, mark: QuoteMarks) -> QuoteKind:
    return "direct" if content.start >= mark.start - 1 and content.end <= mark.end + 1 else "mixed"


def _kind_of_clause(content: Span, quoted: Sequence[tuple[int, int]]) -> QuoteKind:
    """mixed when quotation marks lie inside the content (or end one past it), else indirect."""
    return "mixed" if _holds_quote(quoted, content.start, content.end + 1) else "indirect"


def _complement_quote(
    doc: Doc,
    cue: Token,
    complement: tuple[int, int] | None,
    builder: _Builder,
) -> bool:
    """Add the quote whose content is `complement` and whose speaker is `cue`'s subject."""
    subject = subject_of(cue)
    if complement is None or subject is None or _inside(subject.idx, builder.quoted):
        return False
    start, end = complement
    if builder.overlaps(start, end):
        return False
    content = Span.of(doc_index(doc).text, start, end)
    builder.quote(_kind_of_clause(content, builder.quoted), content, cue, subject)
    return True


def _opens_sentence(doc: Doc, mark: QuoteMarks) -> bool:
    """Whether a quote opens its sentence: "“He better live,” she said." is no scare quote."""
    index = _token_at(doc, mark.start)
    if index >= len(doc):
        return False
    sentence = doc_index(doc).sentence_of(doc[index])
    text = doc_index(doc).text
    # walk back over what may open a sentence, not the whole sentence, to its start
    at = mark.start - 1
    while at >= sentence.start_char and text[at] in _SENTENCE_OPENERS:
        at -= 1
    return at < sentence.start_char


def _after_attribution(
    text: str, previous: QuoteMarks, mark: QuoteMarks, attribution_end: int
) -> bool:
    """Whether `mark` opens right after the attribution sentence that closed `previous`."""
    if not previous.closed or not previous.end < attribution_end <= mark.start:
        return False
    return "\n" not in text[previous.end : mark.start] and not text[
        attribution_end : mark.start
    ].strip(" \t\u00a0“\"'")


def _continues(text: str, previous: QuoteMarks, mark: QuoteMarks) -> bool:
    """Whether `mark` carries on the previous quote: only a short attribution between them."""
    between = text[previous.end : mark.start]
    if not previous.closed:
        return between.strip() in ("", "“", '"', "”“", '""')
    return len(WORD.findall(between)) <= 4 and "\n\n" not in between.strip('“”" \n')
