from __future__ import annotations

import json
import pickle

from newstrace.records import (
    Actor,
    Article,
    DateRef,
    Event,
    Fatalities,
    Finding,
    Mention,
    Place,
    Quote,
    Span,
    Speaker,
)

TEXT = "Merkel said the talks in Aleppo failed on Thursday, killing 12."


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def make_article() -> Article:
    merkel = Span.of(TEXT, *at("Merkel"))
    a_start, a_end = at("Aleppo")
    aleppo = Place(
        start=a_start, end=a_end, text="Aleppo", name="Aleppo", geonameid=170063, country="SYR"
    )
    t_start, t_end = at("Thursday")
    thursday = DateRef(start=t_start, end=t_end, text="Thursday", value=None, precision="day")
    actor = Actor(name="Angela Merkel", country="DEU", sector="GOV", span=merkel)
    return Article(
        id="x",
        source="t.txt",
        text=TEXT,
        mentions=(Mention(start=0, end=6, text="Merkel", label="PERSON", actor=actor),),
        quotes=(
            Quote(
                kind="indirect",
                content=Span.of(TEXT, at("the")[0], at("Thursday")[1]),
                cue=Span.of(TEXT, *at("said")),
                speaker=Speaker(start=0, end=6, text="Merkel", name="Angela Merkel", actor=actor),
            ),
        ),
        events=(
            Event(
                plover="ASSAULT",
                mode=None,
                cameo="19",
                acled=None,
                trigger=Span.of(TEXT, *at("killing")),
                evidence=Span.of(TEXT, 0, len(TEXT)),
                place=aleppo,
                date=thursday,
                fatalities=Fatalities(
                    dead=12, injured=None, evidence=Span.of(TEXT, at("killing")[0], at("12")[1])
                ),
            ),
        ),
        places=(aleppo,),
        dates=(thursday,),
        findings=(Finding(kind="boilerplate", message="m", evidence=(merkel,)),),
    )


def test_span_of_takes_its_text_from_the_offsets():
    assert Span.of(TEXT, *at("Aleppo")).text == "Aleppo"


def test_article_round_trips_through_json():
    article = make_article()
    data = json.loads(json.dumps(article.to_dict()))
    assert Article.from_dict(data) == article


def test_article_pickles_for_worker_processes():
    article = make_article()
    assert pickle.loads(pickle.dumps(article)) == article


def test_article_json_has_every_contract_key():
    keys = set(make_article().to_dict())
    assert {
        "id",
        "source",
        "title",
        "published",
        "published_source",
        "text",
        "boilerplate",
        "mentions",
        "quotes",
        "events",
        "places",
        "dates",
        "findings",
    } <= keys


def test_iter_spans_covers_nested_records():
    spans = make_article().iter_spans()
    assert all(TEXT[s.start : s.end] == s.text for s in spans)
    assert len(spans) >= 10
