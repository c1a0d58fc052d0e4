"""Regenerate the README's screenshots of the web UI from the demo store.

    python scripts/web_screenshots.py --db out/demo.db --out docs/screenshots

Writes article-sample.png (the article view of the bundled sample) and map-demo.png
(the map of the demo corpus). Runs the real app on a loopback port and photographs it
with Debian's Chromium through Playwright; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newstrace.api import create_app
from newstrace.store import Filters, open_store
from newstrace.web.background import running

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SAMPLE = "aleppo-2016-02-russia-blames-us"


def sample_id(db: str) -> str:
    """The id of the bundled sample article in the store."""
    with open_store(db, create=False) as store:
        for article in store.iter_articles(Filters()):
            if SAMPLE in article.source:
                return article.id
    sys.exit(f"{db} holds no article from {SAMPLE}.txt: run `make demo` first")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="out/demo.db")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is absent: apt-get install chromium")
    options.out.mkdir(parents=True, exist_ok=True)
    article = sample_id(options.db)
    with running(create_app(options.db)) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 1100})
        page.goto(f"{base}/ui/articles/{article}")
        page.screenshot(path=options.out / "article-sample.png")
        page.set_viewport_size({"width": 1200, "height": 760})
        page.goto(f"{base}/ui/map?at=170063")
        page.screenshot(path=options.out / "map-demo.png")
        browser.close()
    for name in ("article-sample.png", "map-demo.png"):
        print(options.out / name)


if __name__ == "__main__":
    main()
