"""The extract job: input articles in, contract `Article` records out.

Stages run in order over each article; each adds records and never rewrites earlier
ones. The spaCy pipeline is loaded once by the caller and passed in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .extract.casualties import find_casualties
from .extract.dates import resolve_dates
from .extract.events import extract_events
from .extract.outlets import OutletProfiles, outlet_key
from .extract.places import extract_places
from .ingest.boilerplate import find_boilerplate, mask_spans
from .ingest.decode import has_surrogates
from .link.attribution import find_attribution_problems
from .nlp.docindex import release
from .nlp.guard import component_errors
from .nlp.pieces import pipe_pieces
from .records import Article, Finding, InputArticle, InputError

DEFAULT_BATCH_SIZE = 64


def article_id(text: str) -> str:
    """Stable id of an article: the SHA-1 of its text."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _boilerplate_finding(spans: list) -> list[Finding]:
    if not spans:
        return []
    lines = ", ".join(repr(span.text) for span in spans[:5])
    more = f" and {len(spans) - 5} more" if len(spans) > 5 else ""
    return [
        Finding(
            kind="boilerplate",
            message=f"{len(spans)} boilerplate line(s) kept out of analysis: {lines}{more}",
            evidence=tuple(spans),
        )
    ]


def build_article(
    item: InputArticle, doc: Doc, boilerplate: list, outlets: OutletProfiles | None = None
) -> Article:
    """Assemble the contract record of one article from its parsed `doc`."""
    try:
        return _build_article(item, doc, boilerplate, outlets)
    finally:
        release(doc)


def _build_article(
    item: InputArticle, doc: Doc, boilerplate: list, outlets: OutletProfiles | None
) -> Article:
    quotes = tuple(doc._.quotes or ())
    findings = [
        *_boilerplate_finding(boilerplate),
        *(doc._.quote_findings or ()),
        *find_attribution_problems(doc, list(quotes)),
    ]
    key = outlet_key(item.url, item.outlet)
    outlet = outlets.profile(key) if outlets is not None else None
    places = tuple(extract_places(doc, url=item.url, outlet=outlet))
    dates = tuple(resolve_dates(doc, item.published, item.published_source))
    # the one call site of casualty counting: events carry them (extract/casualties.py)
    casualties = find_casualties(doc)
    events = extract_events(doc, quotes=quotes, places=places, dates=dates, casualties=casualties)
    return Article(
        id=article_id(item.text),
        source=item.source,
        text=item.text,
        title=item.title,
        published=item.published,
        published_source=item.published_source,
        url=item.url,
        outlet=item.outlet,
        boilerplate=tuple(boilerplate),
        mentions=tuple(doc._.mentions or ()),
        quotes=quotes,
        events=tuple(events),
        places=places,
        dates=dates,
        findings=tuple(findings),
    )


def extract_articles(
    items: Iterable[InputArticle | InputError],
    nlp: Language,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    outlets: OutletProfiles | None = None,
) -> Iterator[Article | InputError]:
    """Run every stage over `items`, in input order; errors pass through unchanged.

    Boilerplate is blanked out (same length, so offsets hold) before spaCy sees the
    text, which keeps it out of every later stage. `outlets` (learnt from earlier
    articles, `newstrace outlets`) tell places where each outlet's stories usually are.
    """

    def prepared() -> Iterator[tuple[str, tuple[InputArticle | InputError, list]]]:
        for item in items:
            if isinstance(item, InputError):
                yield "", (item, [])
                continue
            if len(item.text) > nlp.max_length:
                yield "", (_too_long(item, nlp.max_length), [])
                continue
            if has_surrogates(item.text):  # spaCy's tokenizer raises, ending the whole batch
                yield "", (_surrogates(item), [])
                continue
            boilerplate = find_boilerplate(item.text)
            yield mask_spans(item.text, boilerplate), (item, boilerplate)

    # the stock components see bounded pieces of a long text (see nlp/pieces.py)
    for doc, (item, boilerplate) in pipe_pieces(nlp, prepared(), batch_size=batch_size):
        if isinstance(item, InputError):
            yield item
            continue
        failures = component_errors(doc)
        if failures:
            yield InputError(
                source=item.source,
                error=f"{item.source}: {'; '.join(failures)}; please report this input",
            )
            continue
        try:
            yield build_article(item, doc, boilerplate, outlets)
        except Exception as error:  # one bad article must never cost the others
            yield InputError(
                source=item.source,
                error=f"extraction failed ({type(error).__name__}: {error}); "
                "please report this input",
            )


def _too_long(item: InputArticle, limit: int) -> InputError:
    return InputError(
        source=item.source,
        error=f"{item.source}: the text has {len(item.text):,} characters, over the "
        f"{limit:,} the NLP pipeline takes in one document; split the article or raise "
        "[nlp] max_chars in your config",
    )


def _surrogates(item: InputArticle) -> InputError:
    return InputError(
        source=item.source,
        error=f"{item.source}: the text holds a lone UTF-16 surrogate (U+D800 to U+DFFF), "
        "which is not a character; decode the input with errors='replace' or pass it through "
        "newstrace.ingest.decode.replace_unstorable",
    )


def extract_text(text: str, nlp: Language, *, source: str = "<text>", **meta) -> Article:
    """Extract the records of one text: the library's one-call entry point."""
    item = InputArticle(source=source, text=text, **meta)
    (result,) = extract_articles([item], nlp)
    if isinstance(result, InputError):
        raise ValueError(result.error)
    return result
