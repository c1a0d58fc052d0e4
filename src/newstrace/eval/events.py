"""Score the event extractor on the PLOVER gold-standard records and the PETRARCH2 unit tests.

PLOVER GSR (`plover-gsr-dev.json`, PLOVER 0.5b1 records, CC BY-SA 4.0): one sentence
per record with its gold event, source and target actors (`actorText`, `code`,
`sector`) and a markup of the text whose `(EVT: …)` parts name the trigger. The
DOCUMENT record is dropped; old category names are mapped to the current PLOVER ones
(DISAPPROVE and INVESTIGATE -> ACCUSE, DEMAND -> REQUEST, FIGHT -> ASSAULT, as the
PLOVER manual's table says). Each sentence is run through the whole pipeline; the
predicted event scored is the first whose trigger overlaps an `(EVT: …)` part, else the
sentence's first event. Measures:

- `category_accuracy`: the predicted category, read the PLOVER way (`plover_reading`: an
  event a source only intends or offers is an AGREE, one it threatens a THREATEN, a
  refused one a REJECT), equals the gold one; `category_accuracy_raw` without that reading;
- `source_accuracy` / `target_accuracy`: over records whose gold has that actor, the
  predicted actor shares a content word with a gold `actorText` (its span text or name);
  `actor_accuracy` pools both; `*_code_agreement`: over gold actors with a code, the
  predicted country (or, for IGO/NGO codes, sector) is the gold code; `sector_agreement`
  likewise for gold sectors;
- event-level precision/recall/F1: an event is right when category, source and target
  are all right (an actor absent from the gold must be absent from the prediction);
  precision over sentences with a prediction, recall over all;
- `coverage`: share of sentences with at least one predicted event.

PETRARCH2 unit tests (`PETR.UnitTest.records.xml`, MIT): stylised sentences with their
expected CAMEO codes. `cameo_root_accuracy`: share of sentences whose first predicted
event has the two-digit root of one of the expected codes; `cameo_root_recall`: share of
expected codes whose root is among the sentence's predicted roots. Only records whose
expected codes are CAMEO codes (roots 01-20) are scored; the file's validation codes
(902, 345, ...) and "no event" records are left out and counted. The expected codes come
from PETRARCH's own validation dictionary (PETR.Validate.verbs.txt), not from the CAMEO
dictionary, and often differ from CAMEO ("welcomed" 041, "warned" 160): read the figure
as agreement with that test dictionary, not as CAMEO accuracy.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from ..errors import EvalDataNotFound
from ..extract.events import plover_reading
from ..records import Actor, Event
from .progress import progress as show_progress

OLD_CATEGORIES = {
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "DEMAND": "REQUEST",
    "FIGHT": "ASSAULT",
}
GSR_FILE = "plover-gsr-dev.json"
PETR_FILE = "PETR.UnitTest.records.xml"
MARKUP_TAG = re.compile(r"\(\s*(?:SRC|TAR|EVT|LOC)(?:/(?:SRC|TAR|EVT|LOC))*\s*:\s*")
WORD = re.compile(r"[a-z0-9]+")
# Words that alone never make two actor phrases the same actor.
STOP = frozenset({"the", "of", "and", "in", "a", "an", "its", "his", "her", "their", "s"})
NON_STATE = frozenset({"IGO", "NGO", "IMG"})
CAMEO_ROOTS = frozenset(f"{i:02d}" for i in range(1, 21))

Extractor = Callable[[Sequence[str]], Iterable[Sequence[Event]]]


def default_events_dir() -> Path:
    """The folder `../shared/datasets/events` beside the repo (not checked)."""
    return Path(__file__).resolve().parents[3].parent / "shared" / "datasets" / "events"


@dataclass(frozen=True, slots=True)
class GoldActor:
    text: str
    code: str | None = None
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One GSR record: the sentence, its category (current PLOVER name), actors and the
    character spans of its `(EVT: …)` markup."""

    id: str
    text: str
    category: str
    sources: tuple[GoldActor, ...] = ()
    targets: tuple[GoldActor, ...] = ()
    triggers: tuple[tuple[int, int], ...] = ()


