from __future__ import annotations

import pytest

from newstrace.core import extract_text

pytestmark = pytest.mark.slow


def test_gender_clash_after_quote_is_an_attribution_conflict(nlp):
    text = "“We are outraged at what happened in Aleppo,” Merkel said. His peace push failed."
    article = extract_text(text, nlp)
    (finding,) = [f for f in article.findings if f.kind == "attribution_conflict"]
    assert [span.text for span in finding.evidence] == ["Merkel", "His"]


def test_matching_gender_after_quote_is_not_flagged(nlp):
    text = "“We are outraged at what happened in Aleppo,” Merkel said. Her peace push failed."
    article = extract_text(text, nlp)
    assert not [f for f in article.findings if f.kind == "attribution_conflict"]


def test_he_said_after_an_organisations_quote_is_an_attribution_conflict(nlp):
    text = (
        "The Russian Defence Ministry said on Thursday that two US jets had bombed Aleppo. "
        "“We have clear evidence of this,” he said."
    )
    article = extract_text(text, nlp)
    (finding,) = [f for f in article.findings if f.kind == "attribution_conflict"]
    assert [span.text for span in finding.evidence] == ["The Russian Defence Ministry", "he"]
    assert "organisation" in finding.message


def test_he_said_after_a_persons_quote_or_in_a_new_paragraph_is_no_conflict(nlp):
    person = "Colonel Steve Warren said the jets were not there. “We have clear evidence,” he said."
    paragraph = "The ministry said two jets had bombed Aleppo.\n\n“That is a fabrication,” he said."
    for text in (person, paragraph):
        article = extract_text(text, nlp)
        assert not [f for f in article.findings if f.kind == "attribution_conflict"], text


def test_the_sentence_after_an_offset_is_found_as_a_walk_from_the_start_finds_it():
    import spacy
    from spacy.tokens import Doc

    from newstrace.link.attribution import _next_sentence_opening, _token_at

    words = ["He", "said", "so", ".", "“", "No", ".", "”", "She", "left", ".", "\n\n", "Then"]
    spaces = [True, True, False, False, False, False, False, True, True, False, False, False, False]
    starts = [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]  # "…so." glued to "“No."
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces, sent_starts=starts)

    def walked(char: int):  # the walk over every sentence that the bisection replaced
        for sent in doc.sents:
            if sent.start_char <= char <= sent.end_char:
                following = sent.end
                while following < len(doc) and (doc[following].is_space or doc[following].is_punct):
                    if "\n\n" in doc[following].text:
                        return None
                    following += 1
                if following >= len(doc) or "\n\n" in doc.text[sent.end_char : doc[following].idx]:
                    return None
                return doc[following]
        return None

    for char in range(len(doc.text) + 1):
        found, expected = _next_sentence_opening(doc, char), walked(char)
        assert (found and found.i) == (expected and expected.i), char
        token = _token_at(doc, char)
        assert (token and token.i) == next((t.i for t in doc if t.idx == char), None), char
