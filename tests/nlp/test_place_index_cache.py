"""The place index is built once per process, however its population is passed."""

from __future__ import annotations

from newstrace.nlp import gazetteer


def test_the_place_index_is_built_once_whether_the_population_is_positional_or_named(
    monkeypatch,
):
    built: list[int] = []

    def build(min_population: int) -> object:
        built.append(min_population)
        return object()

    monkeypatch.setattr(gazetteer, "_build_index", build)
    population = 123  # a table no other test loads, so the real index stays cached
    first = gazetteer.load_place_index(population)
    assert gazetteer.load_place_index(min_population=population) is first
    assert built == [population]
