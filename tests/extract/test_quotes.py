"""Quote extraction: marks, cues, kinds and speakers."""

from __future__ import annotations

import pytest

from newstrace.core import extract_text
from newstrace.extract.quotes import find_quote_marks

pytestmark = pytest.mark.slow


def quotes_of(nlp, text):
    return extract_text(text, nlp).quotes


def test_find_quote_marks_pairs_curly_and_straight_marks():
    text = 'He said “one two three” and "four five".'
    found = [text[m.start : m.end] for m in find_quote_marks(text)]
    assert found == ["one two three", "four five"]


def test_find_quote_marks_closes_an_open_quote_at_paragraph_end():
    text = "“First paragraph of a long quote.\n\n“Second part,” he said."
    found = [text[m.start : m.end] for m in find_quote_marks(text)]
    assert found == ["First paragraph of a long quote.", "Second part,"]


def test_find_quote_marks_reads_two_apostrophes_as_a_double_quote():
    text = "Not paying taxes ''makes me smart,'' Donald J. Trump said."
    found = [text[m.start : m.end] for m in find_quote_marks(text)]
    assert found == ["makes me smart,"]


def test_find_quote_marks_takes_a_closing_mark_at_line_start_as_an_opener():
    text = "Intro.\n”Mr. Trump embodies the legacy.” ― Sonya Herridge"
    found = [text[m.start : m.end] for m in find_quote_marks(text)]
    assert found == ["Mr. Trump embodies the legacy."]


def test_quote_signed_after_a_dash_names_the_signer(nlp):
    text = (
        "“He is obsessed with Mexico and all these perks they have.” ― Esther Tapia\n"
        "“The most unqualified child to ever run for president.”\u00a0― Francisco Herrero"
    )
    quotes = quotes_of(nlp, text)
    assert [(q.speaker.name, q.cue.text) for q in quotes] == [
        ("Esther Tapia", "―"),
        ("Francisco Herrero", "―"),
    ]


def test_quotes_speaker_after_cue_verb(nlp):
    (quote,) = quotes_of(nlp, "“We will not stop until the city is free,” the general said.")
    assert quote.kind == "direct"
    assert quote.content.text == "We will not stop until the city is free"
    assert quote.speaker.text == "the general"
    assert quote.cue.text == "said"


def test_quotes_inverted_cue_names_the_speaker(nlp):
    (quote,) = quotes_of(nlp, '"The ceasefire is holding in most areas," said John Kerry.')
    assert quote.speaker.name == "John Kerry"
    assert quote.kind == "direct"


def test_quotes_indirect_speech_with_that_clause(nlp):
    (quote,) = quotes_of(nlp, "Lavrov said that peace talks should resume in Geneva.")
    assert quote.kind == "indirect"
    assert quote.content.text == "peace talks should resume in Geneva"
    assert quote.speaker.name == "Lavrov"


def test_quotes_mixed_when_indirect_clause_holds_quoted_words(nlp):
    text = "Kerry noted that the agreement would only be a “pause” in fighting."
    (quote,) = quotes_of(nlp, text)
    assert quote.kind == "mixed"
    assert "“pause”" in quote.content.text


def test_quotes_over_several_sentences_keep_one_content(nlp):
    text = "“The city is surrounded. Food is running out,” the mayor told reporters."
    (quote,) = quotes_of(nlp, text)
    assert quote.content.text == "The city is surrounded. Food is running out"


def test_quotes_speaker_title_is_kept_and_name_is_the_fullest_form(nlp):
    text = (
        "U.S. Army Col. Steve Warren, the spokesman for the coalition, said the strike "
        "was a mistake. Warren said that an inquiry would follow."
    )
    quotes = quotes_of(nlp, text)
    assert quotes[0].speaker.text == "U.S. Army Col. Steve Warren"
    assert [q.speaker.name for q in quotes] == ["Steve Warren", "Steve Warren"]


def test_quotes_according_to_names_the_source(nlp):
    text = "According to the Syrian Observatory, at least 40 people died in the raids."
    (quote,) = quotes_of(nlp, text)
    assert quote.cue.text == "According to"
    assert "40 people died" in quote.content.text
    assert "Syrian Observatory" in quote.speaker.text


def test_quotes_pronoun_speaker_resolves_to_person_in_previous_sentence(nlp):
    text = "Angela Merkel met refugees in Berlin.\n\n“We will help them,” she said."
    (quote,) = quotes_of(nlp, text)
    assert quote.speaker.resolution == "coreference"
    assert quote.speaker.name == "Angela Merkel"


def test_pronoun_speaker_without_antecedent_is_unresolved(nlp):
    article = extract_text("“Our buses are not waiting there in vain,” he said.", nlp)
    (quote,) = article.quotes
    assert quote.speaker.resolution == "unresolved"
    assert quote.speaker.name is None
    assert [f.kind for f in article.findings] == ["orphan_quote"]


def test_organisation_is_never_he(nlp):
    text = (
        "The United Nations says half a million people are besieged.\n\n"
        "“Our planes are not waiting there in vain,” he said."
    )
    quotes = quotes_of(nlp, text)
    pronoun_quote = next(q for q in quotes if q.speaker.text == "he")
    assert pronoun_quote.speaker.resolution == "unresolved"
    assert pronoun_quote.speaker.name != "United Nations"


def test_pronoun_gender_must_agree_with_antecedent(nlp):
    text = "Angela Merkel spoke in Berlin.\n\n“We are outraged by the bombing,” he said."
    (quote,) = quotes_of(nlp, text)
    assert quote.speaker.resolution == "unresolved"


