"""Mentions: named entities with the actor they stand for.

Actors, CAMEO style, where the entity says who it is:

* organisations of the `organisations` lexicon (ruler id): the canonical name with the
  lexicon's country and sector ("ISIS" -> Islamic State, sector REB);
* countries: the GeoNames country name and its ISO3 code ("Russian Federation" -> Russia,
  RUS); other places the article names as GPE: the name as written and the country
  GeoNames puts them in ("Moscow" -> RUS);
* demonyms (NORP): the country they point to ("Syrian" -> Syria, SYR), or the group as
  written when it has no state ("Kurdish");
* persons: the fullest form of the name the article gives, coded from the people
  dictionary (`extract/actors.py`: "Lavrov" -> RUS GOV, "Merkel" -> DEU GOV);
* other organisations: the Phoenix-built group dictionary ("Amnesty International" NGO,
  "Hizbullah" -> Hezbollah, LBN, REB), else the name as written, country unknown.

Sector stays None unless a dictionary gives it: a country named as an agent may be its
government, its army or its people, and the text alone rarely says which.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..data import load_lexicon
from ..nlp.gazetteer import (
    Candidate,
    PlaceIndex,
    capitals,
    load_place_index,
    organisations,
)
from ..nlp.guard import guarded
from ..records import Actor, Mention, Span
from .actors import demonym_country, group_of, person_code
from .places import PlaceContext, resolve_place
from .speakers import full_person_name, strip_possessive

MENTION_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}


def mention_actor(
    ent: SpacySpan, index: PlaceIndex, context: PlaceContext, text: str | None = None
) -> Actor | None:
    """The actor `ent` stands for, or None for places that cannot act (LOC, FAC).

    Args:
        ent: a named entity of a newstrace Doc.
        index: the place index, to resolve countries and places.
        context: the countries the article names (to resolve ambiguous places).
        text: `ent.doc.text`, when the caller has it (building it costs a pass over the doc).
    """
    span = Span.of(ent.doc.text if text is None else text, ent.start_char, ent.end_char)
    label = ent.label_
    if label == "ORG":
        org = organisations().get(ent.ent_id_) if ent.ent_id_ else None
        if org:
            return Actor(name=org.name, country=org.country, sector=org.sector, span=span)
        return (
            _group_actor(ent.text, span)
            or _demonym_actor(ent.text, index, span)  # the model's ORG "Ugandan"
            or Actor(name=ent.text, span=span)
        )
    if label == "PERSON":
        name = full_person_name(ent.doc, strip_possessive(ent.text))
        country, sector = person_code(name) or (None, None)
        return Actor(name=name, country=country, sector=sector, span=span)
    if label == "NORP":
        # the model tags some movements NORP ("Hezbollah", "Taliban")
        return (
            _demonym_actor(ent.text, index, span)
            or _group_actor(ent.text, span)
            or Actor(name=ent.text, span=span)
        )
    if label == "GPE":
        candidate, _ = resolve_place(ent, index, context)
        if candidate is None:
            return Actor(name=ent.text, span=span)
        # metonymy: a country or capital that acts ("Moscow accused …") is its government
        sector = "GOV" if _acts(ent) and _is_seat_of_government(candidate) else None
        if candidate.kind == "country":
            return Actor(name=candidate.name, country=candidate.country, sector=sector, span=span)
        return Actor(name=ent.text, country=candidate.country, sector=sector, span=span)
    return None


def _demonym_actor(text: str, index: PlaceIndex, span: Span) -> Actor | None:
    """A demonym's actor: its country ("Syrian" -> Syria, SYR), or the people as written
    when it has no state ("Kurdish") or the index lacks the country."""
    is_demonym, iso3 = demonym_country(text)
    if not is_demonym:
        return None
    country = index.country(iso3) if iso3 else None
    if country:
        return Actor(name=country.name, country=country.country, span=span)
    return Actor(name=text, country=iso3, span=span)


def _group_actor(text: str, span: Span) -> Actor | None:
    """The actor of an organisation or armed group of the Phoenix-built dictionary."""
    group = group_of(strip_possessive(text))
    if group is None:
        return None
    return Actor(name=group.name, country=group.country, sector=group.sector, span=span)


def _acts(ent: SpacySpan) -> bool:
    """Whether the entity acts or is addressed as an agent: the subject of a verb, the
    agent of a passive one, or the object of a speech act ("accused Moscow of …")."""
    root = ent.root
    if root.dep_ == "nsubj" and root.head.pos_ in ("VERB", "AUX"):
        return True
    if root.dep_ == "pobj" and root.head.dep_ == "agent":
        return True
    return root.dep_ == "dobj" and root.head.lemma_.lower() in _speech_act_verbs()


@cache
def _speech_act_verbs() -> frozenset[str]:
    verbs = load_lexicon("quote_verbs") + load_lexicon("quote_object_verbs")
    return frozenset(v for v in verbs if " " not in v)


def _is_seat_of_government(candidate: Candidate) -> bool:
    """A country, or a city that is its country's capital (Moscow, Washington)."""
    if candidate.kind == "country":
        return True
    return candidate.name in capitals()


def extract_mentions(doc: Doc, index: PlaceIndex | None = None) -> list[Mention]:
    """Every named entity of `doc` that can be an actor or a place, with its actor.

    Args:
        doc: a Doc from the newstrace pipeline.
        index: the place index; `load_place_index()` (built once per process) if None.

    Returns:
        Mentions of PERSON, ORG, GPE, LOC, NORP and FAC entities, in text order.
    """
    index = index or load_place_index()
    context = PlaceContext.of(doc, index)
    text = doc.text
    return [
        Mention(
            start=ent.start_char,
            end=ent.end_char,
            text=ent.text,
            label=ent.label_,
            actor=mention_actor(ent, index, context, text),
        )
        for ent in doc.ents
        if ent.label_ in MENTION_LABELS
    ]


class MentionTagger:
    """The `newstrace_mentions` component: sets `doc._.mentions` (reads `doc.ents`).

    Runs before the quote extractor, so that speakers carry the actor of their mention.
    """

    def __init__(self, index: PlaceIndex | None = None) -> None:
        self.index = index

    @guarded("newstrace_mentions")
    def __call__(self, doc: Doc) -> Doc:
        doc._.mentions = extract_mentions(doc, self.index)
        return doc
