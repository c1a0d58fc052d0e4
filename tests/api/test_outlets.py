"""GET /outlets: where each outlet's stories happen, from the store's outlet anchors."""

from __future__ import annotations

from fastapi.testclient import TestClient

from newstrace.api import create_app
from newstrace.store import open_store

from .corpus import corpus


def test_outlets_list_profiles_by_articles_with_their_largest_shares(store_path):
    ids = [article.id for article in corpus()]
    assert len(ids) >= 5
    rows = [(ids[n], "parisbeacon.com", "USA", "") for n in range(4)]
    rows += [(ids[n], "parisbeacon.com", "USA", "tennessee") for n in range(3)]
    rows += [(ids[4], "ahram", "", "")]  # one article: no profile yet
    with open_store(store_path) as store:
        store.put_outlet_anchors(rows)
    with TestClient(create_app(store_path)) as client:
        body = client.get("/outlets", params={"top": 5}).json()
    assert body == {
        "outlets": [
            {
                "outlet": "parisbeacon.com",
                "articles": 4,
                "countries": [{"country": "USA", "share": 1.0}],
                "regions": [{"country": "USA", "admin1": "tennessee", "share": 0.75}],
            }
        ]
    }


def test_a_store_without_outlet_anchors_lists_no_outlets(client):
    response = client.get("/outlets")
    assert response.status_code == 200 and response.json() == {"outlets": []}


def test_outlets_refuse_a_bad_top_with_a_400_naming_it(client):
    response = client.get("/outlets", params={"top": 0})
    assert response.status_code in (400, 422)
    assert "top" in response.text
