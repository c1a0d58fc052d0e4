"""Every newstrace spaCy factory is registered here, and only here.

Component logic lives in its stage module (`extract/quotes.py`, `nlp/gazetteer.py`);
this file only builds the objects from config, as `spacy/pipeline/factories.py` does.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from ..extract.attribution_model import load_attribution_model
from ..extract.mentions import MentionTagger
from ..extract.quotes import QuoteExtractor
from .attributes import AttributeRules, compile_rules
from .attrs import register_extensions
from .gazetteer import CITY_MIN_POPULATION, GazetteerFixer
from .lemmas import preset_lemmas

register_extensions()


@Language.factory(
    "newstrace_gazetteer",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={"min_population": CITY_MIN_POPULATION, "lang": "en"},
)
def make_gazetteer_fixer(
    nlp: Language, name: str, min_population: int, lang: str
) -> GazetteerFixer:
    return GazetteerFixer(min_population=min_population, lang=lang)


@Language.factory(
    "newstrace_mentions",
    assigns=["doc._.mentions"],
    requires=["doc.ents"],
    default_config={},
)
def make_mention_tagger(nlp: Language, name: str) -> MentionTagger:
    return MentionTagger()


@Language.factory(
    "newstrace_quotes",
    assigns=["doc._.quotes"],
    requires=["doc.ents", "token.dep", "doc.sents"],
    default_config={"lexicon": "quote_verbs", "lang": "en", "use_model": True},
)
def make_quote_extractor(
    nlp: Language, name: str, lexicon: str, lang: str, use_model: bool
) -> QuoteExtractor:
    # the trained attribution model adds the quotes rules miss (see extract/attribution_model)
    model = load_attribution_model() if use_model else None
    return QuoteExtractor(lexicon=lexicon, lang=lang, model=model)


@Language.factory(
    "newstrace_attribute_rules",
    assigns=["token.pos", "token.tag", "token.morph", "token.lemma"],
    requires=["token.tag"],
    default_config={"patterns": []},
)
def make_attribute_rules(nlp: Language, name: str, patterns: list[dict]) -> AttributeRules:
    rules = compile_rules(nlp.vocab, patterns)
    if rules is None:
        raise ValueError(
            f"{name}: a pattern uses a test this component cannot run; "
            "keep spaCy's attribute_ruler for these patterns"
        )
    return rules


@Language.factory(
    "newstrace_lemma_preset",
    assigns=["token.lemma"],
    requires=["token.pos"],
    default_config={},
)
def make_lemma_preset(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return preset_lemmas
