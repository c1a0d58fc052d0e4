"""The `newstrace` command line: a thin shell over the library.

Each command only converts its arguments and calls one library function; library
errors (`NewstraceError`) become one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from .errors import NewstraceError
from .records import InputError

app = typer.Typer(help="newstrace: who said what, who did what to whom, where and when.")
eval_app = typer.Typer(help="Score each extractor on public annotated data.")
app.add_typer(eval_app, name="eval")

Arg = typer.Argument
Opt = typer.Option
err_console = Console(stderr=True)


PROCESSES_HELP = "Worker processes (local) or extract actors (ray), each with one pipeline."
ENGINE_HELP = "local (this machine) or ray (a Ray cluster; needs ray[data])."
ADDRESS_HELP = "Ray cluster address (auto, ray://head:10001); default starts a local Ray."
OUTLETS_HELP = (
    "Outlet profiles (`newstrace outlets … -o FILE`): where each outlet's stories usually "
    "are, as evidence for its ambiguous place names."
)
MAX_HTML_ELEMENTS_HELP = (
    "Refuse HTML pages of more elements than this "
    "(default $NEWSTRACE_MAX_HTML_ELEMENTS, else 30,000)."
)
ORDERED_HELP = "Write results in input order, or as they finish (--unordered)."


def _fail(message: str) -> None:
    err_console.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=2)


@app.command("extract")
def extract_cli(
    paths: list[str] = Arg(..., help="Files, directories, or - for stdin."),
    published: str | None = Opt(None, "--published", help="Anchor date YYYY-MM-DD."),
    output: Path | None = Opt(None, "--output", "-o", help="Write JSONL here, not stdout."),
    fmt: str = Opt(
        "jsonl", "--format", help="jsonl, or parquet (a folder of table shards, needs -o)."
    ),
    progress: bool = Opt(True, "--progress/--no-progress", help="Show a progress bar."),
    max_bytes: int | None = Opt(
        None, "--max-bytes", help="Refuse inputs larger than this (default from defaults.toml)."
    ),
    max_html_elements: int | None = Opt(
        None, "--max-html-elements", min=1, help=MAX_HTML_ELEMENTS_HELP
    ),
    quote_model: bool = Opt(
        True,
        "--quote-model/--no-quote-model",
        help="Add the trained tagger's quotes to the rules'.",
    ),
    processes: int = Opt(1, "--processes", "-p", min=1, help=PROCESSES_HELP),
    engine: str = Opt("local", "--engine", help=ENGINE_HELP),
    address: str | None = Opt(None, "--address", help=ADDRESS_HELP),
    ordered: bool = Opt(True, "--ordered/--unordered", help=ORDERED_HELP),
    batch_size: int | None = Opt(None, "--batch-size", min=1, help="Articles per spaCy batch."),
    outlets: Path | None = Opt(None, "--outlets", help=OUTLETS_HELP),
) -> None:
    """Print one contract JSON object per article (errors as {"source", "error"} lines).

    Example: newstrace extract ../shared/samples/ --published 2016-02-11
    """
    from .data import load_defaults
    from .engine import RunSummary, summarise
    from .engine.run import engine_results, open_engine
    from .engine.sinks import drain, open_sink
    from .ingest.html import html_element_limit

    defaults = load_defaults()
    limit = max_bytes or defaults["ingest"]["max_bytes"]
    summary = RunSummary()
    try:
        profiles = _outlet_profiles(outlets)
        sink, close_sink = open_sink(fmt, output, sys.stdout)
        with (
            html_element_limit(max_html_elements),
            open_engine(
                engine,
                processes=processes,
                address=address,
                ordered=ordered,
                batch_size=batch_size or defaults["nlp"]["batch_size"],
                quote_model=quote_model,
                outlets=profiles,
            ) as running,
            _progress(enabled=progress and err_console.is_terminal) as bar,
        ):
            task = bar.add_task("extracting", total=None)

            def on_result(record) -> None:
                if isinstance(record, InputError):
                    bar.console.print(f"[yellow]skipped[/yellow] {record.error}", highlight=False)
                bar.update(task, advance=1)

            results = engine_results(running, paths, published=published, max_bytes=limit)
            drain(summarise(results, summary), sink, on_result)
        close_sink()
    except NewstraceError as error:
        _fail(str(error))
    err_console.print(summary.line() + (f" → {output}" if output else ""), highlight=False)
    if summary.errors:
        raise typer.Exit(code=1)


@app.command("summary")
def summary_cli(
    path: Path = Arg(..., help="A JSONL file written by `newstrace extract`."),
    top: int = Opt(10, "--top", help="How many speakers to list."),
) -> None:
    """Summarise an extract output: articles, quotes, top speakers, findings.

    Example: newstrace summary out/demo.jsonl
    """
    from .report import render_summary, summarise_jsonl

    if not path.is_file():
        _fail(f"{path} does not exist; run `newstrace extract … --output {path}` first")
    render_summary(summarise_jsonl(path), Console(), top=top)


@app.command("export")
def export_cli(
    path: Path = Arg(..., help="A JSONL file written by `newstrace extract`."),
    fmt: str = Opt(..., "--format", help="plover, gdelt, acled, jsonl, csv or parquet."),
    output: Path = Opt(
        ..., "--output", "-o", help="A file (plover, gdelt, acled) or a folder (tables)."
    ),
    header: bool = Opt(False, "--header/--no-header", help="gdelt: a first line of names."),
    plover_version: str = Opt("0.7", "--plover-version", help="plover field names: 0.7 or 0.5."),
) -> None:
    """Export events as PLOVER, GDELT or ACLED data, or every record type as tables.

    Example: newstrace export out/demo.jsonl --format acled --output out/acled.csv
    """
    from .export import export_articles, read_articles

    skipped: list[str] = []
    try:
        done = export_articles(
            read_articles(path, on_skip=skipped.append),
            fmt,
            output,
            header=header,
            plover_version=plover_version,
        )
    except NewstraceError as error:
        _fail(str(error))
    rows = "" if done.events is None else f"{done.events} event row(s) "
    err_console.print(f"{rows}→ {', '.join(str(p) for p in done.paths)}", highlight=False)
    if skipped:
        err_console.print(f"[yellow]{len(skipped)} input error line(s) skipped[/yellow]")


@eval_app.command("quotes")
def eval_quotes_cli(
    brat: Path | None = Opt(None, "--brat", help="Folder with text/ and attributions/."),
    split: str = Opt("dev", "--split", help="PolNeAR split under ../shared when --brat is absent."),
    limit: int | None = Opt(None, "--limit", help="Score only the first N articles."),
    errors: Path | None = Opt(None, "--errors", help="Write per-article misses here (JSONL)."),
    quote_model: bool = Opt(
        True,
        "--quote-model/--no-quote-model",
        help="Add the trained tagger's quotes to the rules'.",
    ),
) -> None:
    """Score quotes and speakers on brat attribution data (PolNeAR), GGT metrics.

    Example: newstrace eval quotes --split dev
    """
    from .core import extract_text
    from .eval.quotes import evaluate_quotes, polnear_split_dir
    from .nlp.pipeline import load_pipeline

    folder = brat or polnear_split_dir(split)
    nlp = load_pipeline(quote_model=quote_model)
    try:
        scores = evaluate_quotes(
            folder,
            lambda text: extract_text(text, nlp).quotes,
            limit=limit,
            errors_path=errors,
        )
    except NewstraceError as error:
        _fail(str(error))
    print(json.dumps(scores.to_dict(), indent=2))


@eval_app.command("extraction")
def eval_extraction_cli(
    dataset: Path | None = Opt(None, "--dataset", help="Folder with html/ and ground-truth.json."),
) -> None:
    """Score HTML article-body extraction on the article-extraction benchmark.

    Example: newstrace eval extraction
    """
    from .eval.extraction import default_dataset_dir, evaluate_extraction

    try:
        scores = evaluate_extraction(dataset or default_dataset_dir())
    except NewstraceError as error:
        _fail(str(error))
    print(json.dumps(scores, indent=2))


@eval_app.command("dates")
def eval_dates_cli(
    timeml: Path | None = Opt(None, "--timeml", help="Folder of TimeML .tml files (recursive)."),
) -> None:
    """Score temporal expressions on TimeBank/AQUAINT with the TempEval-3 measures.

    Example: newstrace eval dates
    """
    from .eval.dates import default_timeml_dir, evaluate_dates

    try:
        scores = evaluate_dates(timeml or default_timeml_dir())
    except NewstraceError as error:
        _fail(str(error))
    print(json.dumps(scores, indent=2))


@eval_app.command("geo")
def eval_geo_cli(
    corpus: str = Opt("all", "--corpus", help="lgl, geovirus or all."),
    limit: int | None = Opt(None, "--limit", help="Score only the first N articles."),
    data: Path | None = Opt(None, "--data", help="Folder with lgl.xml and GeoVirus.xml."),
    outlets: bool = Opt(
        True,
        "--outlets/--no-outlets",
        help="Also read each article with what its outlet's other articles say (learnt "
        "from the corpus without gold, leave-one-out); --no-outlets: each article alone.",
    ),
) -> None:
    """Score toponym recognition and geocoding on LGL and GeoVirus (Gritta et al. measures).

    Example: newstrace eval geo --corpus lgl --limit 50
    """
    from .eval.geo import default_geo_dir, evaluate_geo

    if corpus not in ("lgl", "geovirus", "all"):
        _fail(f"unknown corpus {corpus!r}; use lgl, geovirus or all")
    names = ["lgl", "geovirus"] if corpus == "all" else [corpus]
    try:
        scores = [
            evaluate_geo(data or default_geo_dir(), name, limit=limit, outlets=outlets)
            for name in names
        ]
    except NewstraceError as error:
        _fail(str(error))
    print(json.dumps(scores[0] if len(scores) == 1 else scores, indent=2))


@eval_app.command("events")
def eval_events_cli(
    gold: Path | None = Opt(None, "--gold", help="PLOVER GSR JSON (default ../shared)."),
    units: Path | None = Opt(None, "--units", help="PETRARCH2 unit-test XML (default ../shared)."),
    limit: int | None = Opt(None, "--limit", help="Score only the first N records of each."),
    errors: Path | None = Opt(None, "--errors", help="Write the GSR misses here (JSON)."),
    as_json: bool = Opt(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Score events on the PLOVER gold records and CAMEO roots on the PETRARCH2 unit tests.

    Example: newstrace eval events --errors out/event-misses.json
    """
    from .eval.events import evaluate_events, render_event_scores

    try:
        scores = evaluate_events(gold, units, limit=limit)
    except NewstraceError as error:
        _fail(str(error))
    misses = scores["gsr"].pop("misses")
    if errors:
        errors.write_text(json.dumps(misses, indent=2, ensure_ascii=False), encoding="utf-8")
    if as_json:
        print(json.dumps(scores, indent=2))
    else:
        render_event_scores(scores, Console())


