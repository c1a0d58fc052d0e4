"""Ingest: turn files, directories, stdin and HTML into `InputArticle` records."""

from .boilerplate import find_boilerplate, mask_spans
from .readers import read_inputs

__all__ = ["find_boilerplate", "mask_spans", "read_inputs"]
