"""Shared fixtures: the repo-relative paths of ../shared and the loaded pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEMO = REPO / "demo"
# The sample ships in the repo's demo corpus, so tests on it run on a fresh clone too.
SAMPLE = DEMO / "aleppo-2016-02-russia-blames-us.txt"


def require(path: Path) -> Path:
    """Skip the calling test, naming the folder, when a ../shared path is absent."""
    if not path.exists():
        pytest.skip(
            f"{path} is absent: tests on the shared datasets need ../shared beside the repo"
        )
    return path


@pytest.fixture(scope="session")
def nlp():
    from newstrace.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def sample_text() -> str:
    return require(SAMPLE).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_article(nlp, sample_text):
    from newstrace.core import extract_text

    return extract_text(sample_text, nlp, source=str(SAMPLE))
