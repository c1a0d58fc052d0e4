"""Score places on the geoparsing corpora of Gritta et al. (LGL and GeoVirus).

The corpora are those of "A Pragmatic Guide to Geoparsing Evaluation" (Gritta, Pilehvar
and Collier, 2019), in `../shared/datasets/geo/`: `lgl.xml` (`<article><text>` and
`<toponyms><toponym>` with `start`, `end`, `phrase` and a `gaztag` with GeoNames id,
lat and lon) and `GeoVirus.xml` (`<article><text>` and `<locations><location>` with
`name`, `start`, `end`, lat and lon). An article's URL (LGL `<url>`, else `<domain>`;
GeoVirus `<source>`) is passed on: its country-code domain is evidence of the outlet's
country, as in a real run.

Gold spans are realigned first: every GeoVirus span is one character off and a few LGL
spans a few characters, so a gold span whose text is not its phrase moves to the nearest
occurrence of the phrase in the article (`realign_span`); one found nowhere keeps its
offsets.

Measures, as the paper defines them:

- toponym recognition: a predicted place matches a gold toponym when their character
  spans overlap, one to one (each gold toponym takes the unmatched prediction that
  overlaps it most); precision, recall and F1 over those matches;
- geocoding, over matched toponyms whose gold has coordinates: the great-circle error
  in km between gold and predicted coordinates (haversine, Earth radius 6371 km). A
  matched prediction without coordinates (unresolved, `geonameid` None) counts as the
  largest error, 20039 km (half the Earth's circumference), in every measure;
- `accuracy_161km`: share of errors of at most 161 km (100 miles);
- `mean_km`, `median_km`: mean and median error;
- `auc`: area under the curve of the sorted errors on a log scale, by the trapezoidal
  rule, normalised to [0, 1]: `trapz(sorted(log(1 + e_i))) / (log(20039) * (n - 1))`
  (their `print_stats`; 0 is perfect, 1 every error maximal; one error alone scores
  `log(1 + e) / log(20039)`);
- `accuracy_161km_or_within`, ours, not the paper's: as `accuracy_161km`, but a place
  resolved to a country or an admin1 region also counts when the gold point lies in it
  (the country and admin1 of the GeoNames place nearest the gold point, by
  reverse_geocoder). A country or region has no one true point: GeoVirus gives
  Wikipedia's (China at 35N 103E), LGL GeoNames' (35N 105E), 182 km apart, so 161 km
  from the gold point measures which convention the gold follows as much as which place
  was read; this measure does not;
- `errors_161km`, ours: the errors over 161 km by kind: `unresolved` (no point),
  `area_read_right` (a country or region holding the gold point, as above),
  `world_region` (a continent, world region or natural feature: no country) and
  `other` (a misreading: the wrong town, region or country);
- `exact_id_accuracy` (LGL only, gold with a GeoNames id): share of matched toponyms
  whose predicted GeoNames id is the gold one, the measure of Mordecai 3's "exact
  location" figure; `exact_id_recall` divides by every gold toponym with an id.
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EvalDataNotFound
from ..nlp.gazetteer import fold
from ..records import Place
from .progress import progress as show_progress

MAX_ERROR_KM = 20039.0
ACCURACY_KM = 161.0
EARTH_RADIUS_KM = 6371.0
CORPUS_FILES = {"lgl": "lgl.xml", "geovirus": "GeoVirus.xml"}
# Precisions of places that are areas with no one true point (`accuracy_161km_or_within`).
AREA_PRECISIONS = ("country", "region")


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """A gold toponym: character span, phrase, coordinates and GeoNames id when known."""

    start: int
    end: int
    phrase: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None


@dataclass(frozen=True, slots=True)
class GeoArticle:
    """An article of a geo corpus, its gold toponyms (spans realigned) and its URL."""

    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    url: str | None = None


def default_geo_dir() -> Path:
    """Return the corpora folder `../shared/datasets/geo` beside the repo.

    Returns:
        The folder (not checked; `evaluate_geo` raises if a file is missing).
    """
    repo = Path(__file__).resolve().parents[3]
    return repo.parent / "shared" / "datasets" / "geo"


def corpus_path(path: Path, corpus: str) -> Path:
    """The XML file of `corpus` ("lgl" or "geovirus") in folder `path`, or `path` itself.

    Raises:
        EvalDataNotFound: When the file is missing or the corpus name is unknown.
    """
    path = Path(path)
    expected = f"one of {', '.join(CORPUS_FILES.values())} (Gritta et al. geoparsing corpora)"
    if corpus not in CORPUS_FILES:
        raise EvalDataNotFound(f"{path} (corpus {corpus!r})", f"corpus in {sorted(CORPUS_FILES)}")
    target = path if path.suffix == ".xml" else path / CORPUS_FILES[corpus]
    if not target.is_file():
        raise EvalDataNotFound(str(target), expected)
    return target


def read_geo_corpus(path: Path) -> list[GeoArticle]:
    """Read an LGL-style (`toponyms`) or GeoVirus-style (`locations`) XML corpus.

    Args:
        path: The XML file.

    Returns:
        Its articles in file order, gold spans realigned to their phrases.
    """
    root = ET.parse(path).getroot()
    articles = []
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        gold = [*_lgl_toponyms(article, text), *_geovirus_locations(article, text)]
        toponyms = sorted(gold, key=lambda g: g.start)
        articles.append(GeoArticle(text=text, toponyms=toponyms, url=_article_url(article)))
    return articles


def _article_url(article: ET.Element) -> str | None:
    """The article's URL: LGL's `<url>` (else `<domain>`), GeoVirus' `<source>`."""
    for tag in ("url", "domain", "source"):
        value = (article.findtext(tag) or "").strip()
        if value:
            return value
    return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _lgl_toponyms(article: ET.Element, text: str) -> Iterable[GoldToponym]:
    for node in article.iterfind("toponyms/toponym"):
        phrase = node.findtext("phrase") or ""
        start, end = int(node.findtext("start")), int(node.findtext("end"))
        start, end = realign_span(text, start, end, phrase)
        tag = node.find("gaztag")
        lat = lon = geonameid = None
        if tag is not None:
            lat, lon = _float(tag.findtext("lat")), _float(tag.findtext("lon"))
            geonameid = int(tag.get("geonameid")) if tag.get("geonameid") else None
        yield GoldToponym(start, end, phrase, lat, lon, geonameid)


