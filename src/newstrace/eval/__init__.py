"""Scoring of the extractors against public annotated data (consumes the flow, never fed)."""

from .brat import GoldArticle, GoldAttribution, read_brat
from .quotes import QuoteScores, evaluate_quotes, pipeline_extractor, polnear_split_dir

__all__ = [
    "GoldArticle",
    "GoldAttribution",
    "QuoteScores",
    "evaluate_quotes",
    "pipeline_extractor",
    "polnear_split_dir",
    "read_brat",
]
