"""The hypothesis profiles of tests/hypothesis_profiles.py (issue 8, item 6)."""

from __future__ import annotations

from hypothesis import settings

from .hypothesis_profiles import CI, DEV, TIMING_CHECKS, chosen_profile


def test_ci_is_chosen_by_the_environment() -> None:
    assert chosen_profile({"CI": "true"}) == CI
    assert chosen_profile({"CI": "false"}) == chosen_profile({}) == DEV
    assert chosen_profile({"CI": "true", "HYPOTHESIS_PROFILE": DEV}) == DEV


def test_no_profile_times_the_examples() -> None:
    for name in (CI, DEV):
        profile = settings.get_profile(name)
        assert profile.deadline is None
        assert set(TIMING_CHECKS) <= set(profile.suppress_health_check)
    assert settings.get_profile(CI).derandomize


def test_every_test_runs_under_a_loaded_profile() -> None:
    assert settings.default.deadline is None
    assert set(TIMING_CHECKS) <= set(settings.default.suppress_health_check)
