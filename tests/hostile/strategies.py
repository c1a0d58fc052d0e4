"""Hypothesis strategies for hostile text: the characters that break naive text code."""

from __future__ import annotations

import random

from hypothesis import strategies as st

# Every style of quote mark, straight and curly, Western and East Asian, and their kin.
QUOTE_MARKS = list("\"'`´“”„‟‘’‚‛«»‹›「」『』〝〞〟＂＇❝❞❛❜⹂")
# Zero-width and bidirectional controls: invisible, but each is one code point of offset.
INVISIBLE = list(
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
COMBINING = [chr(c) for c in range(0x0300, 0x0370)] + ["\u20dd", "\u0489"]
RTL_WORDS = ["قال", "المتحدث", "حلب", "دمشق", "אמר", "ירושלים", "تهران"]
EMOJI = ["😀", "🇸🇾", "👩🏽‍⚕️", "🏳️‍🌈", "1️⃣", "🤷‍♂️"]
# Words the pipeline acts on, so quotes, speakers, places, dates and events get built.
NEWS_WORDS = [
    "said",
    "told reporters",
    "according to",
    "Kerry",
    "John Kerry",
    "Lavrov",
    "he",
    "she",
    "Aleppo",
    "Geneva",
    "Damascus",
    "Georgia",
    "Russia",
    "the United States",
    "U.S.",
    "on Monday",
    "last week",
    "11 Feb 2016",
    "killing 12 people",
    "bombed",
    "struck",
    "the ceasefire",
    "talks",
    "Reuters",
    ".",
    ",",
    ":",
    "\n",
    "\n\n",
    "Share",
    "Read more",
]

hostile_chars = st.sampled_from(QUOTE_MARKS + INVISIBLE + COMBINING + EMOJI)


@st.composite
def hostile_text(draw, max_pieces: int = 40, controls: bool = True) -> str:
    """A newsy text salted with quote marks, RTL, combining marks, invisibles and emoji.

    `controls=False` leaves out C0/C1 control characters: ingest refuses a small file
    that is more than 5% of them as binary, which is right, but not what a test of
    quoting or line splitting is after.
    """
    banned = ("Cs", "Cc") if not controls else ("Cs",)  # surrogates: see their own tests
    pieces = st.one_of(
        st.sampled_from(NEWS_WORDS),
        st.sampled_from(RTL_WORDS),
        hostile_chars,
        st.text(alphabet=st.characters(blacklist_categories=banned), max_size=12),
    )
    parts = draw(st.lists(pieces, min_size=1, max_size=max_pieces))
    seps = draw(
        st.lists(st.sampled_from(["", " ", " ", "\n"]), min_size=len(parts), max_size=len(parts))
    )
    return "".join(part + sep for part, sep in zip(parts, seps, strict=True))


# One-line shapes that made extraction superlinear (issue #10): each is one "sentence"
# to a parser, of names, quotation marks, numbers or words, or one endless word.
_FIRST = ["John", "Mary", "Ahmed", "Olga", "Pierre", "Li", "Fatima", "Sergei", "Ana", "David"]
_LAST = ["Smith", "Jones", "Hassan", "Petrova", "Dubois", "Wei", "Khan", "Lavrov", "Kerry"]
_WORD_LIST = (
    "the a of to in and said Russia Aleppo bombed market people killed talks ceasefire "
    "minister Kerry Geneva Monday week government forces rebels city attack officials "
    "hospital struck reported told reporters according he she"
)
_WORDS = _WORD_LIST.split()
_MARKS = ['"', "“", "”", "'", "«", "»", "„", "‘", "’", "「", "」"]


def _words(rng: random.Random, size: int, word) -> str:
    out: list[str] = []
    length = 0
    while length < size:
        piece = word(rng)
        out.append(piece)
        length += len(piece)
    return "".join(out)[:size]


LONG_LINE_SHAPES = {
    "names": lambda rng, n: _words(rng, n, lambda r: f"{r.choice(_FIRST)} {r.choice(_LAST)}, "),
    "same_names": lambda rng, n: ("John Smith, Mary Jones, " * (n // 24 + 1))[:n],
    "open_quote": lambda rng, n: (
        "Kerry said “" + _words(rng, n - 12, lambda r: r.choice(_WORDS) + " ")
    ),
    "quote_marks": lambda rng, n: _words(
        rng, n, lambda r: r.choice(_MARKS) + r.choice(_WORDS) + " "
    ),
    "numbers": lambda rng, n: _words(rng, n, lambda r: f"{r.randint(0, 99_999)} "),
    "words": lambda rng, n: _words(rng, n, lambda r: r.choice(_WORDS) + " "),
    "no_spaces": lambda rng, n: "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n)),
}


def long_line(shape: str, size: int, seed: int = 0) -> str:
    """One line of `size` characters of `shape` (see LONG_LINE_SHAPES), the same every run."""
    return LONG_LINE_SHAPES[shape](random.Random(seed), size)
