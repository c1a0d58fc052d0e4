"""Pieces: the stock pipeline sees bounded pieces of a long text, our components all of it."""

from __future__ import annotations

import pytest

from newstrace.nlp.pieces import (
    LONG_TEXT,
    MAX_PIECE,
    MAX_RUN,
    _batches,
    piece_bounds,
    pipe_pieces,
)

SENTENCE = "Russian jets struck a market in Idlib on Tuesday, killing 12 people, monitors said. "


def assert_cover(text: str, bounds: list[tuple[int, int]]) -> None:
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(end == start for (_, end), (start, _) in zip(bounds, bounds[1:], strict=False))


def test_a_news_length_text_is_one_piece():
    text = (SENTENCE * 40 + "\n\n") * 10  # 34,000 characters of ordinary prose
    assert len(text) < LONG_TEXT
    assert piece_bounds(text) == [(0, len(text))]


def test_an_empty_text_is_one_empty_piece():
    assert piece_bounds("") == [(0, 0)]


def test_a_line_without_sentence_ends_is_cut_at_spaces_into_bounded_runs():
    text = "John Smith, Mary Jones, " * 2_000  # 48,000 characters, no full stop
    bounds = piece_bounds(text)
    assert_cover(text, bounds)
    assert len(bounds) > 1
    assert all(end - start <= MAX_RUN for start, end in bounds)
    assert all(text[end - 1] == " " for _, end in bounds[:-1])  # cut after a space


def test_a_text_without_spaces_is_cut_hard_at_the_run_limit():
    text = "x" * (3 * MAX_RUN + 5)
    assert piece_bounds(text) == [
        (0, MAX_RUN),
        (MAX_RUN, 2 * MAX_RUN),
        (2 * MAX_RUN, 3 * MAX_RUN),
        (3 * MAX_RUN, 3 * MAX_RUN + 5),
    ]


def test_a_long_text_is_packed_into_pieces_cut_at_paragraph_breaks():
    paragraph = SENTENCE * 20 + "\n\n"
    text = paragraph * (2 * LONG_TEXT // len(paragraph))
    bounds = piece_bounds(text)
    assert_cover(text, bounds)
    assert all(end - start <= MAX_PIECE for start, end in bounds)
    assert all(text[end - 2 : end] == "\n\n" for _, end in bounds[:-1])


def test_a_long_text_of_one_paragraph_is_cut_at_sentence_ends():
    text = SENTENCE * (2 * LONG_TEXT // len(SENTENCE))
    bounds = piece_bounds(text)
    assert_cover(text, bounds)
    assert all(end - start <= MAX_PIECE for start, end in bounds)
    assert all(text[end - 2 : end] == ". " for _, end in bounds[:-1])


@pytest.mark.slow
def test_pieces_join_into_one_doc_with_the_texts_exact_characters(nlp):
    line = "John Smith, Mary Jones, “Kerry said ‘we’ " * 400 + "x" * (MAX_RUN + 10)
    texts = [line, SENTENCE, "", " \n\n " + line]
    docs = [doc for doc, _ in pipe_pieces(nlp, ((t, i) for i, t in enumerate(texts)), batch_size=2)]
    assert [doc.text for doc in docs] == texts
    for doc in docs:
        assert all(len(sent.text.strip()) <= MAX_RUN for sent in doc.sents)
        assert doc._.quotes is not None and doc._.mentions is not None  # whole-doc components ran


@pytest.mark.slow
def test_a_news_length_text_is_parsed_exactly_as_the_whole_pipeline_parses_it(nlp, sample_text):
    ((doc, _),) = list(pipe_pieces(nlp, [(sample_text, None)], batch_size=8))
    whole = nlp(sample_text)
    assert [(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in doc] == [
        (t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in whole
    ]
    assert doc._.quotes == whole._.quotes


def test_stock_batches_stop_at_their_item_count_or_their_character_budget():
    items = [("a" * n, i) for i, n in enumerate([60, 60, 60, 10, 10, 10, 10, 500])]
    sizes = [[len(text) for text, _ in group] for group in _batches(items, 3, 150)]
    assert sizes == [[60, 60], [60, 10, 10], [10, 10], [500]]  # an oversized item alone
    assert [i for group in _batches(items, 3, 150) for _, i in group] == list(range(8))
