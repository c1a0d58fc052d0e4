"""Every `Doc` extension newstrace sets, named in one place (as spacy-layout's `Attrs`)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc


@dataclass(frozen=True)
class Attrs:
    quotes: str = "quotes"
    quote_findings: str = "quote_findings"
    places: str = "places"
    mentions: str = "mentions"


ATTRS = Attrs()


def register_extensions() -> None:
    """Register the Doc extensions; safe to call more than once."""
    for name in (ATTRS.quotes, ATTRS.quote_findings, ATTRS.places, ATTRS.mentions):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
