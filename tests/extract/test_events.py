"""Events: triggers, who did what to whom, claims, flags, place, date and the sample article."""

from __future__ import annotations

import pytest

from newstrace.core import extract_text
from newstrace.extract.events import plover_reading
from newstrace.extract.triggers import event_lexicon
from newstrace.records import Event, Span

pytestmark = pytest.mark.slow


def events_of(nlp, text: str, **meta) -> list[Event]:
    return list(extract_text(text, nlp, **meta).events)


def only(events: list[Event], plover: str) -> Event:
    found = [e for e in events if e.plover == plover]
    assert len(found) == 1, [(e.plover, e.trigger.text) for e in events]
    return found[0]


# --- the lexicon -------------------------------------------------------------------------


def test_cameo_codes_map_to_plover_categories_and_modes():
    lex = event_lexicon()
    assert lex.code("195").plover == "ASSAULT"
    assert lex.code("195").mode == "aerial"
    assert lex.code("0871").plover == "RETREAT"
    assert lex.code("023").plover == "REQUEST"  # CAMEO 02 appeals, added to the table
    assert lex.code("010") is None  # statements are no PLOVER event


def test_acled_type_depends_on_the_mode():
    lex = event_lexicon()
    assert lex.acled_type("ASSAULT", "aerial") == "Explosions/Remote violence: Air/drone strike"
    assert lex.acled_type("ASSAULT", None) == "Battles: Armed clash"
    assert lex.acled_type("CONSULT", None) is None


# --- triggers ----------------------------------------------------------------------------


def test_frequent_verbs_are_not_triggers(nlp):
    assert events_of(nlp, "The minister said the report was long and took a day to read.") == []


def test_call_for_is_a_request_but_call_alone_is_not(nlp):
    assert only(events_of(nlp, "Turkey called for a ceasefire."), "REQUEST").trigger.text == (
        "called for"
    )
    assert events_of(nlp, "Turkey called the minister on Monday.") == []


def test_support_verb_gives_the_noun_event_its_subject(nlp):
    events = events_of(nlp, "Syrian troops launched an offensive against the rebels.")
    assault = only(events, "ASSAULT")
    assert assault.trigger.text == "offensive"
    assert (assault.source.country, assault.source.sector) == ("SYR", "MIL")
    assert assault.target.name == "rebels"


def test_killed_in_air_strikes_is_one_aerial_assault_on_the_killed(nlp):
    events = events_of(nlp, "Islamic State militants were killed in air strikes near Raqqa.")
    assault = only(events, "ASSAULT")
    assert assault.trigger.text == "air strikes"
    assert assault.mode == "aerial"
    assert assault.cameo == "195"
    assert assault.target.name == "Islamic State"


def test_demonym_air_strikes_are_the_countrys_military(nlp):
    assault = only(events_of(nlp, "Russian air strikes hit Aleppo."), "ASSAULT")
    assert (assault.source.country, assault.source.sector) == ("RUS", "MIL")
    assert assault.target.name == "Aleppo"


# --- source and target -------------------------------------------------------------------


def test_active_voice_subject_is_source_and_object_target(nlp):
    assault = only(events_of(nlp, "Turkey attacked the Kurds."), "ASSAULT")
    assert assault.source.country == "TUR"
    assert assault.target.name == "Kurds"


def test_passive_voice_swaps_source_and_target(nlp):
    assault = only(
        events_of(nlp, "Iraqi soldiers were attacked by Islamic State militants."), "ASSAULT"
    )
    assert assault.source.name == "Islamic State"
    assert (assault.target.country, assault.target.sector) == ("IRQ", "MIL")


def test_backed_by_makes_the_backer_a_supporter_not_a_target(nlp):
    events = events_of(nlp, "Syrian troops backed by Russian warplanes attacked Palmyra.")
    assault = only(events, "ASSAULT")
    assert assault.source.country == "SYR"
    assert assault.target is None or assault.target.country != "RUS"
    support = only(events, "SUPPORT")
    assert (support.source.country, support.target.country) == ("RUS", "SYR")


