"""Event evaluation: GSR markup alignment, event choice, scores, and the shared data sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.errors import EvalDataNotFound
from newstrace.eval.events import (
    GoldActor,
    GoldEvent,
    UnitRecord,
    actor_matches,
    chosen_event,
    code_agrees,
    evaluate_events,
    markup_spans,
    read_gsr,
    read_petrarch_units,
    score_gsr,
    score_units,
)
from newstrace.records import Actor, Event, Span

EVENTS_DIR = Path(__file__).parents[2].parent / "shared/datasets/events"
TEXT = "Israel attacked Gaza and Hamas said it would retaliate."


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: tests on the shared datasets need ../shared")
    return path


def span(start: int, end: int) -> Span:
    return Span(start=start, end=end, text=TEXT[start:end])


def event(plover: str, trigger: tuple[int, int], source=None, target=None, **flags) -> Event:
    return Event(
        plover=plover,
        mode=None,
        cameo="190",
        acled=None,
        trigger=span(*trigger),
        evidence=span(0, len(TEXT)),
        source=source,
        target=target,
        **flags,
    )


def test_markup_spans_find_the_trigger_in_the_plain_text():
    markup = "(SRC: Israel) (EVT: attacked) (TAR: Gaza) and Hamas said it would retaliate."
    assert markup_spans(markup, TEXT) == [(7, 15)]
    assert markup_spans(markup, TEXT, tag="TAR") == [(16, 20)]


def test_markup_spans_survive_stray_braces_and_nested_tags():
    text = "The UN has sent 21 personnel to Bosnia."
    markup = "The (SRC: UN) (EVT: has sent} 21 personnel (LOC:to (TAR: Bosnia))."
    assert [text[s:e] for s, e in markup_spans(markup, text)] == ["has sent"]


def test_chosen_event_is_the_one_on_the_gold_trigger_else_the_first():
    first, second = event("ACCUSE", (24, 34)), event("ASSAULT", (7, 15))
    assert chosen_event([first, second], [(7, 15)]) is second
    assert chosen_event([first, second], [(40, 45)]) is first
    assert chosen_event([], [(7, 15)]) is None


def test_actor_matches_on_a_shared_content_word_not_on_stop_words():
    gold = [GoldActor(text="the Israeli army", code="ISR", sector="MIL")]
    assert actor_matches(Actor(name="Israeli army soldiers"), gold)
    assert not actor_matches(Actor(name="the army of Egypt"), [GoldActor(text="the Israelis")])
    assert not actor_matches(None, gold)


def test_code_agreement_reads_igo_codes_as_sectors():
    assert code_agrees(Actor(name="UN", sector="IGO"), GoldActor(text="UN", code="IGO"))
    assert code_agrees(Actor(name="Israel", country="ISR"), GoldActor(text="x", code="ISR"))
    assert not code_agrees(Actor(name="Israel", country="ISR"), GoldActor(text="x", code="IGO"))


def test_gsr_scores_category_actors_and_event_level_f1():
    israel, gaza = Actor(name="Israel", country="ISR"), Actor(name="Gaza", country="PSE")
    gold = [
        GoldEvent(
            id="a",
            text=TEXT,
            category="ASSAULT",
            sources=(GoldActor(text="Israel", code="ISR"),),
            targets=(GoldActor(text="Gaza", code="PSE"),),
            triggers=((7, 15),),
        ),
        GoldEvent(id="b", text=TEXT, category="THREATEN", triggers=((44, 54),)),
    ]
    predicted = [
        [event("ASSAULT", (7, 15), source=israel, target=gaza)],
        [event("ASSAULT", (44, 54), hypothetical=True)],  # read the PLOVER way: a threat
    ]
    scores = score_gsr(gold, predicted)
    assert scores["category_accuracy"] == 1.0
    assert scores["category_accuracy_raw"] == 0.5
    assert scores["source_accuracy"] == scores["target_accuracy"] == 1.0
    assert scores["actor_code_agreement"] == 1.0
    assert scores["event_f1"] == 1.0
    assert scores["misses"] == []


def test_gsr_event_is_wrong_when_an_actor_the_gold_lacks_is_predicted():
    gold = [GoldEvent(id="b", text=TEXT, category="ASSAULT", triggers=((7, 15),))]
    predicted = [[event("ASSAULT", (7, 15), target=Actor(name="Gaza"))]]
    scores = score_gsr(gold, predicted)
    assert scores["category_accuracy"] == 1.0
    assert scores["event_recall"] == 0.0
    assert scores["misses"][0]["id"] == "b"


def test_unit_scores_compare_cameo_roots():
    units = [
        UnitRecord(id="1", text="x", roots=("19",)),
        UnitRecord(id="2", text="y", roots=("04",)),
    ]
    predicted = [[event("ASSAULT", (7, 15))], []]
    scores = score_units(units, predicted)
    assert scores["cameo_root_accuracy"] == 0.5
    assert scores["cameo_root_recall"] == 0.5


def test_missing_gold_file_raises_eval_data_not_found(tmp_path):
    with pytest.raises(EvalDataNotFound, match="plover-gsr-dev.json"):
        read_gsr(tmp_path / "nothing.json")


def test_gsr_dev_has_161_records_with_current_category_names():
    gold = read_gsr(require(EVENTS_DIR / "plover-gsr-dev.json"))
    assert len(gold) == 161
    old = {"DISAPPROVE", "INVESTIGATE", "DEMAND", "FIGHT", "DOCUMENT"}
    assert not {g.category for g in gold} & old
    with_trigger = [g for g in gold if g.triggers]
    assert len(with_trigger) > 150
    for record in with_trigger:
        for start, end in record.triggers:
            assert 0 <= start < end <= len(record.text)


def test_petrarch_units_keep_only_cameo_coded_sentences():
    units, skipped = read_petrarch_units(require(EVENTS_DIR / "PETR.UnitTest.records.xml"))
    assert units and skipped["no_event"] > 0 and skipped["validation_codes"] > 0
    assert all(all(1 <= int(r) <= 20 for r in u.roots) for u in units)


@pytest.mark.slow
def test_events_eval_on_the_gsr_dev_set_meets_its_floors(nlp):
    from newstrace.eval.events import pipeline_events

    require(EVENTS_DIR / "plover-gsr-dev.json")
    scores = evaluate_events(extractor=pipeline_events(nlp), progress=False)
    gsr = scores["gsr"]
    # floors a little below the measured dev figures (0.81 category, 0.78 actors)
    assert gsr["category_accuracy"] >= 0.77
    assert gsr["actor_accuracy"] >= 0.74
    assert gsr["coverage"] >= 0.9
    assert scores["petrarch"]["sentences"] > 100


def test_eval_events_command_has_help_with_an_example():
    from typer.testing import CliRunner

    from newstrace.cli import app

    result = CliRunner().invoke(app, ["eval", "events", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
