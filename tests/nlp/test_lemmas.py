"""The lemma preset gives exactly the stock pipeline's lemmas."""

from __future__ import annotations

import pytest

from newstrace.nlp.lemmas import preset_lemmas

TEXTS = [
    "The Syrian army said on Monday it had retaken 12 villages near Aleppo.",
    "“We’re not only shocked, but also outraged,” Merkel told reporters in Berlin.",
    "Russia's Defence Ministry didn't comment; U.S. Army Col. Steve Warren called it a lie.",
    "An estimated 470,000 people have died, according to the Syrian Centre for Policy Research.",
]


@pytest.mark.slow
def test_preset_lemmas_equal_the_stock_lemmatizer(nlp, sample_text):
    stock = nlp.get_pipe("lemmatizer")
    for text in [*TEXTS, sample_text]:
        with nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "newstrace_attribute_rules"]):
            plain = nlp(text)
            preset = nlp(text)
        stock(plain)
        stock(preset_lemmas(preset))
        assert [t.lemma_ for t in preset] == [t.lemma_ for t in plain]


@pytest.mark.slow
def test_the_pipeline_presets_lemmas_before_the_lemmatizer(nlp):
    names = nlp.pipe_names
    assert names.index("newstrace_lemma_preset") == names.index("lemmatizer") - 1
    doc = nlp("Kerry was in Geneva, where the talks were held.")
    assert [t.lemma_ for t in doc][:3] == ["Kerry", "be", "in"]
