"""The column-lookup attribute rules give exactly the stock attribute ruler's attributes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from newstrace.nlp.attributes import compile_rules
from newstrace.nlp.pipeline import load_stock_model

DEMO = Path(__file__).resolve().parents[2] / "demo"
COLUMNS = [POS, TAG, MORPH, LEMMA, DEP]
ODD_TEXTS = [
    "Y'all ain't seen nothin' yet, and I didn't tell you it's over.",
    "There are 12 villages; there's a war. Do you have it? We'd have done it.",
    'He gave it to me.\n\n  \tThen   she said: "whether or not, though, it\'s him."',
    "",
]


@pytest.fixture(scope="module")
def stock():
    return load_stock_model()


def _parsed(stock, texts: list[str]) -> list[Doc]:
    with stock.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        return list(stock.pipe(texts))


def _demo_texts() -> list[str]:
    lines = (DEMO / "fa-kes-sample.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    return [(DEMO / "aleppo-2016-02-russia-blames-us.txt").read_text(encoding="utf-8"), *texts]


@pytest.mark.slow
def test_compiled_rules_equal_the_stock_attribute_ruler_token_for_token(stock):
    ruler = stock.get_pipe("attribute_ruler")
    rules = compile_rules(stock.vocab, ruler.patterns)
    assert rules is not None
    for doc in _parsed(stock, [*_demo_texts(), *ODD_TEXTS]):
        expected, ours = ruler(doc.copy()), rules(doc.copy())
        assert (ours.to_array(COLUMNS) == expected.to_array(COLUMNS)).all(), doc.text[:80]


def test_later_rule_wins_over_an_earlier_one_on_the_same_token(stock):
    patterns = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "LEMMA": "first"}},
        {"patterns": [[{"LOWER": "war", "TAG": "NN"}]], "attrs": {"LEMMA": "second"}},
    ]
    rules = compile_rules(stock.vocab, patterns)
    doc = Doc(stock.vocab, words=["war", "peace"], tags=["NN", "NN"])
    rules(doc)
    assert [t.lemma_ for t in doc] == ["second", "first"]
    assert [t.pos_ for t in doc] == ["NOUN", "NOUN"]


def test_two_token_rule_sets_the_token_at_its_index(stock):
    patterns = [
        {
            "patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "are"]}}]],
            "attrs": {"POS": "VERB"},
            "index": 1,
        }
    ]
    rules = compile_rules(stock.vocab, patterns)
    doc = Doc(stock.vocab, words=["there", "are", "two"], deps=["expl", "ROOT", "attr"])
    doc[0].head = doc[1]
    rules(doc)
    assert [t.pos_ for t in doc] == ["", "VERB", ""]


def test_regex_and_not_in_tests_match_like_the_matcher(stock):
    patterns = [
        {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'?$"}}]], "attrs": {"LEMMA": "nothing"}},
        {"patterns": [[{"TAG": {"NOT_IN": ["NN", ""]}}]], "attrs": {"POS": "X"}},
    ]
    rules = compile_rules(stock.vocab, patterns)
    doc = Doc(stock.vocab, words=["Nothin'", "nothing", "cat"], tags=["NN", "JJ", "NN"])
    rules(doc)
    assert [t.lemma_ for t in doc] == ["nothing", "", ""]
    assert [t.pos_ for t in doc] == ["", "X", ""]


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "a", "OP": "+"}],
        [{"LENGTH": 3}],
        [{"LOWER": {">=": 2}}],
    ],
)
def test_a_rule_it_cannot_express_keeps_the_stock_ruler(stock, pattern):
    assert compile_rules(stock.vocab, [{"patterns": [pattern], "attrs": {"POS": "X"}}]) is None


def test_the_pipeline_runs_the_compiled_rules_in_the_rulers_place(nlp):
    names = nlp.pipe_names
    assert "attribute_ruler" not in names
    assert names.index("newstrace_attribute_rules") == names.index("parser") + 1
