"""Tests of newstrace.ingest.boilerplate: which lines are boilerplate, and which are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.ingest.boilerplate import find_boilerplate, is_boilerplate_line, mask_spans

SAMPLE = (
    Path(__file__).resolve().parents[2].parent
    / "shared/samples/aleppo-2016-02-russia-blames-us.txt"
)

BODY = (
    "The first peace talks in two years collapsed last week before they began.\n\n"
    "The communique added that humanitarian aid would begin this week to besieged areas.\n\n"
    "Lavrov said peace talks should resume in Geneva as soon as possible, officials said.\n\n"
    "Overall, the United Nations says nearly half a million people are besieged in Syria.\n"
)


def flagged(text: str) -> list[str]:
    return [span.text for span in find_boilerplate(text)]


@pytest.mark.parametrize(
    "line",
    [
        "Share",
        "Share this",
        "Share this article",
        "Tweet",
        "Share on Facebook",
        "Email",
        "Print",
        "Share Tweet Email Print",
        "Facebook | Twitter | Email",
        "Share on Facebook Share on Twitter",
    ],
)
def test_boilerplate_flags_share_and_social_buttons(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line", ["Advertisement", "ADVERTISEMENT", "Sponsored", "Story continues below advertisement"]
)
def test_boilerplate_flags_advert_markers(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Read more",
        "Read More:",
        "Read the rest here.",
        "Continue reading",
        "Continue reading the main story",
        "Click here to get the app",
        "CLICK HERE TO GET THE FOX NEWS APP",
        "Watch the full interview below:",
    ],
)
def test_boilerplate_flags_read_more_and_link_prompts(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "We use cookies to improve your experience. By using this site you agree.",
        "Accept cookies",
        "This site uses cookies",
    ],
)
def test_boilerplate_flags_cookie_prompts(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Subscribe to our newsletter",
        "Sign up for our daily briefing",
        "Sign up for the Morning Report newsletter",
        "Subscribe",
        "Enter your email address:",
        "Follow Pam Key on Twitter @pamkeyNEN.",
    ],
)
def test_boilerplate_flags_subscription_and_follow_prompts(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Photo: Reuters",
        "(Photo by Louai Beshara/AFP/Getty Images)",
        "Image copyright Getty Images",
        "Getty Images",
        "Getty.",
        "REUTERS/Omar Sanadiki",
        "(Image credit: All About Space)",
    ],
)
def test_boilerplate_flags_photo_credits(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "By John Smith",
        "By John Smith and Jane Doe, Reuters",
        "By JOHN SMITH | Associated Press",
        "By ANITA SNOW Associated Press Writer",
        "By Reuters",
        "(Reporting by Valerie Volcovici; Additional reporting by Lawrence Hurley; "
        "Editing by Will Dunham.)",
    ],
)
def test_boilerplate_flags_bylines_and_agency_credits(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Related:",
        "Related articles",
        "Related: Russia and US agree on Syria ceasefire",
        "More from Reuters",
        "Also on HuffPost:",
    ],
)
def test_boilerplate_flags_related_story_headers(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "By Thursday the talks had collapsed.",
        "By Monday, Russia and Turkey had agreed to meet again.",
        "By the numbers",
        "Share prices fell sharply in Damascus after the announcement.",
        "Share your story with the commission, the envoy urged residents.",
        "Print media in Syria is tightly controlled by the government.",
        "Email records showed the minister had been warned in advance.",
        "Related talks in Vienna ended without agreement.",
        "More on that later, the minister told reporters.",
        "The advertisement ran twice on state television.",
        "Photographs of the site were published by the ministry on Friday.",
        "Reporting by the Times showed the convoy had been hit twice.",
        "Subscribe to the idea that the war is over and you will be disappointed.",
        "Sign up for a Hulu ad-free account for $11.99 a month",
        "Sign up for the Disney+ bundle using the same email as your Hulu account",
        "Reuters reported that 40 people were killed in the strikes.",
    ],
)
def test_boilerplate_keeps_prose_lines_that_start_with_cue_words(line):
    assert not is_boilerplate_line(line)
    assert flagged(f"{line}\n\n{BODY}") == []


def test_boilerplate_flags_trailing_related_headline_after_body():
    text = BODY + "\nKerry wants 'all or nothing' truce at Syria talks"
    assert flagged(text) == ["Kerry wants 'all or nothing' truce at Syria talks"]


def test_boilerplate_keeps_headline_at_top_of_article():
    text = "Russia blames US for bombings in Syrian Aleppo\n\n" + BODY
    assert flagged(text) == []


def test_boilerplate_keeps_last_line_that_ends_a_sentence():
    assert flagged(BODY + "\nThe talks resume on Monday in Geneva.") == []


def test_boilerplate_keeps_short_last_line_without_a_body_of_sentences():
    assert flagged("Syria talks\n\nKerry wants 'all or nothing' truce at Syria talks") == []


def test_boilerplate_keeps_one_line_article():
    assert flagged("Syrian army retakes Aleppo districts after heavy fighting") == []


def test_boilerplate_keeps_long_last_line_without_final_full_stop():
    last = (
        "Russian and Syrian forces pressed on with the offensive north of Aleppo while "
        "diplomats in Munich argued over the terms of the truce"
    )
    assert flagged(BODY + "\n" + last) == []


def test_boilerplate_span_offsets_match_text():
    text = "  Share  \n\nHeadline of the story\n\n" + BODY + "\nAdvertisement\n\nBy John Smith"
    spans = find_boilerplate(text)
    assert [s.text for s in spans] == ["Share", "Advertisement", "By John Smith"]
    for span in spans:
        assert text[span.start : span.end] == span.text


def test_boilerplate_mask_keeps_length_and_newlines():
    text = "Share\n\n" + BODY
    masked = mask_spans(text, find_boilerplate(text))
    assert len(masked) == len(text)
    assert masked.startswith("     \n\n")
    assert masked[7:] == BODY


def test_boilerplate_of_sample_article():
    if not SAMPLE.exists():
        pytest.skip(f"{SAMPLE} is absent: this test needs ../shared beside the repo")
    text = SAMPLE.read_text(encoding="utf-8")
    spans = find_boilerplate(text)
    assert [s.text for s in spans] == [
        "Share",
        "Advertisement",
        "Advertisement",
        "Kerry wants 'all or nothing' truce at Syria talks",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert "Russia blames US for bombings in Syrian Aleppo" not in [s.text for s in spans]