def _geovirus_locations(article: ET.Element, text: str) -> Iterable[GoldToponym]:
    for node in article.iterfind("locations/location"):
        phrase = node.findtext("name") or ""
        start, end = int(node.findtext("start")), int(node.findtext("end"))
        start, end = realign_span(text, start, end, phrase)
        yield GoldToponym(
            start, end, phrase, _float(node.findtext("lat")), _float(node.findtext("lon"))
        )


def realign_span(text: str, start: int, end: int, phrase: str) -> tuple[int, int]:
    """Move a gold span to the occurrence of its phrase nearest to `start`.

    Args:
        text: The article text.
        start: Gold start offset (may be off by a few characters).
        end: Gold end offset.
        phrase: The gold phrase.

    Returns:
        `(start, end)` of the nearest occurrence, the given offsets when the text there
        is already the phrase or the phrase occurs nowhere.
    """
    if not phrase or text[start:end] == phrase:
        return start, end
    found = []
    at = text.find(phrase)
    while at != -1:
        found.append(at)
        at = text.find(phrase, at + 1)
    if not found:
        return start, end
    best = min(found, key=lambda i: abs(i - start))
    return best, best + len(phrase)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def match_spans(
    gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Match gold and predicted spans one to one by overlap.

    Each gold span, in order, takes the still unmatched predicted span that overlaps it
    by the most characters.

    Returns:
        `(gold index, predicted index)` pairs.
    """
    taken: set[int] = set()
    pairs = []
    for g, (gs, ge) in enumerate(gold):
        best, best_overlap = None, 0
        for p, (ps, pe) in enumerate(pred):
            overlap = min(ge, pe) - max(gs, ps)
            if p not in taken and overlap > best_overlap:
                best, best_overlap = p, overlap
        if best is not None:
            taken.add(best)
            pairs.append((g, best))
    return pairs


def geocoding_error(gold: GoldToponym, place: Place) -> float:
    """Error in km of `place` for `gold`; `MAX_ERROR_KM` when the place has no coordinates."""
    if place.lat is None or place.lon is None:
        return MAX_ERROR_KM
    return min(distance_km(gold.lat, gold.lon, place.lat, place.lon), MAX_ERROR_KM)


def error_auc(errors: Sequence[float]) -> float:
    """Normalised area under the log-error curve of Gritta et al. (0 best, 1 worst)."""
    if not errors:
        return 0.0
    ys = sorted(math.log1p(e) for e in errors)
    scale = math.log(MAX_ERROR_KM)
    if len(ys) == 1:
        return ys[0] / scale
    area = sum((a + b) / 2 for a, b in zip(ys, ys[1:], strict=False))
    return area / (scale * (len(ys) - 1))


def count_within(pairs: Sequence[tuple[GoldToponym, Place]]) -> int:
    """How many of the (gold toponym, country or region place) pairs hold the gold point:
    the GeoNames place nearest it (reverse_geocoder) lies in the place's country and,
    for a region, in its admin1 region."""
    if not pairs:
        return 0
    import pycountry
    import reverse_geocoder

    nearest = reverse_geocoder.search([(g.lat, g.lon) for g, _ in pairs], mode=1, verbose=False)
    within = 0
    for (_, place), found in zip(pairs, nearest, strict=True):
        country = pycountry.countries.get(alpha_2=found["cc"])
        if country is None or country.alpha_3 != place.country:
            continue
        within += place.precision == "country" or fold(found["admin1"]) == fold(place.admin1 or "")
    return within


def geocoding_metrics(errors: Sequence[float]) -> dict[str, float | int]:
    """Accuracy within 161 km, mean and median error and AUC of a list of errors (km)."""
    if not errors:
        return {"geocoded": 0, "accuracy_161km": 0.0, "mean_km": 0.0, "median_km": 0.0, "auc": 0.0}
    return {
        "geocoded": len(errors),
        "accuracy_161km": sum(e <= ACCURACY_KM for e in errors) / len(errors),
        "mean_km": statistics.fmean(errors),
        "median_km": statistics.median(errors),
        "auc": error_auc(errors),
    }


def score_articles(
    articles: Iterable[GeoArticle], predict: Callable[[GeoArticle], list[Place]]
) -> dict:
    """Run `predict` on each article and compute every measure (see the module docstring).

    Args:
        articles: Articles with gold toponyms.
        predict: Article -> places (offsets into its text); it sees the text and URL
            only, never the gold.

    Returns:
        The figures of `evaluate_geo`.
    """
    n_gold = n_pred = n_match = 0
    errors: list[float] = []
    # (gold toponym, place) of the areas (countries, regions) farther than 161 km
    far_areas: list[tuple[GoldToponym, Place]] = []
    with_id = exact = matched_with_id = unresolved = 0
    n_articles = 0
    for article in articles:
        n_articles += 1
        places = predict(GeoArticle(text=article.text, url=article.url))
        gold = article.toponyms
        pairs = match_spans([(g.start, g.end) for g in gold], [(p.start, p.end) for p in places])
        n_gold, n_pred, n_match = n_gold + len(gold), n_pred + len(places), n_match + len(pairs)
        with_id += sum(g.geonameid is not None for g in gold)
        for g, p in pairs:
            toponym, place = gold[g], places[p]
            if toponym.lat is not None and toponym.lon is not None:
                errors.append(geocoding_error(toponym, place))
                located = place.lat is not None and place.lon is not None
                unresolved += not located
                if errors[-1] > ACCURACY_KM and located and place.precision in AREA_PRECISIONS:
                    far_areas.append((toponym, place))
            if toponym.geonameid is not None:
                matched_with_id += 1
                exact += place.geonameid == toponym.geonameid
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result = {
        "articles": n_articles,
        "gold": n_gold,
        "predicted": n_pred,
        "matched": n_match,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        **geocoding_metrics(errors),
        "unresolved": unresolved,
    }
    if errors:
        near = sum(e <= ACCURACY_KM for e in errors)
        within = count_within(far_areas)
        result["accuracy_161km_or_within"] = (near + within) / len(errors)
        world = sum(not place.country for _, place in far_areas)
        far = len(errors) - near
        result["errors_161km"] = {
            "total": far,
            "unresolved": unresolved,
            "area_read_right": within,
            "world_region": world,
            "other": far - unresolved - within - world,
        }
    if with_id:
        result["exact_id_accuracy"] = exact / matched_with_id if matched_with_id else 0.0
        result["exact_id_recall"] = exact / with_id
    return result


def evaluate_geo(
    path: Path,
    corpus: str,
    progress: bool = True,
    limit: int | None = None,
    outlets: bool = True,
) -> dict:
    """Run the newstrace pipeline and `extract_places` on a geo corpus and score it.

    With `outlets`, places are extracted twice: the first pass reads each article alone;
    its places (no gold) teach `OutletProfiles` where each outlet's stories are, and the
    second pass reads each article with the profile of its outlet's *other* articles
    (leave-one-out), as a store that has seen the outlet before would. The figures are
    the second pass's; the first pass's are under `single_article`.

    Args:
        path: The corpora folder (`default_geo_dir()`) or the corpus XML file itself.
        corpus: "lgl" or "geovirus".
        progress: Show a rich progress bar on stderr.
        limit: Score only the first N articles.
        outlets: Add the outlet-profile pass.

    Returns:
        `articles`, `gold`, `predicted`, `matched`, `precision`, `recall`, `f1`,
        `geocoded` (matched toponyms with gold coordinates), `accuracy_161km`, `mean_km`,
        `median_km`, `auc`, `unresolved` (geocoded toponyms scored at 20039 km), for
        LGL `exact_id_accuracy` and `exact_id_recall`, and with `outlets` the
        `single_article` figures and `outlet_articles` (articles whose outlet had a
        profile).

    Raises:
        EvalDataNotFound: When the corpus file is missing.
    """
    from ..extract.outlets import learn_outlet_profiles, outlet_key
    from ..extract.places import extract_places
    from ..nlp.gazetteer import load_place_index
    from ..nlp.pipeline import load_pipeline

    articles = read_geo_corpus(corpus_path(path, corpus))[:limit]
    nlp = load_pipeline()
    index = load_place_index()
    texts = (article.text for article in articles)
    docs = list(
        show_progress(nlp.pipe(texts), f"geoparsing {corpus}…", show=progress, total=len(articles))
    )
    first = [extract_places(doc, index, url=a.url) for a, doc in zip(articles, docs, strict=True)]
    single = score_articles(articles, _replay(first))
    if not outlets:
        return {"corpus": corpus, **single}
    profiles, anchors = learn_outlet_profiles(
        ((outlet_key(a.url), places) for a, places in zip(articles, first, strict=True)), index
    )
    chosen = [
        profiles.profile(outlet_key(a.url), without=found)
        for a, found in zip(articles, anchors, strict=True)
    ]
    second = [
        extract_places(doc, index, url=a.url, outlet=profile)
        for a, doc, profile in zip(articles, docs, chosen, strict=True)
    ]
    result = score_articles(articles, _replay(second))
    return {
        "corpus": corpus,
        **result,
        "outlet_articles": sum(profile is not None for profile in chosen),
        "single_article": single,
    }


def _replay(predictions: list[list[Place]]) -> Callable[[GeoArticle], list[Place]]:
    """A `predict` for `score_articles` that hands out `predictions` in article order."""
    found = iter(predictions)
    return lambda _article: next(found)