def test_quote_inside_quote_marks_is_not_a_second_quote(nlp):
    text = "“He said it was over, and we believed him for a while,” the colonel said."
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1
    assert quotes[0].speaker.text == "the colonel"


def test_batched_pipe_finds_the_same_quotes_as_one_doc_at_a_time(nlp):
    texts = [
        "“We will not stop until the city is free,” the general said.",
        "Lavrov said that peace talks should resume in Geneva.",
        "Officials criticized the decision to close the border crossing at Bab al-Salam.",
    ]
    batched = [doc._.quotes for doc in nlp.pipe(texts, batch_size=8)]
    single = [nlp(text)._.quotes for text in texts]
    assert batched == single
    assert all(batched[:2])


def test_speaker_actor_is_coded_from_title_words(nlp):
    text = (
        "U.S. Army Col. Steve Warren said the strike was a mistake. "
        "Russian deputy foreign minister Gatilov said the talks could resume."
    )
    actors = {q.speaker.name: q.speaker.actor for q in quotes_of(nlp, text)}
    assert (actors["Steve Warren"].country, actors["Steve Warren"].sector) == ("USA", "MIL")
    assert (actors["Gatilov"].country, actors["Gatilov"].sector) == ("RUS", "GOV")


def test_pronoun_speaker_keeps_the_antecedents_title_coded_actor(nlp):
    text = (
        "Russian deputy foreign minister Gatilov said the talks could resume.\n\n"
        "“The warring parties are sinking to new depths,” he said."
    )
    pronoun = next(q for q in quotes_of(nlp, text) if q.speaker.text == "he")
    assert pronoun.speaker.resolution == "coreference"
    assert (pronoun.speaker.actor.country, pronoun.speaker.actor.sector) == ("RUS", "GOV")


def test_a_repeated_she_said_keeps_the_speaker_of_the_first(nlp):
    text = (
        "“They are 100 percent wrong,” said 9/11 widow Terry Strada.\n\n"
        "“We have waited fifteen years for this day,” she said.\n\n"
        "Congress had voted on Wednesday, 97 to 1.\n\n"
        "“Nobody should make us wait another day for justice,” she said."
    )
    speakers = [q.speaker for q in quotes_of(nlp, text)]
    assert [s.name for s in speakers] == ["Terry Strada"] * 3
    assert [s.resolution for s in speakers][1:] == ["coreference", "coreference"]


def test_proper_name_tagged_as_product_keeps_its_first_names_gender(nlp):
    text = (
        "In an essay last week, Ivanka Trump acknowledged their uphill battle. "
        "“The number of households led by single mothers has doubled,” she wrote."
    )
    quote = quotes_of(nlp, text)[-1]
    assert quote.speaker.name == "Ivanka Trump"


def test_quote_interrupted_by_its_attribution_is_one_quote(nlp):
    text = (
        "“Coal isn't the villain,” he said. "
        "“The villain is excess carbon dioxide in the atmosphere.”"
    )
    (quote,) = quotes_of(nlp, "Mr. Clarke spoke on Tuesday. " + text)
    assert quote.content.text.startswith("Coal isn't the villain")
    assert quote.content.text.endswith("in the atmosphere.")
    assert quote.cue.text == "said"
    assert quote.speaker.name == "Clarke"


def test_quote_goes_on_after_a_long_attribution_sentence(nlp):
    text = (
        "“It’s hard to avoid,” said Ryan Ellis, a Republican tax consultant in Washington. "
        "“Any time you want to cut taxes, it is going to benefit the rich.”"
    )
    (quote,) = quotes_of(nlp, text)
    assert quote.content.text.endswith("benefit the rich.")
    assert quote.speaker.name == "Ryan Ellis"


def test_intent_verb_reports_its_infinitive_clause(nlp):
    (quote,) = quotes_of(nlp, "The senator declined to comment on the leaked tax returns.")
    assert quote.content.text == "to comment on the leaked tax returns"
    assert quote.cue.text == "declined"


def test_object_of_a_speech_act_verb_is_what_was_said(nlp):
    (quote,) = quotes_of(nlp, "Warren decried the bank's treatment of its low-paid workers.")
    assert quote.content.text == "the bank's treatment of its low-paid workers"
    assert quote.speaker.name == "Warren"


def test_overlaps_answers_as_a_scan_of_every_quote_does():
    import random

    import spacy

    from newstrace.extract.quotes import _Builder
    from newstrace.nlp.docindex import Ranges
    from newstrace.records import Quote, Span, Speaker

    text = "x" * 400
    builder = _Builder(spacy.blank("en")(text), Ranges([]), [0])
    speaker = Speaker(start=0, end=1, text="x", name="X", resolution="explicit")
    rng = random.Random(7)

    def scan(start: int, end: int) -> bool:
        return any(q.content.start < end and start < q.content.end for q in builder.quotes)

    for _ in range(400):
        start = rng.randrange(400)
        end = min(400, start + rng.choice([0, 1, 3, 20, 90]))
        roll = rng.random()
        if roll < 0.15:
            content = Span.of(text, start, end)
            builder.add(Quote(kind="direct", content=content, cue=None, speaker=speaker))
        elif roll < 0.25:
            builder.extend_last(speaker, end)  # the last quote runs on, when `end` is past it
        else:
            start, end = rng.randrange(400), rng.randrange(400)  # empty and inverted too
            assert builder.overlaps(start, end) == scan(start, end), (start, end)
    assert len(builder.quotes) > 40
