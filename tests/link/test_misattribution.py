from __future__ import annotations

from newstrace.link.misattribution import QuoteIndex, same_speaker
from newstrace.records import Quote, Span, Speaker

from .trust_helpers import text_article

WORDS = "we will not accept any truce that leaves the besieged towns without food"


def quoted(name: str, lead: str = "") -> tuple:
    text = f"{lead}{name} said {WORDS}."
    start = text.index(WORDS)
    article = text_article(text, title=f"{name} on the truce")
    quote = Quote(
        kind="indirect",
        content=Span.of(text, start, start + len(WORDS)),
        cue=Span.of(text, text.index("said"), text.index("said") + 4),
        speaker=Speaker(start=len(lead), end=len(lead) + len(name), text=name, name=name),
    )
    from dataclasses import replace

    return replace(article, quotes=(quote,))


def test_the_same_words_given_to_another_speaker_conflict():
    index = QuoteIndex()
    index.add(quoted("Sergei Lavrov"))
    later = quoted("John Kerry", lead="In Munich, ")
    (finding,) = index.conflicts(later)
    assert finding.kind == "attribution_conflict"
    assert "John Kerry" in finding.message and "Sergei Lavrov" in finding.message
    assert [span.text for span in finding.evidence] == [WORDS, "John Kerry"]


def test_a_title_or_a_first_name_more_is_the_same_speaker():
    index = QuoteIndex()
    index.add(quoted("Lavrov"))
    assert index.conflicts(quoted("Foreign Minister Sergei Lavrov", lead="Today, ")) == []
    assert same_speaker("U.S. Army Col. Steve Warren", "Warren") is True
    assert same_speaker("the spokesman", "Warren") is None


STORY = (
    "Turkish troops shelled positions of the Kurdish militia near Afrin on Sunday, the "
    "state news agency reported, as the offensive entered its third week.\n\n"
    "Recep Tayyip Erdogan said the operation would go on until the last fighter had left "
    "the border area, and that no outside power would stop it.\n\n"
    "Civilians said the shelling had cut the main road to the city for several hours, and "
    "aid groups warned that supplies were running low in the villages around it.\n"
)


def _copy_findings(copy_text: str):
    from newstrace.link.corpus import corpus_findings

    original = text_article(STORY, title="Turkey shells Afrin", published="2018-02-04")
    copy = text_article(copy_text, published="2018-02-05")
    results = list(corpus_findings([original, copy]))
    return [f for f in results[1].findings if f.kind == "attribution_conflict"]


def test_a_copy_that_changes_the_name_beside_said_is_a_conflict():
    (finding,) = _copy_findings(STORY.replace("Recep Tayyip Erdogan", "Mohammad Jundi"))
    assert "Mohammad Jundi" in finding.message and "Recep Tayyip Erdogan" in finding.message
    assert [span.text for span in finding.evidence] == ["Mohammad Jundi"]


def test_a_name_spelled_out_or_a_common_word_swapped_is_no_conflict():
    assert _copy_findings(STORY.replace("Turkish troops", "Republic of Turkey troops")) == []
    assert _copy_findings(STORY.replace("Civilians said", "Noncombatants said")) == []


def test_a_faithful_copy_after_a_misattributed_one_conflicts_with_it():
    from newstrace.link.corpus import corpus_findings

    original = text_article(STORY, title="Turkey shells Afrin", published="2018-02-04")
    swapped = text_article(
        STORY.replace("Recep Tayyip Erdogan", "Mohammad Jundi"), published="2018-02-05"
    )
    faithful = text_article("ANKARA - " + STORY, published="2018-02-06")
    results = list(corpus_findings([original, swapped, faithful]))
    (finding,) = [f for f in results[2].findings if f.kind == "attribution_conflict"]
    assert [span.text for span in finding.evidence] == ["Recep Tayyip Erdogan"]
    assert "Mohammad Jundi" in finding.message


def test_a_swapped_name_said_elsewhere_in_the_source_is_still_found():
    # the new speaker also speaks further down the source: the alignment must not
    # stretch the passage's window down to that paragraph and keep the name
    story = (
        "Turkish troops shelled positions of the Kurdish militia near Afrin on Sunday, the "
        "state news agency reported, as the offensive entered its third week.\n\n"
        "The operation would go on until the last fighter had left the border area and no "
        "outside power would stop it, Recep Tayyip Erdogan said.\n\n"
        "Civilians said the shelling had cut the main road to the city for several hours, "
        "and aid groups warned that supplies were running low in the villages around it.\n\n"
        "Talks in Sochi will resume next month, Mohammad Jundi said.\n"
    )
    copy = story.replace("Recep Tayyip Erdogan said", "Mohammad Jundi said", 1)
    (finding,) = _copy_findings_of(story, copy)
    assert "Recep Tayyip Erdogan" in finding.message


def _copy_findings_of(source_text: str, copy_text: str):
    from newstrace.link.corpus import corpus_findings

    original = text_article(source_text, title="Turkey shells Afrin", published="2018-02-04")
    copy = text_article(copy_text, published="2018-02-05")
    results = list(corpus_findings([original, copy]))
    return [f for f in results[1].findings if f.kind == "attribution_conflict"]
