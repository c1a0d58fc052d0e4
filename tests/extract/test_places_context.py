"""Places: the article-level reading (regions its names agree on), name variants and
places inside organisation names."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from newstrace.extract.places import PlaceContext, extract_places, place_candidates
from newstrace.nlp.gazetteer import Candidate, PlaceIndex

from ..place_helpers import country, doc_with_ents, place

DECATUR_IL = place("Decatur", "city", "USA", "Illinois", 76_000)
DECATUR_GA = place("Decatur", "city", "USA", "Georgia", 20_000)
DEKALB_GA = place("DeKalb County", "county", "USA", "Georgia", 9_000)
DEKALB_IL = place("DeKalb County", "county", "USA", "Illinois", 9_000)
AVONDALE_GA = place("Avondale Estates", "city", "USA", "Georgia", 3_000)
LONDON_GB = place("London", "city", "GBR", "England", 8_961_989)
LONDON_KY = place("London", "city", "USA", "Kentucky", 8_126)
GLASGOW_GB = place("Glasgow", "city", "GBR", "Scotland", 591_620)
GLASGOW_KY = place("Glasgow", "city", "USA", "Kentucky", 14_000)
OREGON_STATE = place("Oregon", "region", "USA", "Oregon", 3_000_000)
OREGON_OH = place("Oregon", "city", "USA", "Ohio", 20_000)
OHIO = place("Ohio", "region", "USA", "Ohio", 9_000_000)
IOWA = place("Iowa", "region", "USA", "Iowa", 2_000_000)
PALESTINE = country("Palestinian Territory", "PSE", 4_500_000)
PALESTINE_TX = place("Palestine", "city", "USA", "Texas", 18_000)
ANDERSON_TX = place("Anderson County", "county", "USA", "Texas", 8_000)
GRAPELAND_TX = place("Grapeland", "city", "USA", "Texas", 1_500)
ELKHART_TX = place("Elkhart", "city", "USA", "Texas", 1_300)
ELKHART_IN = place("Elkhart", "city", "USA", "Indiana", 52_000)
BOONE_COUNTY = place("Boone County", "county", "USA", "Kentucky", 9_000)
HEBEI = place("Hebei", "region", "CHN", "Hebei", 70_000_000)
TEXAS = place("Texas", "region", "USA", "Texas", 25_000_000)
NORFOLK = place("Norfolk", "city", "USA", "Virginia", 244_000)
CINCINNATI = place("Cincinnati", "city", "USA", "Ohio", 301_000)
DUBLIN_IE = place("Dublin", "city", "IRL", "Leinster", 1_024_027)
DUBLIN_OH = place("Dublin", "city", "USA", "Ohio", 41_000)
COLUMBUS_OH = place("Columbus", "city", "USA", "Ohio", 850_000)
AMERICA = country("United States", "USA", 327_000_000)
MEXICO = country("Mexico", "MEX", 126_000_000)
NEW_YORK_STATE = place("New York", "region", "USA", "New York", 19_000_000)
NEW_YORK_CITY = place("New York City", "city", "USA", "New York", 8_800_000)
BOSTON_MA = place("Boston", "city", "USA", "Massachusetts", 617_000)
BOSTON_NY = place("Boston", "city", "USA", "New York", 8_000)
KANSAS = place("Kansas", "region", "USA", "Kansas", 2_900_000)


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    index = PlaceIndex()
    for candidate in (
        DECATUR_IL,
        DECATUR_GA,
        DEKALB_GA,
        DEKALB_IL,
        AVONDALE_GA,
        LONDON_GB,
        LONDON_KY,
        GLASGOW_GB,
        GLASGOW_KY,
        OREGON_STATE,
        OREGON_OH,
        OHIO,
        IOWA,
        PALESTINE_TX,
        ANDERSON_TX,
        GRAPELAND_TX,
        ELKHART_TX,
        ELKHART_IN,
        BOONE_COUNTY,
        HEBEI,
        TEXAS,
        NORFOLK,
        CINCINNATI,
        DUBLIN_IE,
        DUBLIN_OH,
        COLUMBUS_OH,
        NEW_YORK_STATE,
        BOSTON_MA,
        BOSTON_NY,
        KANSAS,
    ):
        index.add(candidate, [candidate.name])
    index.add(NEW_YORK_CITY, ["New York City", "New York"])
    index.add(MEXICO, ["Mexico"])
    index.add(PALESTINE, ["Palestine"])
    index.add(AMERICA, ["America"])
    return index


def resolved(doc: Doc, index: PlaceIndex) -> list[tuple[str, str | None, str | None]]:
    return [(p.text, p.country, p.admin1) for p in extract_places(doc, index)]


def index_of(*candidates: Candidate, aliases: dict[str, Candidate] | None = None) -> PlaceIndex:
    """A place index of `candidates` under their own names, plus `aliases` (name -> place)."""
    index = PlaceIndex()
    for candidate in candidates:
        index.add(candidate, [candidate.name])
    for name, candidate in (aliases or {}).items():
        index.add(candidate, [name])
    return index


def test_a_namesake_is_read_in_the_state_the_other_names_share(index):
    words = ["Decatur", "and", "Avondale", "Estates", "in", "DeKalb", "County", "met"]
    doc = doc_with_ents(words, [(0, 1, "GPE"), (2, 4, "GPE"), (5, 7, "GPE")])
    assert resolved(doc, index) == [
        ("Decatur", "USA", "Georgia"),
        ("Avondale Estates", "USA", "Georgia"),
        ("DeKalb County", "USA", "Georgia"),
    ]


def test_two_world_cities_stay_put_though_a_small_state_has_both_names(index):
    doc = doc_with_ents(["London", "and", "Glasgow", "hospitals"], [(0, 1, "GPE"), (2, 3, "GPE")])
    assert [p[1] for p in resolved(doc, index)] == ["GBR", "GBR"]


def test_a_state_named_in_a_list_of_states_stays_the_state(index):
    words = ["Ohio", ",", "Iowa", "and", "Oregon", "reported", "cases"]
    doc = doc_with_ents(words, [(0, 1, "GPE"), (2, 3, "GPE"), (4, 5, "GPE")])
    assert resolved(doc, index)[-1] == ("Oregon", "USA", "Oregon")


def test_a_country_name_is_the_town_when_the_other_names_agree_on_its_state(index):
    words = [
        *("Palestine", "police", ",", "Anderson", "County", ","),
        *("Grapeland", "and", "Elkhart", ",", "Texas"),
    ]
    ents = [(0, 1, "GPE", "PSE"), (3, 5, "GPE"), (6, 7, "GPE"), (8, 9, "GPE"), (10, 11, "GPE")]
    [palestine, *_] = resolved(doc_with_ents(words, ents), index)
    assert palestine == ("Palestine", "USA", "Texas")


def test_a_country_name_stays_the_country_without_agreeing_local_names(index):
    words = ["Palestine", "talks", "and", "Anderson", "County"]
    [palestine, _] = resolved(doc_with_ents(words, [(0, 1, "GPE", "PSE"), (3, 5, "GPE")]), index)
    assert palestine[1] == "PSE"


def test_a_local_namesake_needs_the_big_city_of_its_state_to_win(index):
    alone = doc_with_ents(["Dublin", "council", "met"], [(0, 1, "GPE")])
    assert resolved(alone, index)[0][1] == "IRL"
    words = ["Dublin", "council", "met", "near", "Columbus"]
    beside = doc_with_ents(words, [(0, 1, "GPE"), (4, 5, "GPE")])
    assert resolved(beside, index)[0] == ("Dublin", "USA", "Ohio")


def test_a_region_name_alone_does_not_pull_the_city_of_its_own_name(index):
    words = ["Mexico", ",", "Mexico", ",", "Mexico", "and", "a", "case", "in", "New", "York"]
    ents = [(0, 1, "GPE", "MEX"), (2, 3, "GPE", "MEX"), (4, 5, "GPE", "MEX"), (9, 11, "GPE")]
    assert resolved(doc_with_ents(words, ents), index)[-1] == ("New York", "USA", "New York")
    [new_york] = [p for p in extract_places(doc_with_ents(words, ents), index) if p.start > 20]
    assert new_york.precision == "region"


def test_a_state_named_among_several_does_not_pull_a_big_city_namesake(index):
    words = [*("Cases", "in", "Texas", ",", "Kansas", ",", "Ohio", ",", "Iowa", ","), "Oregon"]
    words += ["and", "New", "York", ";", "Boston", "too"]
    ents = [(i, i + 1, "GPE") for i in (2, 4, 6, 8, 10)] + [(12, 14, "GPE"), (15, 16, "GPE")]
    assert resolved(doc_with_ents(words, ents), index)[-1] == ("Boston", "USA", "Massachusetts")


def test_a_town_in_the_one_state_the_story_names_is_read_there(index):
    words = ["Boston", "officials", "and", "the", "New", "York", "health", "department"]
    ents = [(0, 1, "GPE"), (4, 6, "GPE")]
    assert resolved(doc_with_ents(words, ents), index)[0] == ("Boston", "USA", "New York")


def test_candidates_of_a_name_without_its_wrapping_words(index):
    assert place_candidates("Boone County’s", index) == [BOONE_COUNTY]
    assert place_candidates("the City of Norfolk", index) == [NORFOLK]
    assert place_candidates("Hebei province", index) == [HEBEI]
    assert place_candidates("North Texas", index) == [TEXAS]
    assert place_candidates("the Boone County Jail", index) == [BOONE_COUNTY]
    assert place_candidates("Texas Colony", index) == []  # a region needs a facility word
    assert place_candidates("Texas Water Commission", index) == [TEXAS]


def test_a_direction_keeps_only_a_sizeable_place(index):
    assert place_candidates("South Grapeland", index) == []


def test_a_direction_leaves_no_place_a_plain_word_names_by_an_alternate_name():
    baytown = place("Baytown", "city", "USA", "Texas", 76_000)
    virginia = place("Virginia", "region", "USA", "Virginia", 8_500_000)
    local = index_of(baytown, virginia, aliases={"Creek": baytown, "Va": virginia})
    assert place_candidates("Eastern Creek", local) == []
    assert place_candidates("N.Va", local) == [virginia]  # a short form of its name


def test_a_big_city_ending_an_organisation_after_of_is_a_place(index):
    words = ["students", "of", "the", "University", "of", "Cincinnati"]
    doc = doc_with_ents(words, [(2, 6, "ORG")])
    assert [p.text for p in extract_places(doc, index)] == ["Cincinnati"]


def test_a_country_ending_an_organisation_after_of_is_no_place(index):
    doc = doc_with_ents(["the", "Bank", "of", "America", "said"], [(0, 4, "ORG")])
    assert extract_places(doc, index) == []


def test_an_organisation_leads_with_a_town_the_article_names_as_a_place(index):
    words = ["the", "Dublin", "Arts", "Council", "met", "in", "Dublin"]
    doc = doc_with_ents(words, [(0, 4, "ORG"), (6, 7, "GPE")])
    assert [p.text for p in extract_places(doc, index)] == ["Dublin", "Dublin"]
    alone = doc_with_ents(["the", "Dublin", "Arts", "Council", "met"], [(0, 4, "ORG")])
    assert extract_places(alone, index) == []


def test_items_of_a_list_of_counts_in_places_read_alike():
    alberta = place("Alberta", "region", "CAN", "Alberta", 4_000_000)
    ontario = place("Ontario", "region", "CAN", "Ontario", 13_000_000)
    brunswick_nb = place("New Brunswick", "region", "CAN", "New Brunswick", 1_066_922)
    brunswick_nj = place("New Brunswick", "city", "USA", "New Jersey", 800_000)
    local = index_of(
        alberta, ontario, brunswick_nb, brunswick_nj, MEXICO, aliases={"America": AMERICA}
    )
    words = (
        "Mexico , America and Mexico lead America . "
        "twelve in Ontario , eight in Alberta , and one in New Brunswick"
    )
    pos = (
        "PROPN PUNCT PROPN CCONJ PROPN VERB PROPN PUNCT "
        "NUM ADP PROPN PUNCT NUM ADP PROPN PUNCT CCONJ NUM ADP PROPN PROPN"
    )
    ents = [(0, 1, "GPE"), (2, 3, "GPE"), (4, 5, "GPE"), (6, 7, "GPE")]
    ents += [(10, 11, "GPE"), (14, 15, "GPE"), (19, 21, "GPE")]
    doc = doc_with_ents(words, ents, pos=pos.split())
    assert resolved(doc, local)[-1] == ("New Brunswick", "CAN", "New Brunswick")


def test_a_state_listed_with_towns_that_share_their_states_names_is_the_state():
    sao_paulo = place("São Paulo", "city", "BRA", "Sao Paulo", 12_000_000)
    rio = place("Rio de Janeiro", "city", "BRA", "Rio de Janeiro", 6_700_000)
    catarina_state = place("Santa Catarina", "region", "BRA", "Santa Catarina", 7_400_000)
    catarina_mx = place("Santa Catarina", "city", "MEX", "Nuevo Leon", 500_000)
    local = index_of(
        sao_paulo, rio, catarina_state, catarina_mx, MEXICO, aliases={"America": AMERICA}
    )
    words = "Mexico , America and America report America . "
    words += "São Paulo , Rio de Janeiro and Santa Catarina"
    ents = [(0, 1, "GPE"), (2, 3, "GPE"), (4, 5, "GPE"), (6, 7, "GPE")]
    doc = doc_with_ents(words, [*ents, (8, 10, "GPE"), (11, 14, "GPE"), (15, 17, "GPE")])
    assert resolved(doc, local)[-1] == ("Santa Catarina", "BRA", "Santa Catarina")


def test_a_bare_capital_name_is_the_capital_not_a_region_elsewhere_of_that_name():
    capital = place("Washington", "city", "USA", "Washington, D.C.", 689_545)
    state = place("Washington", "region", "USA", "Washington", 6_483_901)
    local = index_of(capital, state, OREGON_STATE, AMERICA, aliases={"America": AMERICA})
    flights = doc_with_ents("America starts flights to Washington", [(0, 1, "GPE"), (4, 5, "GPE")])
    assert resolved(flights, local)[-1] == ("Washington", "USA", "Washington, D.C.")
    farm = doc_with_ents("a Washington state farm in America", [(1, 2, "GPE"), (5, 6, "GPE")])
    assert resolved(farm, local)[0] == ("Washington", "USA", "Washington")
    states = doc_with_ents("Oregon and Washington", [(0, 1, "GPE"), (2, 3, "GPE")])
    assert resolved(states, local)[-1] == ("Washington", "USA", "Washington")


def test_a_name_written_twice_in_different_case_is_one_name_of_the_article():
    spans = doc_with_ents("NEWARK - Newark police", [(0, 1, "GPE"), (2, 3, "GPE")]).ents
    local = PlaceIndex()
    local.add(place("Newark", "city", "USA", "New Jersey", 281_944), ["Newark"])
    context = PlaceContext(countries={"USA": 1.0}).with_support(list(spans), local)
    assert context.names == 1


def test_a_state_that_shares_a_countrys_name_places_the_story_once_read_as_the_state():
    atlanta_ga = place("Atlanta", "city", "USA", "Georgia", 510_823)
    atlanta_tx = place("Atlanta", "city", "USA", "Texas", 5_605)
    georgia_state = place("Georgia", "region", "USA", "Georgia", 10_000_000)
    georgia = country("Georgia", "GEO", 3_700_000)
    local = index_of(atlanta_ga, atlanta_tx, georgia_state, georgia, TEXAS, AMERICA)
    words = "ATLANTA - Georgia residents call Atlanta , as Texas and America do"
    ents = [(0, 1, "GPE"), (2, 3, "GPE"), (5, 6, "GPE"), (8, 9, "GPE"), (11, 12, "GPE")]
    assert resolved(doc_with_ents(words, ents), local)[0] == ("ATLANTA", "USA", "Georgia")


def test_a_county_inside_an_organisations_name_places_the_story():
    hamilton_oh = place("Hamilton", "city", "USA", "Ohio", 62_407)
    hamilton_tx = place("Hamilton", "city", "USA", "Texas", 3_000)
    hamilton_ab = place("Hamilton", "city", "USA", "Alabama", 70_000)
    butler_oh = place("Butler County", "county", "USA", "Ohio", 9_000)
    butler_pa = place("Butler County", "county", "USA", "Pennsylvania", 9_000)
    local = index_of(hamilton_oh, hamilton_tx, hamilton_ab, butler_oh, butler_pa, AMERICA)
    words = "two Hamilton women died , the Butler County Sheriff 's Office said"
    doc = doc_with_ents(words, [(1, 2, "GPE"), (5, 11, "ORG")])
    assert resolved(doc, local)[0] == ("Hamilton", "USA", "Ohio")


def test_a_town_word_before_a_body_belongs_to_the_body_not_the_place():
    dublin_ie = place("Dublin", "city", "IRL", "Leinster", 1_024_027)
    dublin_oh = place("Dublin", "city", "USA", "Ohio", 45_098)
    # "Dublin City": GeoNames' name of the Irish council area
    local = index_of(dublin_ie, dublin_oh, OHIO, AMERICA, aliases={"Dublin City": dublin_ie})
    words = "the Dublin City Council met in Dublin , Ohio"
    doc = doc_with_ents(words, [(0, 4, "ORG"), (6, 7, "GPE"), (8, 9, "GPE")])
    assert resolved(doc, local)[:2] == [("Dublin", "USA", "Ohio"), ("Dublin", "USA", "Ohio")]


def test_a_direction_read_off_a_name_finds_no_place_in_a_country_the_story_never_names():
    bank = place("Bank", "city", "IND", "Madhya Pradesh", 18_534)
    india = country("India", "IND", 1_300_000_000)
    local = index_of(bank, india, AMERICA, aliases={"America": AMERICA})
    abroad = doc_with_ents("America : East Bank council met", [(0, 1, "GPE"), (2, 4, "GPE")])
    [_, east_bank] = extract_places(abroad, local)
    assert (east_bank.text, east_bank.geonameid, east_bank.lat) == ("East Bank", None, None)
    home = doc_with_ents("India : East Bank council met", [(0, 1, "GPE"), (2, 4, "GPE")])
    assert extract_places(home, local)[1].name == "Bank"


def test_a_country_name_with_a_towns_cue_is_a_town_of_the_storys_country():
    lebanon = country("Lebanon", "LBN", 6_800_000)
    lebanon_in = place("Lebanon", "city", "USA", "Indiana", 15_792)
    us_fr = place("Us", "city", "FRA", "Ile-de-France", 1_200)
    local = index_of(lebanon, lebanon_in, AMERICA)
    local.add(AMERICA, ["America", "U.S."])
    local.add(us_fr, ["U.S."])

    def reading(words: str, *people: tuple[int, int]) -> tuple[str, str | None]:
        tokens = words.split()
        at = tokens.index("Lebanon")
        ents = [(0, 1, "GPE", "USA"), *((s, e, "PERSON") for s, e in people)]
        doc = doc_with_ents(tokens, sorted([*ents, (at, at + 1, "GPE", "LBN")]))
        [place_] = [p for p in extract_places(doc, local) if p.text == "Lebanon"]
        return place_.country, place_.admin1

    assert reading("America : a Lebanon woman was held") == ("USA", "Indiana")
    assert reading("America : Terry Jolly , 60 , Lebanon , was held", (2, 4)) == (
        "USA",
        "Indiana",
    )
    assert reading("America : the church , 400 Locust St. , Lebanon") == ("USA", "Indiana")
    assert reading("America : talks in Lebanon ended") == ("LBN", None)
    residents = doc_with_ents("U.S. residents", [(0, 1, "GPE", "USA")])
    assert [p.country for p in extract_places(residents, local)] == ["USA"]


def test_a_town_geonames_gives_no_population_counts_as_a_small_town():
    madaya_sy = place("Maḑāyā", "city", "SYR", "Rif-dimashq", 0)  # GeoNames: unknown
    madaya_mm = place("Madaya", "city", "MMR", "Mandalay", 24_234)
    syria = country("Syria", "SYR", 18_000_000)
    local = index_of(madaya_sy, madaya_mm, syria, aliases={"Madaya": madaya_sy})
    words = "Syria : Syria besieged Madaya"
    doc = doc_with_ents(words, [(0, 1, "GPE"), (2, 3, "GPE"), (4, 5, "GPE")])
    assert resolved(doc, local)[-1] == ("Madaya", "SYR", "Rif-dimashq")


def test_a_demonym_geonames_knows_only_as_other_towns_other_name_is_no_place():
    petropavl = place("Petropavl", "city", "KAZ", "Soltustik Qazaqstan", 200_920)
    local = index_of(petropavl, aliases={"Kazakh": petropavl})  # a GeoNames alternate name
    doc = doc_with_ents("the Kazakh capital", [(1, 2, "GPE")])
    assert extract_places(doc, local) == []


def test_a_small_town_found_only_by_another_name_abroad_is_left_unresolved():
    foix = place("Foix", "city", "FRA", "Midi-Pyrenees", 9_860)
    mumbai = place("Mumbai", "city", "IND", "Maharashtra", 12_691_836)
    syria = country("Syria", "SYR", 18_000_000)
    local = index_of(foix, mumbai, syria, aliases={"Fua": foix, "Bombay": mumbai})
    words = "Syria : the Syrian towns of Fua and Bombay"
    doc = doc_with_ents(words, [(0, 1, "GPE"), (6, 7, "GPE"), (8, 9, "GPE")])
    fua, bombay = extract_places(doc, local)[1:]
    assert (fua.text, fua.geonameid, fua.lat) == ("Fua", None, None)
    assert bombay.name == "Mumbai"  # a big city keeps its other names


def test_initials_that_are_only_another_name_of_a_town_are_no_place():
    iida = place("Iida", "city", "JPN", "Nagano", 101_536)
    emirates = country("United Arab Emirates", "ARE", 9_800_000)
    local = index_of(iida, emirates, aliases={"Ida": iida, "UAE": emirates})
    doc = doc_with_ents("The IDA said the UAE", [(1, 2, "GPE"), (4, 5, "GPE")])
    assert [p.text for p in extract_places(doc, local)] == ["UAE"]


def test_a_feature_word_standing_alone_is_no_place():
    countryside_va = place("Countryside", "city", "USA", "Virginia", 10_072)
    damascus = place("Damascus", "city", "SYR", "Damascus", 1_569_394)
    local = index_of(countryside_va, damascus)
    doc = doc_with_ents("in Damascus and its Countryside", [(1, 2, "GPE"), (4, 5, "GPE")])
    assert [p.text for p in extract_places(doc, local)] == ["Damascus"]