@eval_app.command("trust")
def eval_trust_cli(
    corpus: Path | None = Opt(None, "--corpus", help="FA-KES CSV (default ../shared)."),
    seed: int = Opt(13, "--seed", help="Seed of the benchmark (same seed, same articles)."),
    limit: int | None = Opt(None, "--limit", help="Use at most N FA-KES articles."),
    nlp_part: bool = Opt(
        True, "--nlp/--no-nlp", help="Run the pipeline for the misattribution part (slow)."
    ),
    errors: Path | None = Opt(None, "--errors", help="Write the wrong articles here (JSON)."),
    as_json: bool = Opt(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Score copies, stitches, spins and misattributions on a seeded FA-KES benchmark.

    Example: newstrace eval trust --limit 200 --no-nlp
    """
    from .eval.trust import evaluate_trust, render_trust_scores

    misses: list[dict] = []
    try:
        nlp = None
        if nlp_part:
            from .nlp.pipeline import load_pipeline

            nlp = load_pipeline()
        scores = evaluate_trust(
            corpus, seed=seed, limit=limit, nlp=nlp, show=not as_json, on_miss=misses.append
        )
    except NewstraceError as error:
        _fail(str(error))
    if errors:
        errors.write_text(json.dumps(misses, indent=2, ensure_ascii=False), encoding="utf-8")
    if as_json:
        print(json.dumps(scores, indent=2))
    else:
        render_trust_scores(scores, Console())


@eval_app.command("stories")
def eval_stories_cli(
    corpus: Path | None = Opt(None, "--corpus", help="FA-KES CSV (default ../shared)."),
    encoder: str = Opt("auto", "--encoder", help="auto (minilm if installed), minilm or tfidf."),
    limit: int | None = Opt(None, "--limit", help="Use at most the N earliest articles."),
    nlp_part: bool = Opt(
        True, "--nlp/--no-nlp", help="Extract entities with the pipeline (slower, better)."
    ),
    as_json: bool = Opt(False, "--json", help="Print JSON instead of a summary."),
) -> None:
    """Score story grouping on FA-KES events and contested claims on hand-written stories.

    Example: newstrace eval stories --encoder tfidf --no-nlp
    """
    from .eval.trust_stories import evaluate_claims, evaluate_stories

    try:
        nlp = None
        if nlp_part:
            from .nlp.pipeline import load_pipeline

            nlp = load_pipeline()
        scores = {
            "stories": evaluate_stories(
                corpus, nlp=nlp, encoder=encoder, limit=limit, show=not as_json
            )
        }
        if nlp is not None:
            scores["contested_claims"] = evaluate_claims(nlp)
    except NewstraceError as error:
        _fail(str(error))
    if as_json:
        print(json.dumps(scores, indent=2))
        return
    from .eval.trust_stories import render_story_scores

    render_story_scores(scores, Console())


@app.command("findings")
def findings_cli(
    path: Path | None = Arg(None, help="A JSONL file of `newstrace extract` (or use --db)."),
    db: str | None = Opt(None, "--db", help="List the findings stored in this store instead."),
    kind: list[str] | None = Opt(None, "--kind", help="Only this kind (repeatable)."),
    corpus: bool = Opt(
        False,
        "--corpus",
        help="Also check each article against the ones before it (--db: check the "
        "articles stored without it first, and store what it finds).",
    ),
    index: Path | None = Opt(
        None, "--index", help="Trust index to go on from and update (--db: DB.trust.pkl)."
    ),
    article: str | None = Opt(None, "--article", help="--db: the findings of this article id."),
    source: str | None = Opt(
        None, "--source", help="--db: findings naming this earlier article id (its copies …)."
    ),
    text: str | None = Opt(None, "--text", help="--db: of articles holding these words."),
    date_from: str | None = Opt(None, "--from", help="--db: published on or after YYYY-MM-DD."),
    date_to: str | None = Opt(None, "--to", help="--db: published on or before YYYY-MM-DD."),
) -> None:
    """List findings, one JSON line each: boilerplate, copies, stitches, spins, conflicts.

    With --db the findings stored at ingest are listed (the corpus ones with their
    source articles); with a JSONL file, --corpus runs the corpus pass over it.

    Example: newstrace findings --db news.db --kind stitched
    """
    from .export.reader import read_articles
    from .link.corpus import TrustState, list_findings

    if (path is None) == (db is None):
        _fail("give either a JSONL file or --db STORE, not both and not neither")
    kinds = frozenset(kind) if kind else None
    try:
        if db is not None:
            _stored_findings(
                db,
                kinds=tuple(kind or ()),
                corpus=corpus,
                index=index,
                article=article,
                source=source,
                text=text,
                date_from=date_from,
                date_to=date_to,
            )
            return
        if any((article, source, text, date_from, date_to)):
            _fail("--article, --source, --text, --from and --to filter a store: give --db")
        if not path.is_file():
            _fail(f"{path} does not exist; run `newstrace extract … -o {path}` first")
        state = TrustState.load(index) if corpus and index else None
        rows = list_findings(read_articles(path), corpus=corpus, state=state, kinds=kinds)
        for row in rows:
            print(json.dumps(row.to_dict(), ensure_ascii=False))
        if state is not None and index is not None:
            state.save(index)
    except NewstraceError as error:
        _fail(str(error))


def _stored_findings(db: str, *, kinds, corpus, index, **picked) -> None:
    """Print the findings stored in `db`; with `corpus`, check unchecked articles first."""
    from contextlib import closing

    from .link.stored import StoreTrust
    from .store import Filters, open_store
    from .store.base import FindingFilters

    filters = Filters(
        text=picked.pop("text"), date_from=picked.pop("date_from"), date_to=picked.pop("date_to")
    )
    wanted = FindingFilters(kinds=kinds, **picked)
    with closing(open_store(db, create=False)) as store:
        if corpus:
            caught_up = StoreTrust(store, index or "beside").caught_up
            if caught_up.checked:
                err_console.print(
                    f"trust: {caught_up.checked} article(s) checked, "
                    f"{caught_up.findings} finding(s) stored",
                    highlight=False,
                )
        after = None
        while True:
            page = store.finding_page(filters, wanted, after=after, limit=500)
            for hit in page.items:
                print(json.dumps(hit.to_dict(), ensure_ascii=False))
            if page.next is None:
                break
            after = page.next


@app.command("stories")
def stories_cli(
    path: Path | None = Arg(None, help="A JSONL file of `newstrace extract` (or use --db)."),
    db: str | None = Opt(None, "--db", help="Read the articles of this store instead."),
    index: Path | None = Opt(
        None, "--index", help="Story index to go on from and update (--db: DB.stories.pkl)."
    ),
    encoder: str = Opt("auto", "--encoder", help="auto (minilm if installed), minilm or tfidf."),
    claims: bool = Opt(True, "--claims/--no-claims", help="Find contested claims per story."),
    keep: bool | None = Opt(
        None,
        "--store/--no-store",
        help="Keep the stories and their contested claims in the --db store (the default "
        "with --db), for `serve` and the web UI; a story's rows are rewritten only when "
        "it changed.",
    ),
) -> None:
    """Group articles into stories, one JSON line per story, with its contested claims.

    With --db the stories and claims are also stored (--no-store: printed only).
    `ingest` does not group stories (the sentence encoder is the optional `stories`
    extra): run this after ingesting; a re-run places only the new articles.

    Example: newstrace stories out/demo.jsonl
    Example: newstrace stories --db out/demo.db > /dev/null
    """
    from contextlib import ExitStack, closing

    from .link.dedup import sidecar_path
    from .link.stories import StoryIndex, find_stories

    if (path is None) == (db is None):
        _fail("give either a JSONL file or --db STORE, not both and not neither")
    keep = db is not None if keep is None else keep
    if keep and db is None:
        _fail("--store keeps stories in a store: give --db STORE instead of a JSONL file")
    if keep and not claims:
        _fail("stored stories keep their contested claims: drop --no-claims, or add --no-store")
    try:
        with ExitStack() as stack:
            lookup, writer = None, None
            if db is not None:
                from .store import open_store

                store = stack.enter_context(closing(open_store(db, create=False)))
                articles, lookup = store.iter_articles(), store.get_article
                if index is None and "://" not in db:
                    index = sidecar_path(db, ".stories.pkl")
                if keep:
                    from .link.stored_stories import StoryWriter

                    writer = StoryWriter(store)
            else:
                from .export.reader import read_articles

                if not path.is_file():
                    _fail(f"{path} does not exist; run `newstrace extract … -o {path}` first")
                articles = read_articles(path)
            stories = StoryIndex.load(index, encoder) if index else StoryIndex(encoder)
            for found in find_stories(articles, stories, lookup=lookup, claims=claims):
                print(json.dumps(found.to_dict(), ensure_ascii=False))
                if writer is not None:
                    writer.put(found)
            if index is not None:
                stories.save(index)
            if writer is not None:
                writer.prune()  # every stored article was placed: stories not put are gone
                err_console.print(str(writer.counts), highlight=False)
    except NewstraceError as error:
        _fail(str(error))


DB_HELP = (
    "SQLite store file (default: newstrace.db in the working directory), or a "
    "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE URL."
)
FORMATS = ("table", "jsonl")


@app.command("ingest")
def ingest_cli(
    paths: list[str] = Arg(..., help="Files, directories, or - for stdin."),
    db: str = Opt(
        "newstrace.db", "--db", help=DB_HELP + " A missing file is created; a database gets tables."
    ),
    published: str | None = Opt(None, "--published", help="Anchor date YYYY-MM-DD."),
    max_bytes: int | None = Opt(
        None, "--max-bytes", help="Refuse inputs larger than this (default from defaults.toml)."
    ),
    max_html_elements: int | None = Opt(
        None, "--max-html-elements", min=1, help=MAX_HTML_ELEMENTS_HELP
    ),
    batch_size: int | None = Opt(
        None, "--batch-size", min=1, help="Articles per spaCy batch; a killed run redoes one."
    ),
    progress: bool = Opt(True, "--progress/--no-progress", help="Show a progress bar."),
    quote_model: bool = Opt(
        True, "--quote-model/--no-quote-model", help="Add the trained tagger's quotes."
    ),
    processes: int = Opt(1, "--processes", "-p", min=1, help=PROCESSES_HELP),
    engine: str = Opt("local", "--engine", help=ENGINE_HELP),
    address: str | None = Opt(None, "--address", help=ADDRESS_HELP),
    ordered: bool = Opt(True, "--ordered/--unordered", help=ORDERED_HELP),
    trust: bool = Opt(
        True,
        "--trust/--no-trust",
        help="Check each new article against the stored ones (copies, stitches, spun "
        "wording, misattributions) and store its findings with it.",
    ),
    trust_index: Path | None = Opt(
        None,
        "--trust-index",
        help="Keep the trust index in this file (default: DB.trust.pkl beside an SQLite "
        "store; a PostgreSQL store's is rebuilt from the store each run).",
    ),
    outlets: Path | None = Opt(None, "--outlets", help=OUTLETS_HELP),
    outlets_from_store: bool = Opt(
        False,
        "--outlets-from-store",
        help="Learn the outlet profiles from the articles already in the store (as "
        "`newstrace outlets --db`), as of the start of this run.",
    ),
) -> None:
    """Extract articles into a store; articles already stored are skipped before NLP.

    The store is newstrace.db in the working directory unless --db names another file.
    Each article is stored in one transaction: rerun the same command after a crash or
    a kill and it carries on where it stopped. Exit status 1 if any input failed.

    Example: newstrace ingest demo/ --db corpus.db
    """
    from contextlib import closing

    from .data import load_defaults
    from .ingest.html import html_element_limit
    from .nlp.pipeline import load_pipeline
    from .store import open_store
    from .store.console import ingest_with_progress

    defaults = load_defaults()
    if outlets and outlets_from_store:
        _fail("give --outlets FILE or --outlets-from-store, not both")
    try:
        profiles = _outlet_profiles(outlets) or (
            _stored_profiles(db) if outlets_from_store else None
        )
    except NewstraceError as error:
        _fail(str(error))
    if processes > 1 or engine != "local":
        _ingest_with_engine(
            db,
            paths,
            published,
            max_bytes or defaults["ingest"]["max_bytes"],
            batch_size or defaults["nlp"]["batch_size"],
            progress,
            quote_model,
            name=engine,
            processes=processes,
            address=address,
            ordered=ordered,
            max_html_elements=max_html_elements,
            outlets=profiles,
        )
        if trust:  # the engines store articles unchecked: check them now
            _trust_catch_up(db, trust_index)
        return
    try:
        with closing(open_store(db)) as store, html_element_limit(max_html_elements):
            report = ingest_with_progress(
                store,
                paths,
                lambda: load_pipeline(quote_model=quote_model),
                console=err_console,
                show_progress=progress and err_console.is_terminal,
                published=published,
                max_bytes=max_bytes or defaults["ingest"]["max_bytes"],
                batch_size=batch_size or defaults["nlp"]["batch_size"],
                trust=trust,
                trust_index=trust_index,
                outlets=profiles,
            )
    except NewstraceError as error:
        _fail(str(error))
    err_console.print(
        f"{report.added} article(s) added, {report.skipped} already stored, "
        f"{len(report.errors)} error(s) → {store.location}"
    )
    if report.trust is not None:
        _trust_line(report.trust, report.findings)
    if report.errors:
        raise typer.Exit(code=1)


def _outlet_profiles(path: Path | None):
    """The outlet profiles of `--outlets`, or None without it."""
    from .extract.outlets import OutletProfiles

    return OutletProfiles.load(path) if path is not None else None


@app.command("outlets")
def outlets_cli(
    paths: list[Path] = Arg(None, help="JSONL files written by `newstrace extract`."),
    db: str | None = Opt(
        None, "--db", help="Learn from the articles of a store instead: " + DB_HELP
    ),
    output: Path | None = Opt(
        None, "--output", "-o", help="Write the profiles here (JSON); needed without --db."
    ),
    top: int = Opt(10, "--top", help="How many outlets to list."),
) -> None:
    """Learn where each outlet's stories happen, from articles already extracted.

    Each outlet (URL host, else outlet name) gets the share of its articles whose
    unambiguous places lie in each country and admin1 region; `extract --outlets FILE`
    and `ingest --outlets FILE` then read "Paris" in the Paris (Tennessee) paper as
    Paris, Tennessee. No gold is involved: the profiles come from the system's own
    places. With --db the store keeps what it learnt (`ingest --outlets-from-store`
    uses it and learns the articles added since).

    Example: newstrace outlets out/demo.jsonl -o out/outlets.json
    """

    from .export import read_articles
    from .extract.outlets import learn_outlet_profiles, outlet_key
    from .nlp.gazetteer import load_place_index

    if bool(paths) == bool(db):
        _fail("give either JSONL files written by `newstrace extract` or --db STORE")
    if output is None and not db:
        _fail("--output FILE is needed to keep profiles learnt from JSONL files")
    try:
        if db:
            profiles = _stored_profiles(db)
        else:
            index = load_place_index()
            for path in paths:
                if not path.is_file():
                    _fail(f"{path} does not exist; run `newstrace extract … --output {path}` first")
            articles = (
                (outlet_key(a.url, a.outlet), a.places)
                for path in paths
                for a in read_articles(path)
            )
            profiles, _ = learn_outlet_profiles(articles, index)
        if output is not None:
            profiles.save(output)
    except NewstraceError as error:
        _fail(str(error))
    table = Table("outlet", "articles", "where most of them are")
    for outlet, count in profiles.outlets()[:top]:
        profile = profiles.profile(outlet)
        table.add_row(outlet, str(count), _outlet_places(profile))
    Console().print(table)
    err_console.print(f"{len(profiles)} outlet(s) → {output or db}", highlight=False)


def _stored_profiles(db: str):
    """The outlet profiles of store `db`, anchoring its articles that have no anchors yet."""
    from contextlib import closing

    from .nlp.gazetteer import load_place_index
    from .store import open_store
    from .store.outlets import store_outlet_profiles

    with closing(open_store(db)) as store, _progress(enabled=err_console.is_terminal) as bar:
        task = bar.add_task("anchoring stored articles for outlet profiles", total=None)
        profiles = store_outlet_profiles(
            store, load_place_index(), on_page=lambda n: bar.update(task, advance=n)
        )
    err_console.print(f"outlets: {len(profiles)} outlet profile(s) from {db}", highlight=False)
    return profiles


def _outlet_places(profile) -> str:
    """An outlet's top regions and countries with their shares, for the outlets table."""
    if profile is None:
        return "(too few articles to say)"
    ranked = sorted(
        [(share, f"{admin1.title()}, {iso3}") for (iso3, admin1), share in profile.regions.items()]
        + [(share, iso3) for iso3, share in profile.countries.items()],
        reverse=True,
    )
    return "; ".join(f"{name} {share:.0%}" for share, name in ranked[:3]) or "-"


def _trust_line(caught_up, findings: int) -> None:
    """What the trust pass did: corpus findings stored, articles caught up."""
    line = f"trust: {findings} corpus finding(s) stored with the new articles"
    if caught_up.checked:
        line += (
            f"; {caught_up.checked} article(s) stored unchecked were checked "
            f"({caught_up.findings} finding(s))"
        )
    if caught_up.indexed:
        line += f"; {caught_up.indexed} article(s) re-indexed from the store"
    err_console.print(line, highlight=False)


def _trust_catch_up(db: str, index: Path | None) -> None:
    """Check the stored articles the trust index lacks (the engines store them unchecked)."""
    from contextlib import closing

    from .link.stored import StoreTrust
    from .store import open_store

    try:
        with closing(open_store(db)) as store:
            caught_up = StoreTrust(store, index or "beside").caught_up
    except NewstraceError as error:
        _fail(str(error))
    err_console.print(
        f"trust: {caught_up.checked} article(s) checked against the ones before them, "
        f"{caught_up.findings} corpus finding(s) stored",
        highlight=False,
    )


def _ingest_with_engine(
    db: str,
    paths: list[str],
    published: str | None,
    max_bytes: int,
    batch_size: int,
    progress: bool,
    quote_model: bool,
    max_html_elements: int | None = None,
    **engine_options,
) -> None:
    """`ingest` through worker processes or Ray, with a progress bar and an end summary."""
    from contextlib import closing

    from .engine import RunSummary
    from .engine.run import ingest_with_engine, open_engine
    from .ingest.html import html_element_limit
    from .store import open_store

    summary = RunSummary()
    try:
        with (
            html_element_limit(max_html_elements),
            closing(open_store(db)) as store,
            open_engine(batch_size=batch_size, quote_model=quote_model, **engine_options) as eng,
            _progress(enabled=progress and err_console.is_terminal) as bar,
        ):
            task = bar.add_task("extracting and storing", total=None)

            def on_item(outcome: str, record) -> None:
                if outcome in ("unreadable", "failed"):
                    bar.console.print(f"[yellow]skipped[/yellow] {record.error}", highlight=False)
                if outcome in ("added", "failed"):
                    summary.add(record)
                    bar.update(task, advance=1)

            report = ingest_with_engine(
                store, paths, eng, published=published, max_bytes=max_bytes, on_item=on_item
            )
    except NewstraceError as error:
        _fail(str(error))
    err_console.print(
        f"{report.added} article(s) added, {report.skipped} already stored, "
        f"{len(report.errors)} error(s) → {db}; {summary.line()}",
        highlight=False,
    )
    if report.errors:
        raise typer.Exit(code=1)


def _store_query(db: str, fmt: str, ask: Callable, render: Callable) -> None:
    """Open the store at `db` read-side, run `ask(store)`, print its hits as `fmt`."""
    from contextlib import closing

    from .store import open_store

    if fmt not in FORMATS:
        _fail(f"unknown --format {fmt!r}; valid: {', '.join(FORMATS)}")
    try:
        with closing(open_store(db, create=False)) as store:
            hits = ask(store)
    except NewstraceError as error:
        _fail(str(error))
    if fmt == "jsonl":
        for hit in hits:
            print(json.dumps(hit.to_dict(), ensure_ascii=False))
    else:
        render(hits, Console())


@app.command("search")
def search_cli(
    text: str = Arg(..., help='Words to find; "quoted phrases" stay together.'),
    speaker: str | None = Opt(None, "--speaker", help="Articles quoting this name (part)."),
    actor: str | None = Opt(None, "--actor", help="Articles naming this actor: ISO3 or name."),
    place: str | None = Opt(None, "--place", help="Articles naming this place or GeoNames id."),
    plover: str | None = Opt(None, "--plover", help="Articles with an event of this category."),
    date_from: str | None = Opt(None, "--from", help="Published on or after YYYY-MM-DD."),
    date_to: str | None = Opt(None, "--to", help="Published on or before YYYY-MM-DD."),
    limit: int = Opt(20, "--limit", min=1, help="Most hits shown."),
    fmt: str = Opt("table", "--format", help="table or jsonl."),
    db: str = Opt("newstrace.db", "--db", help=DB_HELP),
) -> None:
    """Rank stored articles by BM25 over their text and quotes, with filters.

    Example: newstrace search "hospital bombed" --place Aleppo --from 2016-02-01
    """
    from .store import Filters
    from .store.console import render_hits

    def ask(store):
        filters = Filters(
            text=text,
            speaker=speaker,
            actor=actor,
            place=place,
            plover=plover,
            date_from=date_from,
            date_to=date_to,
        )
        return store.search(filters, limit=limit)

    _store_query(db, fmt, ask, render_hits)


@app.command("quotes")
def quotes_cli(
    text: str | None = Arg(None, help="Words the quote must contain (optional)."),
    speaker: str | None = Opt(None, "--speaker", help="Speaker's name (part), e.g. Kerry."),
    actor: str | None = Opt(None, "--actor", help="Speaker's actor: ISO3 or name."),
    place: str | None = Opt(None, "--place", help="In articles naming this place."),
    date_from: str | None = Opt(None, "--from", help="Published on or after YYYY-MM-DD."),
    date_to: str | None = Opt(None, "--to", help="Published on or before YYYY-MM-DD."),
    limit: int = Opt(50, "--limit", min=1, help="Most quotes shown."),
    fmt: str = Opt("table", "--format", help="table or jsonl."),
    db: str = Opt("newstrace.db", "--db", help=DB_HELP),
) -> None:
    """List stored quotes: who said what, and where it was reported.

    Example: newstrace quotes --speaker Kerry
    """
    from .store import Filters
    from .store.console import render_quotes

    def ask(store):
        filters = Filters(
            text=text,
            speaker=speaker,
            actor=actor,
            place=place,
            date_from=date_from,
            date_to=date_to,
        )
        return store.quotes(filters, limit=limit)

    _store_query(db, fmt, ask, render_quotes)


@app.command("events")
def events_cli(
    plover: str | None = Opt(None, "--plover", help="PLOVER category, e.g. ASSAULT."),
    actor: str | None = Opt(None, "--actor", help="Source or target actor: ISO3 or name."),
    place: str | None = Opt(None, "--place", help="Event place name or GeoNames id."),
    date_from: str | None = Opt(None, "--from", help="On or after YYYY-MM-DD."),
    date_to: str | None = Opt(None, "--to", help="On or before YYYY-MM-DD."),
    limit: int = Opt(50, "--limit", min=1, help="Most events shown."),
    fmt: str = Opt("table", "--format", help="table or jsonl."),
    db: str = Opt("newstrace.db", "--db", help=DB_HELP),
) -> None:
    """List stored events (dated by the event's own day, else the article's date).

    Example: newstrace events --plover ASSAULT --actor RUS
    """
    from .store import Filters
    from .store.console import render_events

    def ask(store):
        filters = Filters(
            actor=actor, place=place, plover=plover, date_from=date_from, date_to=date_to
        )
        return store.events(filters, limit=limit)

    _store_query(db, fmt, ask, render_events)


@app.command("stats")
def stats_cli(
    db: str = Opt("newstrace.db", "--db", help=DB_HELP),
    top: int = Opt(10, "--top", min=1, help="How many speakers, places and runs to list."),
) -> None:
    """Show what a store holds: rows per record type, top speakers and places, runs.

    Example: newstrace stats --db corpus.db
    """
    from .store.console import render_stats

    _store_query(db, "table", lambda store: store.stats(top=top), render_stats)


@app.command("serve")
def serve_cli(
    db: str = Opt("newstrace.db", "--db", help=DB_HELP),
    host: str = Opt(
        "127.0.0.1", "--host", help="Address to listen on; 0.0.0.0 opens it to the network."
    ),
    port: int = Opt(8000, "--port", min=1, max=65535, help="Port to listen on."),
    cors_origin: list[str] | None = Opt(
        None, "--cors-origin", help="Let browser pages of this origin call the API (repeatable)."
    ),
    max_body_bytes: int | None = Opt(
        None, "--max-body-bytes", min=1, help="Largest request body (default 2,000,000)."
    ),
    quote_model: bool = Opt(
        True, "--quote-model/--no-quote-model", help="POST /articles: add the tagger's quotes."
    ),
) -> None:
    """Serve the store as a JSON API with OpenAPI docs at /docs, on 127.0.0.1 by default.

    Reads are open to whoever reaches the port. POST /articles (ingest) needs the
    header `Authorization: Bearer <token>` with the token of the environment variable
    NEWSTRACE_API_TOKEN (16+ characters); without it, writes are disabled.

    Example: NEWSTRACE_API_TOKEN=$(openssl rand -hex 32) newstrace serve --db corpus.db
    """
    import os

    from .api import create_app, serve
    from .api.limits import DEFAULT_MAX_BODY_BYTES
    from .api.server import allowed_hosts

    def load_nlp():
        from .nlp.pipeline import load_pipeline

        return load_pipeline(quote_model=quote_model)

    try:
        api = create_app(
            db,
            write_token=os.environ.get("NEWSTRACE_API_TOKEN"),
            max_body_bytes=max_body_bytes or DEFAULT_MAX_BODY_BYTES,
            cors_origins=cors_origin or (),
            load_nlp=load_nlp,
            allowed_hosts=allowed_hosts(host),
        )
    except NewstraceError as error:
        _fail(str(error))
    serve(api, host=host, port=port, console=err_console)


def _progress(enabled: bool) -> Progress:
    """A progress display of articles done and articles/s, on stderr."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        MofNCompleteColumn(),
        TextColumn("articles"),
        TimeElapsedColumn(),
        TaskProgressColumn(show_speed=True),
        console=err_console,
        disable=not enabled,
        transient=False,
    )


def main() -> None:
    app()


if __name__ == "__main__":  # `python -m newstrace.cli`, as the `newstrace` script
    main()
