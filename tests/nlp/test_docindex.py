"""Per-doc lookups: character ranges answer membership by bisection, as a scan would."""

from __future__ import annotations

import random

from newstrace.nlp.docindex import Ranges, in_ranges


def test_ranges_answer_as_a_scan_of_every_range_does():
    rng = random.Random(7)
    for _ in range(500):
        pairs = [(a, a + rng.randint(0, 6)) for a in rng.sample(range(60), rng.randint(0, 9))]
        ranges = Ranges(pairs)
        assert list(ranges) == sorted(pairs)
        for char in range(-1, 70):
            expected = any(start <= char < end for start, end in pairs)
            assert ranges.holds(char) is expected
            assert in_ranges(char, ranges) is in_ranges(char, pairs) is expected
        start = rng.randint(0, 60)
        end = start + rng.randint(0, 20)
        assert ranges.within(start, end) == sorted(
            (a, b) for a, b in pairs if start <= a and b <= end
        )


def test_a_range_inside_a_longer_one_does_not_hide_it():
    ranges = Ranges([(0, 100), (10, 12), (20, 22)])
    assert ranges.holds(50) and ranges.holds(11) and not ranges.holds(100)
