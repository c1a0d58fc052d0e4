"""Property tests of extraction: any text comes out as an article whose every span holds.

"Holds" means `text[start:end] == span.text` for every offset-bearing record at any
depth, and the article serialises to UTF-8 JSON. A text the pipeline cannot take
becomes an `InputError` naming it, and the other articles of its batch still come out.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newstrace.core import extract_articles, extract_text
from newstrace.records import Article, InputArticle, InputError, Span

from ..store.articles import full_article
from .budget import LONG_LINE_CHARS, MAX_LINE_CHARS, budget
from .spans import offset_records, span_problems
from .strategies import EMOJI, LONG_LINE_SHAPES, QUOTE_MARKS, hostile_text, long_line

pytestmark = pytest.mark.slow  # loads the spaCy pipeline


def test_the_span_walker_finds_nested_spans_and_a_broken_one():
    article = full_article()
    assert len(offset_records(article)) > len(article.iter_spans())  # the speakers' actors too
    assert span_problems(article) == []
    broken = Article(id="x", source="x", text="abc", boilerplate=(Span(start=1, end=2, text="c"),))
    assert span_problems(broken) == ["Span 1:2 'c'"]


@budget(25)
@given(
    texts=st.lists(hostile_text(), min_size=1, max_size=4),
    batch_size=st.integers(min_value=1, max_value=3),
)
def test_any_text_gives_an_article_whose_every_span_indexes_its_text(nlp, texts, batch_size):
    items = [InputArticle(source=f"t{i}", text=text) for i, text in enumerate(texts)]
    results = list(extract_articles(items, nlp, batch_size=batch_size))
    assert [r.source for r in results] == [i.source for i in items]
    for result in results:
        assert isinstance(result, Article), result
        assert span_problems(result) == [], result.text


quoted = st.lists(
    st.one_of(
        st.sampled_from(QUOTE_MARKS),
        st.sampled_from(["Kerry said", "he told reporters", ",", ".", " ", "we will fight", "\n"]),
    ),
    min_size=1,
    max_size=60,
).map("".join)


@budget(60)
@given(text=quoted)
def test_unbalanced_and_nested_quote_marks_of_every_style_keep_spans_valid(nlp, text):
    article = extract_text(text, nlp)
    assert span_problems(article) == []


@budget(15)
@given(
    texts=st.lists(hostile_text(max_pieces=10), min_size=2, max_size=4),
    bad=st.data(),
)
def test_a_lone_surrogate_is_one_named_error_and_its_batch_still_comes_out(nlp, texts, bad):
    at = bad.draw(st.integers(min_value=0, max_value=len(texts) - 1))
    half = bad.draw(st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"]))
    texts[at] = texts[at] + half + "Aleppo"
    items: list[InputArticle | InputError] = [
        InputArticle(source=f"t{i}", text=text) for i, text in enumerate(texts)
    ]
    items.insert(1, InputError(source="upstream", error="upstream: could not be read"))
    results = list(extract_articles(items, nlp, batch_size=2))
    assert [r.source for r in results] == [i.source for i in items]
    for item, result in zip(items, results, strict=True):
        if item.source == f"t{at}":
            assert isinstance(result, InputError) and "surrogate" in result.error
            assert result.error.startswith(f"t{at}:")
        elif isinstance(item, InputError):
            assert result is item
        else:
            assert isinstance(result, Article) and span_problems(result) == []


def test_invisible_characters_between_every_letter_keep_spans_valid(nlp):
    text = "“We will rebuild the hospital,” the mayor of Aleppo said on Monday."
    salted = "\u200b".join(text) + " " + "\u202e".join(text) + " " + "\u0301".join(text)
    article = extract_text(salted + " " + "".join(EMOJI) + " " + text, nlp)
    assert span_problems(article) == []
    assert article.quotes  # the plain copy at the end is still understood


@pytest.mark.parametrize("shape", sorted(LONG_LINE_SHAPES))
def test_one_long_line_of_each_hostile_shape_is_extracted_with_valid_spans(nlp, shape):
    # each shape was one giant "sentence" whose extraction time grew with its square
    # (names, quotation marks, numbers: issue #10); the pipeline now cuts it into pieces
    text = long_line(shape, LONG_LINE_CHARS)
    (result,) = extract_articles([InputArticle(source=shape, text=text)], nlp)
    assert isinstance(result, Article), result
    assert result.text == text
    assert span_problems(result) == []
    if shape in ("names", "same_names", "words"):
        assert result.mentions


def test_a_one_megabyte_line_of_every_shape_at_once_is_extracted(nlp):
    # the longest text the pipeline takes (nlp.max_length), on one line; linear now
    share = MAX_LINE_CHARS // len(LONG_LINE_SHAPES)
    text = "".join(long_line(shape, share, seed=1) for shape in sorted(LONG_LINE_SHAPES))
    assert "\n" not in text and len(text) > 0.99 * MAX_LINE_CHARS
    article = extract_text(text, nlp)
    assert article.text == text
    assert span_problems(article) == []
    assert article.mentions and article.quotes and article.events


def test_a_line_of_thousands_of_said_quotes_gives_each_quote_its_own_record(nlp):
    # the last shape that was quadratic: each quote looked through every cue, source,
    # sentence and quote of the doc (tagger's quotes, rule quotes, attribution findings)
    said = "“We will fight on to the very end,” he said. "
    count = 3_000  # 135,000 characters (147 KB) on one line
    article = extract_text(said * count, nlp)
    assert span_problems(article) == []
    assert [q.content.start for q in article.quotes] == [n * len(said) + 1 for n in range(count)]
    assert {(q.content.text, q.speaker.text if q.speaker else None) for q in article.quotes} == {
        ("We will fight on to the very end", "he")
    }


@budget(2)
@given(
    shape=st.sampled_from(sorted(LONG_LINE_SHAPES)),
    size=st.integers(min_value=LONG_LINE_CHARS // 2, max_value=LONG_LINE_CHARS),
    seed=st.integers(min_value=0, max_value=2**16),
    salt=hostile_text(max_pieces=8),
)
def test_a_long_hostile_line_salted_with_any_text_keeps_spans_valid(nlp, shape, size, seed, salt):
    line = salt.replace("\n", " ")
    text = line + long_line(shape, max(0, size - 2 * len(line)), seed) + line  # <= size
    article = extract_text(text, nlp)
    assert article.text == text
    assert span_problems(article) == []
