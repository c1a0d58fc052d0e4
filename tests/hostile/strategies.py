"""Hypothesis strategies for hostile text: the characters that break naive text code."""

from __future__ import annotations

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