def _actors(value: Any) -> tuple[GoldActor, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        GoldActor(text=a["actorText"], code=a.get("code") or None, sector=a.get("sector") or None)
        for a in value
        if isinstance(a, dict) and a.get("actorText")
    )


def markup_spans(markup: str, text: str, tag: str = "EVT") -> list[tuple[int, int]]:
    """Character spans in `text` of the `(TAG: …)` parts of a GSR markup.

    The markup is the text with tags inserted (and a few stray brackets); it is walked
    beside the text, skipping what the text does not have.
    """
    spans: list[tuple[int, int]] = []
    open_tags: list[tuple[str, int]] = []
    i = j = 0
    while i < len(markup):
        match = MARKUP_TAG.match(markup, i)
        if match is not None and not text.startswith(match.group(0), j):
            open_tags.append((match.group(0), j))
            i = match.end()
            continue
        char = markup[i]
        if j < len(text) and char == text[j]:
            i += 1
            j += 1
            continue
        if char in ")}" and open_tags:
            name, start = open_tags.pop()
            if tag in name and j > start:
                spans.append((start, j))
            i += 1
            continue
        if char.isspace():
            i += 1
        elif j < len(text) and text[j].isspace():
            j += 1
        else:
            i += 1
    return spans


def read_gsr(path: Path) -> list[GoldEvent]:
    """The GSR records of `path`, DOCUMENT record dropped, categories renamed.

    Raises:
        EvalDataNotFound: the file is missing.
    """
    if not path.is_file():
        raise EvalDataNotFound(str(path), f"the PLOVER GSR records ({GSR_FILE})")
    records = json.loads(path.read_text(encoding="utf-8"))
    gold = []
    for record in records:
        if record.get("event") == "DOCUMENT" or not record.get("text"):
            continue
        info = record.get("textInfo")
        markup = info.get("markup", "") if isinstance(info, dict) else str(info or "")
        category = record["event"].upper()
        gold.append(
            GoldEvent(
                id=record["id"],
                text=record["text"],
                category=OLD_CATEGORIES.get(category, category),
                sources=_actors(record.get("source")),
                targets=_actors(record.get("target")),
                triggers=tuple(markup_spans(markup, record["text"])),
            )
        )
    return gold


def chosen_event(events: Sequence[Event], triggers: Sequence[tuple[int, int]]) -> Event | None:
    """The predicted event scored against a gold record: the first whose trigger overlaps
    a gold trigger, in gold order, else the first event."""
    for start, end in triggers:
        for event in events:
            if event.trigger.start < end and start < event.trigger.end:
                return event
    return events[0] if events else None


def _words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w not in STOP}


def actor_matches(actor: Actor | None, gold: Sequence[GoldActor]) -> bool:
    """Whether a predicted actor shares a content word with one of the gold actor texts."""
    if actor is None or not gold:
        return False
    words = _words(actor.name) | (_words(actor.span.text) if actor.span else set())
    return any(words & _words(g.text) for g in gold)


def code_agrees(actor: Actor | None, gold: GoldActor) -> bool:
    """Whether the predicted actor's country (or non-state sector) is the gold code."""
    if actor is None or gold.code is None:
        return False
    if gold.code in NON_STATE:
        return actor.sector == gold.code or (gold.code == "IMG" and actor.sector in ("REB", "UAF"))
    return actor.country == gold.code


def _gold_sector(gold: GoldActor) -> str | None:
    sector = (gold.sector or "")[:3]
    return sector if sector.isalpha() and sector.isupper() else None


@dataclass
class _Counts:
    n: int = 0
    covered: int = 0
    category: int = 0
    category_raw: int = 0
    events_right: int = 0
    actors: dict[str, list[int]] = field(default_factory=dict)

    def tally(self, key: str, hit: bool) -> None:
        pair = self.actors.setdefault(key, [0, 0])
        pair[0] += int(hit)
        pair[1] += 1

    def share(self, key: str) -> float:
        hits, total = self.actors.get(key, [0, 0])
        return hits / total if total else 0.0


