"""Hypothesis profiles, so that no property test fails because the machine is busy.

The suite runs on shared 2-core machines where one example may take seconds. Neither
profile has a deadline or the health checks that time examples or measure their size:
those fail on a busy machine, never on wrong code. ``ci`` (chosen when ``CI=true``) is also
derandomised (and keeps no example database), so a CI run tries the same examples every
time and a failure is reproducible; ``dev`` (the default) keeps exploring new examples and
replays the ones that failed before, from var/hypothesis. ``HYPOTHESIS_PROFILE`` picks one by
name, as does pytest's ``--hypothesis-profile``. Loaded once, by ``tests/conftest.py``, before
any test module: tests need no ``@settings(deadline=None)`` of their own.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

CI = "ci"
DEV = "dev"

# Health checks that measure time or size, never correctness.
TIMING_CHECKS = [HealthCheck.too_slow, HealthCheck.data_too_large]
# Where ``dev`` keeps the failing examples it replays first (var/ is not in git).
EXAMPLES = Path(__file__).resolve().parents[1] / "var" / "hypothesis"


def chosen_profile(environ: Mapping[str, str] = os.environ) -> str:
    if environ.get("HYPOTHESIS_PROFILE"):
        return environ["HYPOTHESIS_PROFILE"]
    return CI if environ.get("CI", "").lower() == "true" else DEV


def load() -> None:
    settings.register_profile(
        CI,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=TIMING_CHECKS,
    )
    settings.register_profile(
        DEV,
        deadline=None,
        database=DirectoryBasedExampleDatabase(EXAMPLES),
        suppress_health_check=TIMING_CHECKS,
    )
    settings.load_profile(chosen_profile())
