"""One progress bar for every evaluation command, on stderr so JSON results stay clean."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from rich.console import Console
from rich.progress import track

Item = TypeVar("Item")


def progress(
    items: Iterable[Item],
    description: str,
    *,
    show: bool = True,
    total: int | None = None,
    transient: bool = True,
) -> Iterable[Item]:
    """`items`, shown as a rich progress bar on stderr when `show` is true."""
    if not show:
        return items
    return track(
        items,
        total=total,
        description=description,
        transient=transient,
        console=Console(stderr=True),
    )
