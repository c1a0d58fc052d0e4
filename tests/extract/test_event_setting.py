"""Event setting lookups: records inside a sentence, found by bisection, in their order."""

from __future__ import annotations

import random

from newstrace.extract.event_setting import ByPosition
from newstrace.records import Span


def test_by_position_finds_what_a_scan_finds_in_the_same_order():
    rng = random.Random(3)
    for _ in range(300):
        items = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 80)
            end = start + rng.randint(0, 9)
            items.append(Span(start=start, end=end, text="x" * (end - start)))
        found = ByPosition(items)
        assert list(found) == items and len(found) == len(items)
        start = rng.randint(0, 80)
        end = start + rng.randint(0, 30)
        assert found.within(start, end) == [i for i in items if start <= i.start and i.end <= end]