def score_gsr(gold: Sequence[GoldEvent], predicted: Sequence[Sequence[Event]]) -> dict[str, Any]:
    """Category, actor and event-level scores of predictions against GSR records."""
    counts = _Counts()
    misses: list[dict[str, Any]] = []
    for record, events in zip(gold, predicted, strict=True):
        counts.n += 1
        event = chosen_event(events, record.triggers)
        if event is not None:
            counts.covered += 1
        category_ok = event is not None and plover_reading(event) == record.category
        counts.category += int(category_ok)
        counts.category_raw += int(event is not None and event.plover == record.category)
        roles = (
            ("source", record.sources, event.source if event else None),
            ("target", record.targets, event.target if event else None),
        )
        right = category_ok
        for role, golds, actor in roles:
            if golds:
                hit = actor_matches(actor, golds)
                counts.tally(role, hit)
                counts.tally("actor", hit)
                right = right and hit
                for g in golds[:1]:
                    if g.code:
                        counts.tally("code", code_agrees(actor, g))
                    sector = _gold_sector(g)
                    if sector:
                        counts.tally("sector", actor is not None and actor.sector == sector)
            else:
                right = right and actor is None
        counts.events_right += int(right)
        if not right:
            misses.append(_miss(record, event))
    precision = counts.events_right / counts.covered if counts.covered else 0.0
    recall = counts.events_right / counts.n if counts.n else 0.0
    return {
        "records": counts.n,
        "coverage": counts.covered / counts.n if counts.n else 0.0,
        "category_accuracy": counts.category / counts.n if counts.n else 0.0,
        "category_accuracy_raw": counts.category_raw / counts.n if counts.n else 0.0,
        "source_accuracy": counts.share("source"),
        "target_accuracy": counts.share("target"),
        "actor_accuracy": counts.share("actor"),
        "actor_code_agreement": counts.share("code"),
        "sector_agreement": counts.share("sector"),
        "event_precision": precision,
        "event_recall": recall,
        "event_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "misses": misses,
    }


def _miss(record: GoldEvent, event: Event | None) -> dict[str, Any]:
    def actor(a: Actor | None) -> str | None:
        return f"{a.name} [{a.country} {a.sector}]" if a else None

    return {
        "id": record.id,
        "text": record.text,
        "gold": record.category,
        "gold_source": [g.text for g in record.sources],
        "gold_target": [g.text for g in record.targets],
        "predicted": plover_reading(event) if event else None,
        "trigger": event.trigger.text if event else None,
        "source": actor(event.source) if event else None,
        "target": actor(event.target) if event else None,
    }


@dataclass(frozen=True, slots=True)
class UnitRecord:
    id: str
    text: str
    roots: tuple[str, ...]


def read_petrarch_units(path: Path) -> tuple[list[UnitRecord], dict[str, int]]:
    """The unit-test sentences whose expected codes are CAMEO codes, and counts of the
    records left out (`no_event`, `validation_codes`).

    Raises:
        EvalDataNotFound: the file is missing.
    """
    if not path.is_file():
        raise EvalDataNotFound(str(path), f"the PETRARCH2 unit-test records ({PETR_FILE})")
    root = ET.parse(path).getroot()
    records: list[UnitRecord] = []
    skipped = {"no_event": 0, "validation_codes": 0}
    for sentence in root.iter("Sentence"):
        codes = [c.get("eventcode") for c in sentence.findall("EventCoding")]
        codes = [c for c in codes if c]
        text_node = sentence.find("Text")
        if not codes or text_node is None or not (text_node.text or "").strip():
            skipped["no_event"] += 1
            continue
        roots = tuple(dict.fromkeys(c[:2] for c in codes))
        if not all(r in CAMEO_ROOTS for r in roots):
            skipped["validation_codes"] += 1
            continue
        text = " ".join(text_node.text.split())
        records.append(UnitRecord(id=sentence.get("id", ""), text=text, roots=roots))
    return records, skipped


