"""The statistical attribution tagger: packaged model, quotes and their spans."""

from __future__ import annotations

import pytest

from newstrace.extract.attribution_model import (
    CONTENT,
    CUE,
    MODEL_DIR,
    SOURCE,
    _kind,
    _Part,
    load_attribution_model,
)
from newstrace.extract.quotes import find_quote_marks, merge_quotes
from newstrace.records import Quote, Span

SIMPLE = "The minister said that the talks would resume next week."


def test_model_is_in_the_package():
    assert (MODEL_DIR / "config.cfg").is_file()
    assert (MODEL_DIR / "ner" / "model").is_file()
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size < 10_000_000


def test_kind_from_quotation_marks():
    text = 'He said "we will win." Then he said we would win "big" soon.'
    direct = Span.of(text, text.index('"we'), text.index('."') + 2)
    mixed = Span.of(text, text.index("we would"), text.index(" soon"))
    indirect = Span.of(text, text.index("we would"), text.index(' "big'))
    quoted = [(m.start, m.end) for m in find_quote_marks(text)]
    assert _kind(text, direct, quoted) == "direct"
    assert _kind(text, mixed, quoted) == "mixed"
    assert _kind(text, indirect, quoted) == "indirect"


def test_merge_quotes_keeps_first_and_adds_disjoint():
    text = "aaaa bbbb cccc dddd"

    def q(start, end):
        return Quote(kind="indirect", content=Span.of(text, start, end), cue=None, speaker=None)

    first = [q(0, 9)]
    second = [q(5, 14), q(15, 19)]
    assert [x.content.text for x in merge_quotes(first, second)] == ["aaaa bbbb", "dddd"]


@pytest.fixture(scope="module")
def model():
    return load_attribution_model()


@pytest.mark.slow
def test_model_loads_once(model):
    assert load_attribution_model() is model
    assert set(model.ner.labels) == {CONTENT, CUE, SOURCE}


@pytest.mark.slow
def test_simple_indirect_quote(nlp, model):
    doc = nlp(SIMPLE)
    quotes = model.quotes(doc)
    assert quotes, [(s.label_, s.text) for s in model.spans(doc)]
    (quote,) = [q for q in quotes if "talks would resume" in q.content.text]
    assert "the talks would resume next week" in quote.content.text
    assert quote.speaker is not None and quote.speaker.text == "The minister"
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.kind == "indirect"


@pytest.mark.slow
def test_every_span_indexes_the_text(nlp, model, sample_text):
    for text in (SIMPLE, sample_text):
        doc = nlp(text)
        quotes = model.quotes(doc)
        assert quotes
        for quote in quotes:
            spans = [quote.content, quote.cue, quote.speaker]
            for span in filter(None, spans):
                assert text[span.start : span.end] == span.text


@pytest.mark.slow
def test_tagging_leaves_the_parsed_doc_alone(nlp, model):
    doc = nlp(SIMPLE)
    ents = [(e.start, e.end, e.label_) for e in doc.ents]
    model.spans(doc)
    assert [(e.start, e.end, e.label_) for e in doc.ents] == ents


@pytest.mark.slow
def test_fragments_split_by_cue_and_source_join(nlp, model):
    text = '"We will rebuild the city," the mayor said, "and we will do it fast."'
    doc = nlp(text)
    parts = [
        _Part(CONTENT, 0, 8),  # “We will rebuild the city,”
        _Part(SOURCE, 8, 10),  # the mayor
        _Part(CUE, 10, 11),  # said
        _Part(CONTENT, 12, len(doc)),  # “and we will do it fast.”
    ]
    (quote,) = model.quotes_from_parts(doc, parts)
    assert quote.content.start == 0 and quote.content.end == len(text)
    assert quote.speaker is not None and quote.speaker.text == "the mayor"


@pytest.mark.slow
def test_untagged_doc_is_refused(model):
    import spacy

    doc = spacy.blank("en")(SIMPLE)
    with pytest.raises(ValueError, match="doc.tensor"):
        model.spans(doc)


@pytest.mark.slow
def test_optional_filters(nlp, model):
    from newstrace.extract.attribution_model import AttributionModel

    text = "He said that the talks would resume next week. The minister said no."
    doc = nlp(text)
    parts = [
        _Part(SOURCE, 0, 1),  # He
        _Part(CUE, 1, 2),  # said
        _Part(CONTENT, 3, 9),  # the talks would resume next week
        _Part(SOURCE, 10, 12),  # The minister
        _Part(CUE, 12, 13),  # said
        _Part(CONTENT, 13, 14),  # no
    ]
    lenient = AttributionModel(model.nlp, require_resolved=False)
    base = lenient.quotes_from_parts(doc, parts)
    assert [q.content.text for q in base] == ["the talks would resume next week", "no"]
    lenient.min_content_tokens = 2
    short = lenient.quotes_from_parts(doc, parts)
    assert [q.content.text for q in short] == ["the talks would resume next week"]
    resolved = AttributionModel(model.nlp).quotes_from_parts(doc, parts)  # the default

    def named(quote):
        return quote.speaker and quote.speaker.resolution != "unresolved" and quote.speaker.name

    assert all(named(q) for q in resolved)
    assert len(resolved) == sum(1 for q in base if named(q))


def test_a_long_doc_is_tagged_in_its_pieces_and_a_news_length_one_whole():
    import spacy

    from newstrace.extract.attribution_model import _chunks
    from newstrace.nlp.pieces import LONG_TEXT, MAX_PIECE

    blank = spacy.blank("en")
    sentence = "“We will fight on to the very end,” he said. "
    short = blank(sentence * (LONG_TEXT // len(sentence)))
    assert _chunks(short) == [(0, len(short))]
    assert _chunks(blank("")) == [(0, 0)]
    long = blank(sentence * (3 * LONG_TEXT // len(sentence)))
    chunks = _chunks(long)
    assert len(chunks) > 3 and chunks[0][0] == 0 and chunks[-1][1] == len(long)
    assert all(end == start for (_, end), (start, _) in zip(chunks, chunks[1:], strict=False))
    for start, end in chunks:  # whole sentences of at most a piece's length
        assert long[start].text == "“" and long[end - 1].text == "."
        assert long[end - 1].idx - long[start].idx < MAX_PIECE
