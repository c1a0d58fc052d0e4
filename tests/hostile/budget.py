"""Hypothesis budgets of the hostile suite: small and reproducible in CI, large at night.

`HYPOTHESIS_PROFILE=nightly` multiplies every test's example count by 25 and lets
Hypothesis draw fresh random examples (and keep the failures it finds in its database);
the default profile, "ci", replays the same derandomised examples on every run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SHARED = {
    "deadline": None,  # 2 shared cores: a slow example is load, not a bug
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", derandomize=True, database=None, **_SHARED)
settings.register_profile("nightly", derandomize=False, **_SHARED)
_SCALE = {"ci": 1, "nightly": 25}
# The longest single line the extract properties draw (CI keeps the suite to minutes),
# and the longest the pipeline takes at all (`[nlp] max_chars`), run once per session.
_LONG_LINE = {"ci": 60_000, "nightly": 1_000_000}
MAX_LINE_CHARS = 1_000_000

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
if PROFILE not in _SCALE:
    raise RuntimeError(
        f"HYPOTHESIS_PROFILE={PROFILE!r} is not a hostile-suite profile; "
        f"use one of {sorted(_SCALE)}"
    )


LONG_LINE_CHARS = _LONG_LINE[PROFILE]


def budget(examples: int) -> settings:
    """Settings of one property test: `examples` in CI, scaled up by the profile."""
    return settings(settings.get_profile(PROFILE), max_examples=examples * _SCALE[PROFILE])
