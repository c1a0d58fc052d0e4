"""Quote extraction (placeholder, replaced next)."""

from __future__ import annotations

from spacy.tokens import Doc

from ..records import Quote


class QuoteExtractor:
    def __init__(self, lexicon: str = "quote_verbs", lang: str = "en") -> None:
        self.lexicon = lexicon
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = self.extract(doc)
        return doc

    def extract(self, doc: Doc) -> list[Quote]:
        return []
