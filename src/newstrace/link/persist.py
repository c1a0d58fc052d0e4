"""Writing the corpus indexes (duplicates, trust state, stories) to disk safely."""

from __future__ import annotations

import os
import pickle
from pathlib import Path


def save_pickle(value: object, path: str | Path) -> None:
    """Pickle `value` to `path` atomically: written beside it, then renamed over it, so a
    crash mid-write leaves the previous file whole, never half a file."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, path)
