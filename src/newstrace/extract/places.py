"""Places: toponyms resolved to GeoNames (placeholder, replaced by the gazetteer work)."""

from __future__ import annotations

from spacy.tokens import Doc

from ..records import Place


def extract_places(doc: Doc) -> list[Place]:
    """Every toponym of `doc` as a `Place`; unresolved names keep `geonameid=None`."""
    return [
        Place(start=ent.start_char, end=ent.end_char, text=ent.text, name=ent.text)
        for ent in doc.ents
        if ent.label_ in ("GPE", "LOC")
    ]