def test_nominal_trigger_takes_possessor_as_source_and_on_phrase_as_target(nlp):
    assault = only(events_of(nlp, "Russia's offensive on Aleppo resumed."), "ASSAULT")
    assert assault.source.country == "RUS"
    assert assault.target.name == "Aleppo"


def test_unresolved_actor_keeps_country_and_sector_null(nlp):
    assault = only(events_of(nlp, "Unknown gunmen attacked Zorbland."), "ASSAULT")
    assert assault.target.name == "Zorbland"
    assert (assault.target.country, assault.target.sector) == (None, None)
    assert assault.source.country is None


def test_pronoun_in_reported_clause_is_the_reporting_subject(nlp):
    events = events_of(nlp, "Syria says it will withdraw its troops from Lebanon.")
    retreat = only(events, "RETREAT")
    assert retreat.source.country == "SYR"
    assert retreat.target.country == "LBN"  # its own troops are not the target


# --- claims and flags --------------------------------------------------------------------


def test_event_under_a_reporting_verb_is_the_reporters_claim(nlp):
    assault = only(events_of(nlp, "Turkey said Russia bombed a hospital."), "ASSAULT")
    assert assault.claimed_by == "Turkey"
    assert assault.source.country == "RUS"


def test_blame_for_makes_the_blamed_the_source_of_a_claimed_event(nlp):
    events = events_of(nlp, "Russia blames the US for the bombings.")
    accuse = only(events, "ACCUSE")
    assert accuse.claimed_by is None  # the blaming is narrated
    assault = only(events, "ASSAULT")
    assert assault.claimed_by == "Russia"
    assert assault.source.country == "USA"


def test_event_inside_a_quote_is_claimed_by_its_speaker(nlp):
    text = "“Russian jets bombed the hospital in Idlib last night,” Kerry said."
    assault = only(events_of(nlp, text), "ASSAULT")
    assert assault.claimed_by == "Kerry"


def test_negation_sets_negated(nlp):
    assert only(events_of(nlp, "Russia did not attack Turkey."), "ASSAULT").negated
    assert not only(events_of(nlp, "Russia attacked Turkey."), "ASSAULT").negated


def test_no_before_a_noun_trigger_negates_it(nlp):
    agree = only(events_of(nlp, "Officials said no agreement has been reached."), "AGREE")
    assert agree.negated


def test_modal_and_intent_make_an_event_hypothetical(nlp):
    assert only(events_of(nlp, "Turkey would attack the Kurds."), "ASSAULT").hypothetical
    assert only(events_of(nlp, "Russia plans to send aid to Syria."), "AID").hypothetical
    assert only(events_of(nlp, "If talks fail, Russia will bomb Aleppo."), "ASSAULT").hypothetical
    assert not only(events_of(nlp, "Russia bombed Aleppo."), "ASSAULT").hypothetical


def test_purpose_clause_is_hypothetical(nlp):
    text = "Turkey sent troops to the border to attack the Kurds."
    assert only(events_of(nlp, text), "ASSAULT").hypothetical


def test_reported_obligation_is_a_request_of_the_reporter(nlp):
    events = events_of(nlp, "Russia said Sudan must return the helicopter.")
    request = only(events, "REQUEST")
    assert request.trigger.text == "must"
    assert (request.source.country, request.target.country) == ("RUS", "SDN")
    assert request.claimed_by is None and not request.hypothetical


def test_plover_reading_codes_intentions_the_plover_way():
    span = Span(start=0, end=1, text="x")

    def event(plover: str, **flags) -> Event:
        return Event(plover=plover, mode=None, cameo=None, acled=None, trigger=span,
                     evidence=span, **flags)  # fmt: skip

    assert plover_reading(event("AID", hypothetical=True)) == "AGREE"
    assert plover_reading(event("ASSAULT", hypothetical=True)) == "THREATEN"
    assert plover_reading(event("AGREE", negated=True)) == "REJECT"
    assert plover_reading(event("ASSAULT")) == "ASSAULT"


# --- place, date, fatalities -------------------------------------------------------------


def test_place_attached_by_preposition_is_the_event_place(nlp):
    assault = only(events_of(nlp, "Rebels attacked a checkpoint near Homs."), "ASSAULT")
    assert assault.place.name == "Homs"


