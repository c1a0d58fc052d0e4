"""The running app in headless Chromium: click through the views; hostile text stays inert.

Chromium is Debian's (`apt-get install chromium`), driven by Playwright pointed at that
binary: nothing is downloaded. Screenshots of each step go to the test's tmp folder.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import httpx2
import pytest

from newstrace.api import create_app
from newstrace.store import open_store
from newstrace.web.background import running

from ..api.conftest import TOKEN, auth
from .conftest import fill_web_store
from .hostile import HOSTILE_INPUT, SPEAKER, hostile_article

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: apt-get install chromium (make test does it in CI)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory, nlp, sample_article):
    """The app with writes on, over the web store plus the extracted sample article."""
    path = fill_web_store(str(tmp_path_factory.mktemp("live") / "live.db"))
    with open_store(path) as store:
        store.add_article(sample_article)
    app = create_app(path, write_token=TOKEN, load_nlp=lambda: nlp)
    with running(app) as base:
        yield base


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def page(browser):
    """A fresh page that records dialogs and script errors; fails on a script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    opened.dialogs = []
    opened.errors = []

    def on_dialog(dialog):
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", on_dialog)
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    yield opened
    context.close()
    assert opened.errors == [], "the page's own script failed"


def test_search_then_article_then_speaker_then_map(page, live, shots):
    page.goto(live + "/")
    page.fill("input[name=q]", "counterterrorism")
    page.click("form.filters button[type=submit]")
    results = page.locator(".result a.title")
    assert results.count() == 1
    page.screenshot(path=shots / "1-search.png")

    results.first.click()
    text = page.locator("#text")
    assert text.is_visible()
    assert "Russia blames US for bombings in Syrian Aleppo" in text.inner_text()
    assert page.locator("#text .q").count() > 10
    assert page.locator("#text .bp").first.inner_text() == "Share"
    assert page.locator("#text .badge.unresolved").count() >= 1
    conflict = page.locator(".finding-attribution_conflict a.evidence").first
    conflict.click()
    assert page.evaluate("CSS.highlights.has('evidence')")
    page.screenshot(path=shots / "2-article.png", full_page=True)

    badge = page.locator("#text a.badge").first
    name = badge.inner_text()
    badge.click()
    assert page.locator("h1.speaker-name").inner_text() == name
    assert page.locator("li.said").count() >= 1
    page.screenshot(path=shots / "3-speaker.png")

    page.click("header nav >> text=Map")
    assert page.locator("svg.world-map").is_visible()
    assert page.locator("a.marker").count() > 5
    # smaller markers sit on top of bigger ones (Aleppo the region on Aleppo the city),
    # so the city's marker is followed from the keyboard rather than by pointer
    page.locator('a.marker[data-key="170063"]').focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".map-panel h2").inner_text() == "Aleppo"
    assert page.locator(".events-here li").count() >= 1
    page.screenshot(path=shots / "4-map.png")

    page.click(".map-panel a.articles-link")
    assert page.locator(".result a.title").count() >= 2


def test_brushing_the_timeline_filters_the_other_views(page, live, shots):
    page.goto(live + "/ui/timeline")
    chart = page.locator("svg.timeline-chart").bounding_box()
    y = chart["y"] + chart["height"] * 0.6
    page.mouse.move(chart["x"] + chart["width"] * 0.05, y)
    page.mouse.down()
    page.mouse.move(chart["x"] + chart["width"] * 0.4, y, steps=8)
    with page.expect_navigation():
        page.mouse.up()
    assert "from=" in page.url and "to=" in page.url
    chips = page.locator(".chips").inner_text()
    assert "from:" in chips and "to:" in chips
    low, high = page.input_value("input[name=from]"), page.input_value("input[name=to]")
    days = page.locator("td.day").all_inner_texts()
    assert days and all(low <= day <= high for day in days)
    page.screenshot(path=shots / "5-brushed.png")
    page.click("header nav >> text=Quotes")
    assert f"from={low}" in page.url and f"to={high}" in page.url


def test_hostile_articles_never_run_script(page, live, shots):
    sent = httpx2.post(live + "/articles", json=HOSTILE_INPUT, headers=auth(), timeout=120)
    assert sent.status_code == 201, sent.text
    posted = sent.json()["items"][0]["article"]
    assert any("<script>" in q["content"]["text"] for q in posted["quotes"]), "no hostile quote"
    visits = [
        f"/ui/articles/{posted['id']}",
        f"/ui/articles/{hostile_article().id}",
        "/ui/search?q=Homs",
        "/ui/search?q=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
        "/ui/quotes",
        "/ui/speakers/" + quote(SPEAKER, safe=""),
        "/ui/timeline",
        "/ui/map?at=169389",
        "/",
    ]
    for index, url in enumerate(visits):
        response = page.goto(live + url)
        assert response.status == 200, url
        assert page.evaluate("window.__pwned") is None, url
        assert page.title() != "pwned", url  # what the title script would set
        assert page.locator("a[href^='javascript:' i]").count() == 0, url
        page.screenshot(path=shots / f"hostile-{index}.png")
    assert page.dialogs == []

    page.goto(live + f"/ui/articles/{posted['id']}")
    assert "<script>" in page.locator("h1").inner_text()
    assert "<script>" in page.locator("#text").inner_text()
    assert page.locator(".source-url.inert").inner_text() == HOSTILE_INPUT["url"]
    # the policy itself: an inline script added at run time does not run either
    ran = page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__inline = 1'; document.body.appendChild(s);"
        " return window.__inline === 1; }"
    )
    assert ran is False
