"""Mentions: named entities with the actor they stand for (placeholder)."""

from __future__ import annotations

from spacy.tokens import Doc

from ..records import Mention

MENTION_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}


def extract_mentions(doc: Doc) -> list[Mention]:
    """Every named entity of `doc` that can be an actor or a place."""
    return [
        Mention(start=ent.start_char, end=ent.end_char, text=ent.text, label=ent.label_)
        for ent in doc.ents
        if ent.label_ in MENTION_LABELS
    ]
