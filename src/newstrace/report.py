"""Summaries of extract output for people: counts, top speakers, findings by kind."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table


@dataclass
class Summary:
    articles: int = 0
    errors: int = 0
    quotes: Counter = field(default_factory=Counter)
    resolutions: Counter = field(default_factory=Counter)
    speakers: Counter = field(default_factory=Counter)
    findings: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)
    events: Counter = field(default_factory=Counter)
    event_flags: Counter = field(default_factory=Counter)
    with_fatalities: int = 0
    boilerplate_lines: int = 0


def summarise_jsonl(path: Path) -> Summary:
    """Count what an extract output holds, line by line (constant memory)."""
    summary = Summary()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if "error" in record:
                summary.errors += 1
                continue
            summary.articles += 1
            summary.boilerplate_lines += len(record["boilerplate"])
            for quote in record["quotes"]:
                summary.quotes[quote["kind"]] += 1
                speaker = quote["speaker"] or {}
                summary.resolutions[speaker.get("resolution", "none")] += 1
                if speaker.get("name"):
                    summary.speakers[speaker["name"]] += 1
            for finding in record["findings"]:
                summary.findings[finding["kind"]] += 1
            for place in record["places"]:
                summary.places[place["name"]] += 1
            for event in record.get("events", ()):
                _count_event(summary, event)
    return summary


def _count_event(summary: Summary, event: dict) -> None:
    summary.events[event["plover"]] += 1
    for flag in ("negated", "hypothetical"):
        summary.event_flags[flag] += bool(event[flag])
    summary.event_flags["claimed"] += event["claimed_by"] is not None
    summary.with_fatalities += event.get("fatalities") is not None


def render_summary(summary: Summary, console: Console, top: int = 10) -> None:
    """Print `summary` as rich tables."""
    totals = Table(title="newstrace extract", show_header=False)
    totals.add_row("articles", str(summary.articles))
    totals.add_row("input errors", str(summary.errors))
    totals.add_row("boilerplate lines", str(summary.boilerplate_lines))
    totals.add_row("quotes", ", ".join(f"{k} {v}" for k, v in summary.quotes.most_common()) or "0")
    totals.add_row(
        "speakers", ", ".join(f"{k} {v}" for k, v in summary.resolutions.most_common()) or "0"
    )
    totals.add_row(
        "findings", ", ".join(f"{k} {v}" for k, v in summary.findings.most_common()) or "0"
    )
    totals.add_row(
        "events",
        ", ".join(f"{k} {v}" for k, v in summary.events.most_common(6)) or "0",
    )
    totals.add_row(
        "event flags", ", ".join(f"{k} {v}" for k, v in sorted(summary.event_flags.items())) or "0"
    )
    # not a sum: a war's whole toll ("more than 300000 killed") recurs in many articles
    totals.add_row("events with a casualty count", f"{summary.with_fatalities:,}")
    console.print(totals)
    for title, counter in (("most quoted", summary.speakers), ("places", summary.places)):
        table = Table(title=title)
        table.add_column("name")
        table.add_column("count", justify="right")
        for name, count in counter.most_common(top):
            table.add_row(name, str(count))
        console.print(table)
