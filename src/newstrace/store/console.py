"""The store's terminal side, for the CLI: the ingest progress bar and result tables.

Kept apart from the store itself, which never prints; the CLI commands call these.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text
from spacy.language import Language

from ..extract.outlets import OutletProfiles
from ..records import Quote
from .base import EventHit, QuoteHit, SearchHit, Store, StoreStats, mark_matches
from .ingest import IngestReport, Outcome, ingest, plan_ingest


class SpeedColumn(ProgressColumn):
    """Articles per second over rich's recent window."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(
            f"{speed:.1f} articles/s" if speed else "– articles/s", style="progress.data.speed"
        )


def ingest_progress(console: Console, *, enabled: bool) -> Progress:
    """A progress bar of articles extracted and stored, with articles/s and ETA."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        SpeedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not enabled,
    )


def ingest_with_progress(
    store: Store,
    paths: list[str],
    load_nlp: Callable[[], Language],
    *,
    console: Console,
    show_progress: bool,
    published: str | None,
    max_bytes: int,
    batch_size: int,
    trust: bool = True,
    trust_index: Path | None = None,
    outlets: OutletProfiles | None = None,
) -> IngestReport:
    """Run `ingest` with a progress bar on `console`, printing each input error.

    With the bar shown, the inputs are first counted (`plan_ingest`) so the bar has a
    total and an ETA; stdin cannot be read twice, so with "-" the bar has no total.
    """
    total = None
    if show_progress and "-" not in paths:
        plan = plan_ingest(store, paths, published=published, max_bytes=max_bytes)
        total = plan.new
        if plan.stored:
            console.print(f"{plan.stored} article(s) already stored, skipped before NLP")
    with ingest_progress(console, enabled=show_progress) as bar:
        task = bar.add_task("reading inputs", total=total)

        def on_item(outcome: Outcome, record: object) -> None:
            if outcome in ("unreadable", "failed"):
                bar.console.print(
                    f"[yellow]skipped[/yellow] {escape(record.error)}",  # type: ignore[attr-defined]
                    highlight=False,
                )
            if outcome in ("added", "failed"):
                bar.update(task, advance=1)

        def load() -> Language:
            bar.update(task, description="loading the NLP pipeline")
            nlp = load_nlp()
            bar.update(task, description="extracting and storing")
            return nlp

        return ingest(
            store,
            paths,
            load,
            published=published,
            max_bytes=max_bytes,
            batch_size=batch_size,
            on_item=on_item,
            trust=trust,
            trust_index=trust_index,
            outlets=outlets,
        )


def _speaker(quote: Quote) -> str:
    speaker = quote.speaker
    if speaker is None:
        return "–"
    return speaker.name or f"({speaker.text}, {speaker.resolution})"


def _marked(snippet: str) -> str:
    return mark_matches(escape(snippet), "[bold yellow]", "[/bold yellow]").replace("\n", " ")


def render_hits(hits: list[SearchHit], console: Console) -> None:
    """Search hits as a table: rank, article, date, score, snippet and matching quotes."""
    table = Table(title=f"{len(hits)} article(s)", show_lines=True)
    for name in ("#", "article", "published", "score", "where it matched"):
        table.add_column(name, overflow="fold")
    for rank, hit in enumerate(hits, 1):
        lines = [_marked(hit.snippet)]
        for quote in hit.quotes[:3]:
            lines.append(
                f"[dim]quote, {escape(_speaker(quote))}:[/dim] “{escape(quote.content.text)}”"
            )
        table.add_row(
            str(rank),
            f"{escape(hit.title or hit.source)}\n[dim]{hit.article_id[:12]}[/dim]",
            hit.published or "",
            f"{hit.score:.2f}",
            "\n".join(lines),
        )
    console.print(table)


def render_quotes(hits: list[QuoteHit], console: Console) -> None:
    """Quotes as a table: speaker, how the speaker was found, the words, the article."""
    table = Table(title=f"{len(hits)} quote(s)", show_lines=True)
    for name in ("speaker", "resolution", "kind", "quote", "article"):
        table.add_column(name, overflow="fold")
    for hit in hits:
        quote = hit.quote
        table.add_row(
            escape(_speaker(quote)),
            quote.speaker.resolution if quote.speaker else "",
            quote.kind,
            escape(quote.content.text),
            f"{escape(hit.title or '')} [dim]{hit.article_id[:12]}[/dim] {hit.published or ''}",
        )
    console.print(table)


def render_events(hits: list[EventHit], console: Console) -> None:
    """Events as a table: category, who, to whom, where, when, toll, evidence."""
    table = Table(title=f"{len(hits)} event(s)", show_lines=True)
    for name in ("plover", "source", "target", "place", "date", "dead", "evidence"):
        table.add_column(name, overflow="fold")
    for hit in hits:
        event = hit.event
        toll = event.fatalities
        table.add_row(
            event.plover + (f" ({event.mode})" if event.mode else ""),
            escape(event.source.name) if event.source else "",
            escape(event.target.name) if event.target else "",
            escape(event.place.name) if event.place else "",
            (event.date.value or event.date.text) if event.date else (hit.published or ""),
            str(toll.dead) if toll and toll.dead is not None else "",
            escape(event.evidence.text),
        )
    console.print(table)


def render_stats(stats: StoreStats, console: Console) -> None:
    """Counts per record type, top speakers, top places and recent runs."""
    totals = Table(title=f"{stats.location} (schema {stats.schema_version})", show_header=False)
    for name, count in stats.counts.items():
        totals.add_row(name.replace("_", " "), f"{count:,}")
    console.print(totals)
    for title, rows in (("top speakers", stats.top_speakers), ("top places", stats.top_places)):
        table = Table(title=title)
        table.add_column("name")
        table.add_column("count", justify="right")
        for name, count in rows:
            table.add_row(escape(name), str(count))
        console.print(table)
    runs = Table(title="ingest runs (newest first)")
    for name in ("run", "started", "status", "stored", "skipped", "errors", "inputs"):
        runs.add_column(name, overflow="fold")
    for run in stats.runs:
        runs.add_row(
            str(run.id),
            _local(run.started_at),
            "unfinished" if run.status == "running" else run.status,  # running, or killed
            str(run.stored),
            "" if run.skipped is None else str(run.skipped),
            str(run.errors),
            escape(" ".join(run.inputs)),
        )
    console.print(runs)


def _local(stamp: str) -> str:
    """A stored UTC timestamp as 'YYYY-MM-DD HH:MM UTC'."""
    try:
        moment = datetime.fromisoformat(stamp).astimezone(UTC)
    except ValueError:
        return stamp
    return moment.strftime("%Y-%m-%d %H:%M UTC")
