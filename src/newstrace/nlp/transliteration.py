"""Read romanised names alike however they were romanised.

News writes one Syrian city "Deir Ezzor", "Deir az-Zour" or "Deir el-Zour"; GeoNames
has "Deir ez-Zor" and "Dayr az Zawr". `sound_key` reduces a name to what the
romanisations share: its words without the Arabic article (lexicon `transliteration`,
"al-", "el-" and the assimilated "ash-", "ez-" ..., also when run into the word:
"Ezzor"), each word's consonants with doubled letters single and "q" as "k" ("Qamishli",
"Al Qāmishlī" -> "kmshl"; "Jisr al-Shaghour", "Jisr ash Shughur" -> "jsr shghr"). Vowels,
"y" and "w" go: writers render the same long vowels and diphthongs as "ei", "ay", "ou",
"aw". A key of fewer than `MIN_KEY_LETTERS` consonants says too little ("Deraa" and
"Deir" are both "dr") and is None.
"""

from __future__ import annotations

import re
from functools import cache

from ..data import load_table

MIN_KEY_LETTERS = 4
_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLED = re.compile(r"(.)\1+")
# an article run into its word before a doubled sun letter: "ezzor", "ashsham", "assalam"
_FUSED_ARTICLE = re.compile(r"^[ae](?=(sh|th|dh|[tdrzsnl])\1)")


@cache
def transliteration_rules(lang: str = "en") -> tuple[frozenset[str], frozenset[str]]:
    """(romanised articles, ISO3 codes of the countries whose names are romanised)."""
    table = load_table("transliteration", lang)
    articles = frozenset(word for word, (role, *_) in table.items() if role == "article")
    countries = frozenset(code for code, (role, *_) in table.items() if role == "country")
    return articles, countries


def sound_key(folded: str, articles: frozenset[str]) -> str | None:
    """The consonant key of a folded name (see the module docstring), or None when it
    holds fewer than `MIN_KEY_LETTERS` consonants.

    Args:
        folded: the name as `gazetteer.fold` gives it (lower case, no accents or
            apostrophes, hyphens as spaces).
        articles: the romanised articles to drop before a following word.
    """
    words = folded.split()
    kept = []
    for i, word in enumerate(words):
        if word in articles and i < len(words) - 1:
            continue
        if i:
            fused = _FUSED_ARTICLE.match(word)
            word = word[1 + len(fused.group(1)) :] if fused else word
        word = _VOWELS.sub("", _DOUBLED.sub(r"\1", word.replace("q", "k")))
        if word:
            kept.append(word)
    key = " ".join(kept)
    return key if len(key) - key.count(" ") >= MIN_KEY_LETTERS else None
