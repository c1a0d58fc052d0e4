"""Articles written to attack the UI: markup and script in every field a page shows."""

from __future__ import annotations

from newstrace.records import Actor, DateRef, Event, Finding, Quote, Speaker

from ..store.articles import article, mention, place, span

# Each payload sets window.__pwned (or opens a dialog) if a browser ever runs it.
SCRIPT = "<script>window.__pwned='script';document.title='pwned'</script>"
IMG = "<img src=x onerror=\"window.__pwned='img';alert('img')\">"
SVG = "<svg onload=alert('svg')>"
JS_URL = "javascript:window.__pwned='url';alert('url')"
SPEAKER = f"Gen. Evil {IMG}"
TITLE = f"Hostile {SCRIPT} headline {IMG}"

HOSTILE_TEXT = (
    f"Hostile Daily {SCRIPT}\n\n"
    f"“{SCRIPT} We will hold Aleppo {IMG},” said {SPEAKER} on Thursday.\n\n"
    f"Russian jets bombed Idlib {SVG}, killing 12 people. "
    f'<a href="{JS_URL}">Read more</a>\n'
)


def hostile_article():
    """Hand-built records whose every shown field carries a payload (no NLP)."""
    t = HOSTILE_TEXT
    who = span(t, SPEAKER)
    evil = Actor(name=f"Evil {SCRIPT}", country="SYR", sector="MIL", span=who)
    idlib = place(t, "Idlib", f"Idlib {IMG}", 169389, country="SYR", lat=35.93, lon=36.63)
    thursday = DateRef(**span(t, "Thursday").to_dict(), value="2016-02-11", precision="day")
    return article(
        t,
        source=f"feed {SCRIPT}.jsonl:1",
        url=JS_URL,
        outlet=f"Outlet {IMG}",
        title=TITLE,
        published="2016-02-12",
        published_source="given",
        mentions=(mention(t, "Russian jets", "NORP", evil),),
        quotes=(
            Quote(
                kind="direct",
                content=span(t, f"{SCRIPT} We will hold Aleppo {IMG},"),
                cue=span(t, "said"),
                speaker=Speaker(**who.to_dict(), name=SPEAKER, actor=evil),
            ),
            Quote(
                kind="indirect",
                content=span(t, f'<a href="{JS_URL}">Read more</a>'),
                cue=None,
                speaker=Speaker(start=0, end=0, text="", name=None, resolution="unresolved"),
            ),
        ),
        events=(
            Event(
                plover="ASSAULT",
                mode="aerial",
                cameo="195",
                acled=None,
                trigger=span(t, "bombed"),
                evidence=span(t, f"Russian jets bombed Idlib {SVG}"),
                source=evil,
                place=idlib,
                date=thursday,
                claimed_by=SPEAKER,
            ),
        ),
        places=(idlib,),
        dates=(thursday,),
        findings=(
            Finding(
                kind="orphan_quote",
                message=f"the quote {SCRIPT} has no speaker {IMG}",
                evidence=(span(t, f'<a href="{JS_URL}">Read more</a>'),),
            ),
        ),
    )


# What the browser test sends through POST /articles: the real pipeline extracts it.
HOSTILE_INPUT = {
    "title": TITLE,
    "url": JS_URL,
    "outlet": f"Outlet {IMG}",
    "source": f"api {SCRIPT}",
    "published": "2016-02-13",
    "text": (
        f"Hostile Wire {SCRIPT}\n\n"
        f"“{SCRIPT} Nobody will take Homs {IMG},” said Colonel Jack Hostile on Friday.\n\n"
        f'Syrian forces shelled Homs, the monitor said. <a href="{JS_URL}">Share</a> {SVG}\n'
    ),
}