def test_place_that_is_an_actor_is_not_the_event_place(nlp):
    accuse = only(events_of(nlp, "Moscow accused Ankara of lying."), "ACCUSE")
    assert accuse.place is None


def test_date_comes_from_the_same_sentence_only(nlp):
    text = "Rebels attacked Aleppo on Thursday.\n\nTurkey attacked the Kurds."
    events = events_of(nlp, text, published="2016-02-11")
    first, second = (e for e in events if e.plover == "ASSAULT")
    assert first.date.text == "Thursday"
    assert first.date.value == "2016-02-11"
    assert second.date is None


def test_casualty_count_attaches_to_the_assault_of_its_sentence(nlp):
    assault = only(events_of(nlp, "An air strike killed 12 civilians in Idlib."), "ASSAULT")
    assert assault.fatalities is not None
    assert assault.fatalities.dead == 12


# --- the sample article (issue 5, "Done when") -------------------------------------------


def test_sample_every_event_span_indexes_the_text(sample_article):
    text = sample_article.text
    assert sample_article.events
    for event in sample_article.events:
        spans = [event.trigger, event.evidence]
        spans += [a.span for a in (event.source, event.target) if a and a.span]
        for span in spans:
            assert text[span.start : span.end] == span.text


def test_sample_aerial_assault_on_islamic_state_around_kalaz_taktani(sample_article):
    assault = next(e for e in sample_article.events if e.trigger.text == "air attacks")
    assert (assault.plover, assault.mode) == ("ASSAULT", "aerial")
    assert assault.target.name == "Islamic State"
    assert assault.place.name == "Kalaz Taktani"
    assert assault.evidence.text.startswith("A large group of Islamic State militants")
    assert assault.evidence.text.endswith("Kalaz Taktani.")


def test_sample_syrian_military_offensive_with_russian_support(sample_article):
    sentence = [e for e in sample_article.events if "Turkish border" in e.evidence.text]
    assault = next(e for e in sentence if e.plover == "ASSAULT")
    assert (assault.source.country, assault.source.sector) == ("SYR", "MIL")
    assert assault.place.name == "Aleppo"
    support = next(e for e in sentence if e.plover == "SUPPORT")
    assert (support.source.country, support.source.sector) == ("RUS", "MIL")
    assert support.target.country == "SYR"
    assert all(e.target is None or e.target.country != "RUS" for e in sentence)


def test_sample_west_accuses_russia(sample_article):
    accuse = next(e for e in sample_article.events if e.trigger.text == "accused")
    assert accuse.plover == "ACCUSE"
    assert accuse.source.name == "West"
    assert accuse.target.country == "RUS"
    assert accuse.claimed_by is None


def test_sample_warrens_fabrication_is_a_us_military_rejection(sample_article):
    fabrication = next(e for e in sample_article.events if e.trigger.text == "fabrication")
    assert fabrication.plover in ("ACCUSE", "REJECT")
    assert fabrication.source.name == "Steve Warren"
    assert (fabrication.source.country, fabrication.source.sector) == ("USA", "MIL")
    assert fabrication.target.country == "RUS"


def test_sample_aleppo_bombing_blame_is_a_claim_not_a_fact(sample_article):
    bombings = next(e for e in sample_article.events if e.trigger.text == "bombings")
    assert bombings.plover == "ASSAULT"
    assert bombings.claimed_by == "Russia"
    assert bombings.place.name == "Aleppo"
    blames = next(e for e in sample_article.events if e.trigger.text == "blames")
    assert blames.plover == "ACCUSE" and blames.claimed_by is None


def test_sample_humanitarian_aid_is_a_hypothetical_aid_event(sample_article):
    aid = next(e for e in sample_article.events if e.trigger.text == "humanitarian aid")
    assert aid.plover == "AID"
    assert aid.hypothetical
    assert aid.target.country == "SYR"


def test_participle_of_an_attack_is_the_same_event_with_its_dead(nlp):
    events = events_of(nlp, "Syrian warplanes bombed the town on Monday, killing 12 people.")
    (event,) = [e for e in events if e.plover == "ASSAULT"]
    assert event.trigger.text == "bombed"
    assert event.fatalities is not None and event.fatalities.dead == 12
