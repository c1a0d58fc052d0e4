"""Temporal expressions: the normalisation table, anchors and span offsets."""

from __future__ import annotations

from datetime import date

import pytest
import spacy

from newstrace.extract.dates import normalise, resolve_dates

# 2016-02-11 is a Thursday: the sample article's publication date.
ANCHOR = date(2016, 2, 11)


@pytest.mark.parametrize(
    ("expression", "tense", "expected"),
    [
        # a bare weekday naming the anchor's own weekday is the anchor day, whatever the tense
        ("Thursday", "past", ("2016-02-11", "day")),
        ("Thursday", "future", ("2016-02-11", "day")),
        ("Monday", "past", ("2016-02-08", "day")),
        ("Monday", "future", ("2016-02-15", "day")),
        ("last Friday", None, ("2016-02-05", "day")),
        ("next Monday", None, ("2016-02-15", "day")),
        ("yesterday", None, ("2016-02-10", "day")),
        ("today", None, ("2016-02-11", "day")),
        ("tomorrow", None, ("2016-02-12", "day")),
        ("tonight", None, ("2016-02-11TNI", "day")),
        ("this morning", None, ("2016-02-11TMO", "day")),
        ("last week", None, ("2016-W05", "week")),
        ("this week", None, ("2016-W06", "week")),
        ("next week", None, ("2016-W07", "week")),
        ("last month", None, ("2016-01", "month")),
        ("next year", None, ("2017", "year")),
        ("last year", None, ("2015", "year")),
        ("February 25", None, ("2016-02-25", "day")),
        ("February 25", "past", ("2016-02-25", "day")),
        ("Dec. 15", "past", ("2015-12-15", "day")),
        ("Feb. 25, 2016", None, ("2016-02-25", "day")),
        ("25 February 2016", None, ("2016-02-25", "day")),
        ("2016-02-25", None, ("2016-02-25", "day")),
        ("January 2016", None, ("2016-01", "month")),
        ("last March", None, ("2015-03", "month")),
        ("2015", None, ("2015", "year")),
        ("the 1990s", None, ("199", None)),
        ("three days ago", None, ("2016-02-08", "day")),
        ("a year ago", None, ("2015", "year")),
        ("in two years", None, ("2018", "year")),
        ("10:35 a.m.", None, ("2016-02-11T10:35", "day")),
        ("the third quarter", None, ("2015-Q3", None)),
        ("last summer", None, ("2015-SU", None)),
        ("now", None, ("PRESENT_REF", None)),
        ("recently", None, ("PAST_REF", None)),
        ("the future", None, ("FUTURE_REF", None)),
    ],
)
def test_dates_normalises_expression_against_anchor(expression, tense, expected):
    assert normalise(expression, ANCHOR, tense) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("two years", "P2Y"),
        ("the five-year war", "P5Y"),
        ("five-year", "P5Y"),
        ("the past few days", "PXD"),
        ("the past two months", "P2M"),
        ("three hours", "PT3H"),
        ("16-hour", "PT16H"),
        ("two decades", "P20Y"),
        ("years", "PXY"),
    ],
)
def test_dates_durations_have_timex_duration_value_and_no_precision(expression, expected):
    assert normalise(expression, ANCHOR, None) == (expected, None)
    assert normalise(expression, None, None) == (expected, None)


@pytest.mark.parametrize(
    ("expression", "precision"),
    [
        ("Thursday", "day"),
        ("yesterday", "day"),
        ("last week", "week"),
        ("last month", "month"),
        ("February 25", "day"),
        ("in two years", "year"),
        ("next year", "year"),
    ],
)
def test_dates_relative_expression_without_anchor_keeps_no_value(expression, precision):
    assert normalise(expression, None, None) == (None, precision)


def test_dates_absolute_expression_without_anchor_keeps_its_value():
    assert normalise("February 25, 2016", None, None) == ("2016-02-25", "day")
    assert normalise("2015", None, None) == ("2015", "year")


def test_dates_non_temporal_text_is_not_normalised():
    assert normalise("the ceasefire", ANCHOR, None) is None
    assert normalise("May", ANCHOR, None) is None  # the modal verb, not the month


def test_dates_ages_are_not_durations():
    nlp = spacy.blank("en")
    refs = resolve_dates(nlp("A 6-year-old boy was hurt."), "2016-02-11", "given")
    assert refs == []


