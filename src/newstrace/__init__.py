"""newstrace: who said what, who did what to whom, where and when, from raw news."""

import logging

from .records import Article, InputArticle, InputError, Quote, Span

__version__ = "0.1.0"

__all__ = ["Article", "InputArticle", "InputError", "Quote", "Span", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
