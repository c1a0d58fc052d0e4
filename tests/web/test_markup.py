"""The article text cut at the records' offsets: every piece's marks, nothing lost."""

from __future__ import annotations

import dataclasses

from newstrace.records import Span
from newstrace.web.markup import segments

from ..store.articles import full_article


def test_segments_put_the_text_back_together_exactly():
    one = full_article()
    pieces = segments(one)
    assert "".join(piece.text for piece in pieces) == one.text
    assert all(one.text[p.start : p.end] == p.text for p in pieces)


def test_a_piece_carries_every_mark_covering_it():
    one = full_article()
    pieces = {piece.text: piece for piece in segments(one)}
    assert pieces["Share"].marks == {"bp"}
    assert pieces["bombed"].marks == {"ev"}
    assert {"q", "q-direct"} <= pieces["It is a fabrication,"].marks
    assert pieces["U.S. Army Col. Steve Warren"].href == "/ui/speakers/Steve%20Warren"


def test_a_quote_without_a_speaker_ends_with_an_unresolved_badge():
    one = full_article()
    pause = next(piece for piece in segments(one) if piece.text == "a pause")
    assert [(b.text, b.href, b.unresolved) for b in pause.badges] == [("unresolved", None, True)]


def test_evidence_offsets_are_anchors():
    one = full_article()
    anchored = {piece.start for piece in segments(one) if piece.anchor}
    merkel = one.text.index("Merkel")
    assert merkel in anchored and one.text.index("His") in anchored


def test_spans_outside_the_text_are_left_out_not_trusted():
    one = full_article()
    broken = dataclasses.replace(one, boilerplate=(Span(start=5, end=10_000, text="x"),))
    pieces = segments(broken)
    assert "".join(piece.text for piece in pieces) == one.text
    assert not any("bp" in piece.marks for piece in pieces)


def test_a_place_says_whether_it_has_a_geonames_id_and_a_point():
    one = full_article()
    aleppo = one.places[0]
    region = dataclasses.replace(aleppo, geonameid=None, precision="region")
    village = dataclasses.replace(aleppo, geonameid=None, lat=None, lon=None, name="Kalaz")
    titles = []
    for place in (aleppo, region, village):
        pieces = segments(dataclasses.replace(one, places=(place,)))
        [piece] = [p for p in pieces if "pl" in p.marks]
        titles.append(piece.title)
    assert "(GeoNames 170063)" in titles[0]
    assert "(no GeoNames id)" in titles[1]
    assert "Kalaz, Aleppo, SYR (no GeoNames id, no point: not on the gazetteer)" in titles[2]