def test_dates_spans_index_the_text_and_skip_blanked_boilerplate():
    nlp = spacy.blank("en")
    text = "          \n\nTalks stalled last month. They resume on February 25, 2016 in Geneva."
    refs = resolve_dates(nlp(text), "2016-02-11", "html")
    assert [(r.text, r.value, r.precision) for r in refs] == [
        ("last month", "2016-01", "month"),
        ("February 25, 2016", "2016-02-25", "day"),
    ]
    for ref in refs:
        assert text[ref.start : ref.end] == ref.text
        assert ref.anchor == "published"


@pytest.mark.parametrize(
    ("published", "source", "anchor"),
    [
        ("2016-02-11", "given", "given"),
        ("2016-02-11", "html", "published"),
        (None, "none", "unknown"),
    ],
)
def test_dates_anchor_field_names_where_the_anchor_came_from(published, source, anchor):
    nlp = spacy.blank("en")
    (ref,) = resolve_dates(nlp("It happened yesterday."), published, source)
    assert ref.anchor == anchor
    assert ref.value == ("2016-02-10" if published else None)


def test_dates_weekday_and_date_merge_into_one_expression():
    nlp = spacy.blank("en")
    text = "The vote is set for Friday, Oct. 23, and polls close at 9 a.m. EST Tuesday."
    refs = resolve_dates(nlp(text), "1998-10-19", "given")
    assert [(r.text, r.value) for r in refs] == [
        ("Friday, Oct. 23", "1998-10-23"),
        ("9 a.m. EST Tuesday", "1998-10-20T09:00"),
    ]


@pytest.mark.slow
def test_dates_resolves_weekday_relative_to_published(nlp):
    text = "Rebels attacked the town on Monday. Talks will resume on Monday in Geneva."
    refs = resolve_dates(nlp(text), "2016-02-11", "given")
    assert [(r.text, r.value) for r in refs] == [
        ("Monday", "2016-02-08"),
        ("Monday", "2016-02-15"),
    ]


@pytest.mark.slow
def test_dates_every_span_of_the_sample_article_indexes_its_text(nlp, sample_text):
    refs = resolve_dates(nlp(sample_text), "2016-02-11", "given")
    assert refs
    assert all(sample_text[r.start : r.end] == r.text for r in refs)
    values = {r.text: r.value for r in refs}
    assert values.get("last month") == "2016-01"
    assert all(
        r.value is None or not r.value[:1].isdigit() or r.value.startswith("20") for r in refs
    )


@pytest.mark.parametrize(
    ("expression", "tense", "expected"),
    [
        ("Thanksgiving", "past", "2015-11-26"),  # the fourth Thursday of November
        ("Thanksgiving Day", "future", "2016-11-24"),
        ("last Christmas", None, "2015-12-25"),
        ("Easter", "future", "2016-03-27"),  # the Gregorian computus
        ("Good Friday", "future", "2016-03-25"),
        ("Election Day", "future", "2016-11-08"),  # the Tuesday after the first Monday
        ("Christmas 1998", None, "1998-12-25"),
    ],
)
def test_dates_holidays_fall_on_their_day_of_the_anchors_year(expression, tense, expected):
    assert normalise(expression, ANCHOR, tense) == (expected, "day")


def test_dates_holidays_without_an_anchor_keep_no_value_and_lower_case_is_no_holiday():
    assert normalise("Thanksgiving", None, None) == (None, "day")
    assert normalise("easter", ANCHOR, None) is None


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("nineteen ninety-six", "1996"),
        ("nineteen eighty", "1980"),
        ("nineteen o five", "1905"),
        ("the year two thousand", "2000"),
        ("the year two thousand and one", "2001"),
    ],
)
def test_dates_years_spelled_out_in_words_are_years(expression, expected):
    assert normalise(expression, None, None) == (expected, "year")
    assert normalise("two thousand", ANCHOR, None) is None  # a count, not a year


def test_dates_may_and_march_are_months_after_a_preposition_of_time_only():
    nlp = spacy.blank("en")
    text = "Talks began in March and run until May. May said troops would march."
    refs = resolve_dates(nlp(text), "2016-02-11", "given")
    assert [(r.text, r.value) for r in refs] == [("March", "2016-03"), ("May", "2016-05")]
