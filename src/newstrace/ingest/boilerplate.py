"""Find boilerplate lines (share buttons, adverts, bylines …) and keep them out of analysis."""

from __future__ import annotations

from ..records import Span


def find_boilerplate(text: str) -> list[Span]:
    """Return the spans of boilerplate lines in `text` (placeholder: none)."""
    return []


def mask_spans(text: str, spans: list[Span]) -> str:
    """Blank out `spans` with spaces, keeping newlines, so offsets stay those of `text`."""
    if not spans:
        return text
    chars = list(text)
    for span in spans:
        for i in range(span.start, span.end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)
