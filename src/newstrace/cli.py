"""The `newstrace` command line: a thin shell over the library.

Each command only converts its arguments and calls one library function; library
errors (`NewstraceError`) become one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path

import typer
from rich.console import Console

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
) -> None:
    """Print one contract JSON object per article (errors as {"source", "error"} lines).

    Example: newstrace extract ../shared/samples/ --published 2016-02-11
    """
    from .core import extract_articles
    from .ingest import read_inputs
    from .nlp.pipeline import load_pipeline

    if fmt != "jsonl":
        _fail(f"unknown --format {fmt!r}; valid: jsonl")
    try:
        nlp = load_pipeline()
    except NewstraceError as error:
        _fail(str(error))
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    errors = articles = 0
    show = progress and output is not None
    with err_console.status("extracting…", spinner="dots") if show else nullcontext():
        for record in extract_articles(read_inputs(paths, published=published), nlp):
            if isinstance(record, InputError):
                errors += 1
                err_console.print(f"[yellow]skipped[/yellow] {record.error}", highlight=False)
            else:
                articles += 1
            out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    if output:
        out.close()
        err_console.print(f"{articles} article(s), {errors} error(s) → {output}")
    if errors:
        raise typer.Exit(code=1)


def main() -> None:
    app()
