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
