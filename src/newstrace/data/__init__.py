"""Package data: lexicons (one entry per line, `#` comments) and tunable defaults."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from ..errors import LexiconNotFound

_LEXICONS = resources.files(__package__) / "lexicons"


def available_languages(name: str) -> list[str]:
    """Languages for which the lexicon `name` ships."""
    prefix = f"{name}."
    return sorted(
        entry.name[len(prefix) : -len(".txt")]
        for entry in _LEXICONS.iterdir()
        if entry.name.startswith(prefix) and entry.name.endswith(".txt")
    )


@cache
def load_lexicon(name: str, lang: str = "en") -> tuple[str, ...]:
    """Load the entries of `data/lexicons/<name>.<lang>.txt`, in file order.

    Blank lines and `#` comments are skipped; entries keep their case.

    Raises:
        LexiconNotFound: no such lexicon for that language.
    """
    path = _LEXICONS / f"{name}.{lang}.txt"
    if not path.is_file():
        raise LexiconNotFound(name, lang, available_languages(name))
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if entry:
            entries.append(entry)
    return tuple(entries)


@cache
def load_table(name: str, lang: str = "en") -> dict[str, tuple[str, ...]]:
    """Load a tab-separated lexicon: first column the key, the rest its values."""
    table: dict[str, tuple[str, ...]] = {}
    for entry in load_lexicon(name, lang):
        key, *values = (part.strip() for part in entry.split("\t"))
        table[key] = tuple(values)
    return table


@cache
def load_defaults() -> dict:
    """The shipped tunables of `data/defaults.toml`."""
    text = (resources.files(__package__) / "defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
