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
