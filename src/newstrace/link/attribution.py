"""Attribution findings inside one article: orphan pronoun quotes, gender clashes (placeholder)."""

from __future__ import annotations

from spacy.tokens import Doc

from ..records import Finding, Quote


def find_attribution_problems(doc: Doc, quotes: list[Quote]) -> list[Finding]:
    return []
