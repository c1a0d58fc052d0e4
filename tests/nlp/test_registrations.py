"""Pin the spaCy factories newstrace registers, as spaCy's own registry test does."""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language
from spacy.util import registry

import newstrace.nlp.components  # noqa: F401  (registers the factories)

PINNED = json.loads((Path(__file__).parent / "registrations.json").read_text())


def test_registered_factories_match_the_pinned_list():
    names = [n for n in registry.factories.get_all() if n.startswith("newstrace_")]
    live = {}
    for name in names:
        factory = registry.factories.get(name)
        live[name] = [factory.__module__, factory.__name__]
    assert live == PINNED


def test_every_factory_declares_what_it_assigns():
    for name in PINNED:
        assert Language.get_factory_meta(name).assigns