def score_units(units: Sequence[UnitRecord], predicted: Sequence[Sequence[Event]]) -> dict:
    """CAMEO root accuracy (first event) and recall (any event) on the unit tests."""
    first = any_hit = expected = 0
    for unit, events in zip(units, predicted, strict=True):
        roots = [e.cameo[:2] for e in events if e.cameo]
        first += int(bool(roots) and roots[0] in unit.roots)
        expected += len(unit.roots)
        any_hit += sum(1 for r in unit.roots if r in roots)
    n = len(units)
    return {
        "sentences": n,
        "cameo_root_accuracy": first / n if n else 0.0,
        "cameo_root_recall": any_hit / expected if expected else 0.0,
    }


def pipeline_events(nlp=None, batch_size: int = 32) -> Extractor:
    """An extractor running the whole newstrace pipeline over sentences, batched."""
    from ..core import extract_articles
    from ..records import InputArticle, InputError

    if nlp is None:
        from ..nlp.pipeline import load_pipeline

        nlp = load_pipeline()

    def extract(texts: Sequence[str]) -> Iterable[Sequence[Event]]:
        items = [InputArticle(source=f"<sentence {i}>", text=t) for i, t in enumerate(texts)]
        for result in extract_articles(items, nlp, batch_size=batch_size):
            yield () if isinstance(result, InputError) else result.events

    return extract


def evaluate_events(
    gold_path: Path | None = None,
    units_path: Path | None = None,
    *,
    extractor: Extractor | None = None,
    limit: int | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Score the extractor on the GSR records and the PETRARCH2 unit tests.

    Args:
        gold_path: the GSR JSON (default `../shared/datasets/events/plover-gsr-dev.json`).
        units_path: the unit-test XML (default beside it); scored only when it exists.
        extractor: texts -> events per text; the whole pipeline when None.
        limit: score only the first N records of each set.
        progress: show a progress bar on stderr.

    Returns:
        {"gsr": GSR scores (with "misses"), "petrarch": unit-test scores or None}.

    Raises:
        EvalDataNotFound: the GSR file is missing.
    """
    folder = default_events_dir()
    gold_file = gold_path or folder / GSR_FILE
    gold = read_gsr(gold_file)[:limit]
    extract = extractor or pipeline_events()
    texts = [g.text for g in gold]
    predicted = list(show_progress(extract(texts), "PLOVER GSR…", show=progress, total=len(texts)))
    gsr = score_gsr(gold, predicted) | {"file": gold_file.name}
    result: dict[str, Any] = {"gsr": gsr, "petrarch": None}
    units_file = units_path or folder / PETR_FILE
    if units_path is not None or units_file.is_file():
        units, skipped = read_petrarch_units(units_file)
        units = units[:limit]
        unit_texts = [u.text for u in units]
        unit_events = list(
            show_progress(
                extract(unit_texts), "PETRARCH2 units…", show=progress, total=len(unit_texts)
            )
        )
        result["petrarch"] = score_units(units, unit_events) | {"skipped": skipped}
    return result


def render_event_scores(scores: dict[str, Any], console: Console) -> None:
    """Print the scores of `evaluate_events` as rich tables."""
    gsr = scores["gsr"]
    table = Table(title=f"PLOVER GSR, {gsr.get('file', GSR_FILE)} ({gsr['records']} sentences)")
    table.add_column("measure")
    table.add_column("score", justify="right")
    for key in (
        "category_accuracy",
        "category_accuracy_raw",
        "source_accuracy",
        "target_accuracy",
        "actor_accuracy",
        "actor_code_agreement",
        "sector_agreement",
        "event_precision",
        "event_recall",
        "event_f1",
        "coverage",
    ):
        table.add_row(key.replace("_", " "), f"{gsr[key]:.3f}")
    console.print(table)
    units = scores.get("petrarch")
    if units:
        table = Table(title=f"PETRARCH2 unit tests ({units['sentences']} sentences)")
        table.add_column("measure")
        table.add_column("score", justify="right")
        for key in ("cameo_root_accuracy", "cameo_root_recall"):
            table.add_row(key.replace("_", " "), f"{units[key]:.3f}")
        skipped = units["skipped"]
        table.add_row(
            "left out: no event / validation codes",
            f"{skipped['no_event']} / {skipped['validation_codes']}",
        )
        console.print(table)
