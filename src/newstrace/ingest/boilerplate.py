"""Find boilerplate lines (share buttons, adverts, bylines …) and keep them out of analysis.

A line is boilerplate when the whole of it (surrounding spaces trimmed) matches one of
the shipped patterns, or when it is the short, title-like last line that scrapers pick
up from a "related stories" box. The patterns are package data:

* `boilerplate.en.txt`: adverts, read-more and link prompts, related-story headers,
  cookie and subscription prompts, photo credits (matched case-insensitively);
* `boilerplate-buttons.en.txt`: share/social buttons; a line of one or more buttons;
* `boilerplate-bylines.en.txt`: bylines (matched case-sensitively, so prose that starts
  with "By" is never taken for one).

Matching is by whole line and precision comes before recall: a sentence that merely
contains a cue word is never flagged.
"""

from __future__ import annotations

import re
from functools import cache

from ..data import load_lexicon
from ..records import Span

# The trailing related-headline rule. Kept beside the rule it tunes: three numbers that
# only make sense together (move them to data/defaults.toml if they ever need tuning).
_HEADLINE_MAX_WORDS = 15
_HEADLINE_MIN_WORDS = 3
_BODY_MIN_SENTENCE_LINES = 3

_LINE = re.compile(r"[^\n]+")
_BUTTON_SEPARATOR = r"(?:\s*[|•·/,]\s*|\s+)"
# A line that ends a sentence: final . ! ? … possibly followed by closing quotes/brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
# A full stop, ! or ? followed by a new capitalised sentence inside the line.
_INNER_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+[\"“‘']?[A-Z]")


@cache
def _line_patterns() -> tuple[re.Pattern[str], ...]:
    """Compile the whole-line patterns of the shipped lexicons, once."""
    patterns = [re.compile(entry, re.IGNORECASE) for entry in load_lexicon("boilerplate")]
    buttons = "|".join(f"(?:{entry})" for entry in load_lexicon("boilerplate-buttons"))
    patterns.append(
        re.compile(f"(?:{buttons})(?:{_BUTTON_SEPARATOR}(?:{buttons}))*", re.IGNORECASE)
    )
    patterns += [re.compile(entry) for entry in load_lexicon("boilerplate-bylines")]
    return tuple(patterns)


def is_boilerplate_line(line: str) -> bool:
    """Tell whether one line, on its own, is boilerplate (share button, advert, byline …).

    Args:
        line: One line of article text, without its newline.

    Returns:
        True when the whole line, surrounding spaces trimmed, matches a shipped pattern.
    """
    stripped = line.strip()
    return bool(stripped) and any(p.fullmatch(stripped) for p in _line_patterns())


def _is_sentence_line(line: str) -> bool:
    """A line of running prose: ends like a sentence and is more than a caption."""
    return len(line.split()) >= 6 and bool(_SENTENCE_END.search(line))


def _is_trailing_headline(line: str, body: list[str]) -> bool:
    """The last line looks like a related-story headline pasted after the body."""
    words = line.split()
    if not _HEADLINE_MIN_WORDS <= len(words) <= _HEADLINE_MAX_WORDS:
        return False
    if not (line[0].isupper() or line[0].isdigit()) or not line[-1].isalnum():
        return False
    if _INNER_SENTENCE_BREAK.search(line) or "@" in line or "://" in line:
        return False
    if not body or not _SENTENCE_END.search(body[-1]):
        return False
    return sum(_is_sentence_line(prior) for prior in body) >= _BODY_MIN_SENTENCE_LINES


def find_boilerplate(text: str) -> list[Span]:
    """Return one span per boilerplate line of a plain-text article, in text order.

    Each span covers the line's text with surrounding spaces trimmed (never its
    newline), so `text[span.start:span.end] == span.text`. A headline at the top of the
    article is kept; a short, title-like last line after a body of sentences is taken
    for a related-story link ("Kerry wants 'all or nothing' truce at Syria talks").

    Args:
        text: The article text, lines separated by "\\n".

    Returns:
        The spans of the boilerplate lines; empty when there are none.
    """
    spans: list[Span] = []
    kept: list[tuple[int, int, str]] = []  # the other non-empty lines, in order
    last_is_boilerplate = False
    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + len(line) - len(line.lstrip())
        end = start + len(stripped)
        last_is_boilerplate = is_boilerplate_line(stripped)
        if last_is_boilerplate:
            spans.append(Span.of(text, start, end))
        else:
            kept.append((start, end, stripped))
    if kept and not last_is_boilerplate:
        start, end, line = kept[-1]
        if _is_trailing_headline(line, [prior for _, _, prior in kept[:-1]]):
            spans.append(Span.of(text, start, end))
    return spans


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
