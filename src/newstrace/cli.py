"""The `newstrace` command line: a thin shell over the library.

Each command only converts its arguments and calls one library function; library
errors (`NewstraceError`) become one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import json
import sys
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

from .errors import NewstraceError
from .records import InputError

app = typer.Typer(help="newstrace: who said what, who did what to whom, where and when.")
eval_app = typer.Typer(help="Score each extractor on public annotated data.")
app.add_typer(eval_app, name="eval")

Arg = typer.Argument
Opt = typer.Option
err_console = Console(stderr=True)


def _fail(message: str) -> None:
    err_console.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code=2)


@app.command("extract")
def extract_cli(
    paths: list[str] = Arg(..., help="Files, directories, or - for stdin."),
    published: str | None = Opt(None, "--published", help="Anchor date YYYY-MM-DD."),
    output: Path | None = Opt(None, "--output", "-o", help="Write JSONL here, not stdout."),
    fmt: str = Opt("jsonl", "--format", help="Output format: jsonl."),
    progress: bool = Opt(True, "--progress/--no-progress", help="Show a progress bar."),
    max_bytes: int | None = Opt(
        None, "--max-bytes", help="Refuse inputs larger than this (default from defaults.toml)."
    ),
    quote_model: bool = Opt(
        True,
        "--quote-model/--no-quote-model",
        help="Add the trained tagger's quotes to the rules'.",
    ),
) -> None:
    """Print one contract JSON object per article (errors as {"source", "error"} lines).

    Example: newstrace extract ../shared/samples/ --published 2016-02-11
    """
    from .core import extract_articles
    from .data import load_defaults
    from .ingest import read_inputs
    from .nlp.pipeline import load_pipeline

    if fmt != "jsonl":
        _fail(f"unknown --format {fmt!r}; valid: jsonl")
    try:
        nlp = load_pipeline(quote_model=quote_model)
    except NewstraceError as error:
        _fail(str(error))
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    errors = articles = 0
    limit = max_bytes or load_defaults()["ingest"]["max_bytes"]
    records = extract_articles(read_inputs(paths, published=published, max_bytes=limit), nlp)
    with _progress(enabled=progress and err_console.is_terminal) as bar:
        task = bar.add_task("extracting", total=None)
        for record in records:
            if isinstance(record, InputError):
                errors += 1
                err_console.print(f"[yellow]skipped[/yellow] {record.error}", highlight=False)
            else:
                articles += 1
            out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
            bar.update(task, advance=1)
    if output:
        out.close()
    err_console.print(
        f"{articles} article(s), {errors} error(s)" + (f" → {output}" if output else "")
    )
    if errors:
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
) -> None:
    """Score toponym recognition and geocoding on LGL and GeoVirus (Gritta et al. measures).

    Example: newstrace eval geo --corpus lgl --limit 50
    """
    from .eval.geo import default_geo_dir, evaluate_geo

    if corpus not in ("lgl", "geovirus", "all"):
        _fail(f"unknown corpus {corpus!r}; use lgl, geovirus or all")
    names = ["lgl", "geovirus"] if corpus == "all" else [corpus]
    try:
        scores = [evaluate_geo(data or default_geo_dir(), name, limit=limit) for name in names]
    except NewstraceError as error:
        _fail(str(error))
    print(json.dumps(scores[0] if len(scores) == 1 else scores, indent=2))


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
