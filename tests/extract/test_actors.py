"""Actor coding from the Phoenix-built dictionaries: people, groups, demonyms."""

from __future__ import annotations

from datetime import date

import pytest

from newstrace.extract.actors import (
    Person,
    demonym_country,
    group_of,
    person_code,
)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Sergei Lavrov", ("RUS", "GOV")),
        ("Lavrov", ("RUS", "GOV")),
        ("Merkel", ("DEU", "GOV")),
        ("John Kerry", ("USA", "GOV")),
        ("Konashenkov", ("RUS", "MIL")),
        ("Steve Warren", ("USA", "MIL")),
        ("Vladimir V. Putin", ("RUS", "GOV")),  # middle initial dropped
        ("Carlos Menem", ("ARG", "GOV")),  # the dictionary's "Carlos Saul Menem"
        ("Kofi Annan", (None, "IGO")),
    ],
)
def test_person_code_finds_leaders_and_officials(name, code):
    assert person_code(name) == code


def test_unknown_full_name_does_not_fall_back_to_a_known_surname():
    assert person_code("Merkel") == ("DEU", "GOV")
    assert person_code("Hans Merkel") is None


def test_surname_shared_by_differently_coded_people_stays_uncoded():
    assert person_code("Clinton") is None  # Bill (GOV) and Hillary (GOV, then ELI) differ
    assert person_code("Bill Clinton") == ("USA", "GOV")


def test_common_first_name_alone_is_no_surname():
    assert person_code("John") is None


def test_person_role_follows_the_date_when_one_is_given():
    clinton = Person("Bill Clinton", "USA", "GOV 1993-2001;ELI")
    assert clinton.code(date(1998, 5, 1)) == ("USA", "GOV")
    assert clinton.code(date(2010, 5, 1)) == ("USA", "ELI")
    assert clinton.code() == ("USA", "GOV")  # no date: the office they are known for


def test_person_role_in_another_service_keeps_its_own_country():
    ban = Person("Ban Ki-moon", None, "IGO 2007-2016;KOR:ELI")
    assert ban.code(date(2010, 1, 1)) == (None, "IGO")
    assert ban.code(date(2020, 1, 1)) == ("KOR", "ELI")


@pytest.mark.parametrize(
    ("text", "name", "country", "sector"),
    [
        ("Hizbullah", "Hezbollah", "LBN", "REB"),
        (
            "the International Atomic Energy Agency",
            "International Atomic Energy Agency",
            None,
            "IGO",
        ),
        ("Amnesty International", "Amnesty International", None, "NGO"),
        ("Taliban", "Taliban", "AFG", "REB"),
        ("Nusra Front", "Jabhat al Nusra", "SYR", "REB"),
    ],
)
def test_group_of_collapses_variants_to_one_coded_group(text, name, country, sector):
    group = group_of(text)
    assert (group.name, group.country, group.sector) == (name, country, sector)


def test_group_of_an_unknown_name_is_none():
    assert group_of("Aleppo Council") is None


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Serbian", "SRB"),
        ("Hungarians", "HUN"),
        ("Nigerian", "NGA"),
        ("Fijian", "FJI"),
        ("Sierra Leonean", "SLE"),
        ("Frenchmen", "FRA"),
        ("Syrian", "SYR"),
    ],
)
def test_demonym_country_knows_every_country(text, iso3):
    assert demonym_country(text) == (True, iso3)


def test_stateless_peoples_are_demonyms_without_a_country():
    assert demonym_country("Kurdish") == (True, None)
    assert demonym_country("Aleppo") == (False, None)


@pytest.mark.slow
def test_sample_article_speakers_are_coded(sample_article):
    coded = {
        (q.speaker.name, q.speaker.actor.country, q.speaker.actor.sector)
        for q in sample_article.quotes
        if q.speaker is not None and q.speaker.actor is not None
    }
    for expected in (
        ("Lavrov", "RUS", "GOV"),
        ("John Kerry", "USA", "GOV"),
        ("Merkel", "DEU", "GOV"),
        ("Konashenkov", "RUS", "MIL"),
        ("Gatilov", "RUS", "GOV"),
        ("Steve Warren", "USA", "MIL"),
    ):
        assert expected in coded
