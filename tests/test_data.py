"""Every lexicon shipped in the package loads, and a missing one says how to fix it."""

from __future__ import annotations

from importlib import resources

import pytest

from newstrace.data import available_languages, load_defaults, load_lexicon
from newstrace.errors import LexiconNotFound

LEXICONS = sorted(
    entry.name.rsplit(".", 2)[0]
    for entry in (resources.files("newstrace.data") / "lexicons").iterdir()
    if entry.name.endswith(".txt")
)


@pytest.mark.parametrize("name", LEXICONS)
def test_every_shipped_lexicon_loads_with_entries(name):
    assert load_lexicon(name, "en")


def test_missing_lexicon_names_the_file_to_add_and_the_languages():
    with pytest.raises(LexiconNotFound, match=r"quote_verbs\.de\.txt") as raised:
        load_lexicon("quote_verbs", "de")
    assert "en" in str(raised.value)
    assert available_languages("quote_verbs") == ["en"]


def test_defaults_hold_the_ingest_and_nlp_limits():
    defaults = load_defaults()
    assert defaults["ingest"]["max_bytes"] > 0
    assert defaults["nlp"]["max_chars"] > 0


def test_agents_lexicon_codes_cameo_roles():
    from newstrace.data import load_table

    agents = load_table("agents", "en")
    assert agents["colonel"] == ("MIL",)
    assert agents["foreign minister"] == ("GOV",)
    assert agents["rebel"] == ("REB",)
