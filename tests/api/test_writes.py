"""POST /articles extracts with the pipeline loaded at start-up and stores the articles."""

from __future__ import annotations

import json

import pytest

from newstrace.core import article_id

from .conftest import auth

pytestmark = pytest.mark.slow  # the real spaCy pipeline extracts

TEXT = (
    "Russian jets bombed a market in Idlib on Tuesday, killing 12 people, monitors said.\n"
    "“We condemn this attack,” said John Kerry in Geneva."
)


def test_posted_article_is_stored_and_read_back_as_the_contract(writer_client):
    posted = {"text": TEXT, "title": "Idlib market", "published": "2016-02-09", "url": "u"}
    response = writer_client.post("/articles", json=posted, headers=auth())
    assert response.status_code == 201
    (result,) = response.json()["items"]
    assert result["id"] == article_id(TEXT) and result["status"] == "added"
    article = result["article"]
    assert article["text"] == TEXT and article["source"] == "api"
    assert article["published"] == "2016-02-09" and article["published_source"] == "given"
    assert any(quote["speaker"]["name"] == "John Kerry" for quote in article["quotes"])
    assert writer_client.get(f"/articles/{result['id']}").json() == article


def test_posting_the_same_text_again_adds_nothing(writer_client):
    first = writer_client.post("/articles", json={"text": TEXT}, headers=auth())
    again = writer_client.post("/articles", json={"text": TEXT}, headers=auth())
    assert again.status_code == 200
    (result,) = again.json()["items"]
    assert result["status"] == "stored"
    assert result["article"] == first.json()["items"][0]["article"]


def test_a_batch_comes_back_in_order_with_each_outcome(writer_client):
    batch = [{"text": TEXT}, {"text": "Aid reached Madaya on Thursday."}, {"text": TEXT}]
    response = writer_client.post("/articles", json=batch, headers=auth())
    assert response.status_code == 201
    assert [item["status"] for item in response.json()["items"]] == ["added", "added", "stored"]
    runs = writer_client.get("/stats").json()["runs"]
    assert runs[0]["stored"] == 2 and runs[0]["status"] == "done"


def test_line_ends_are_normalised_as_ingest_does(writer_client):
    response = writer_client.post("/articles", json={"text": "A.\r\nB said."}, headers=auth())
    assert response.json()["items"][0]["article"]["text"] == "A.\nB said."


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": "   "}, "text: Value error, holds only whitespace"),
        ({"text": "a", "published": "soon"}, "published: Value error, 'soon' is not a date"),
        ({"text": "a\ud800b"}, "text: Input should be a valid string, unable to parse raw data"),
        ({"text": "a", "colour": "red"}, "colour: Extra inputs are not permitted"),
        ([{"text": "a"}] * 21, "body: List should have at most 20 items"),
        ([], "body: List should have at least 1 item"),
        ([{"text": "a"}, {"title": "t"}], "1.text: Field required"),
        ("just text", "body: Input should be a valid"),
    ],
)
def test_bad_articles_are_422_before_any_extraction(writer_client, body, message):
    # json.dumps escapes a lone surrogate as \\ud800, as a hostile client would send it
    headers = {**auth(), "Content-Type": "application/json"}
    response = writer_client.post("/articles", content=json.dumps(body), headers=headers)
    assert response.status_code == 422
    assert message in response.json()["error"]
    assert writer_client.get("/stats").json()["counts"]["ingest_runs"] == 1


def test_an_article_extraction_refuses_is_an_error_item(writer_client):
    nlp = writer_client.app.state.nlp
    long = "word " * (nlp.max_length // 5 + 1)
    response = writer_client.post("/articles", json=[{"text": long}], headers=auth())
    (result,) = response.json()["items"]
    assert response.status_code == 200
    assert result["status"] == "error" and "characters, over the" in result["error"]
    assert writer_client.get("/stats").json()["counts"]["input_errors"] == 1


def test_a_body_that_is_not_json_is_422_saying_so(guarded_client):
    headers = {**auth(), "Content-Type": "application/json"}
    response = guarded_client.post("/articles", content=b'{"text": ', headers=headers)
    assert response.status_code == 422
    assert response.json()["error"].startswith("body: not valid JSON (")
