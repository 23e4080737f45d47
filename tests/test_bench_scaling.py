"""The pure helpers of the scaling measurement (bench/scaling.py): percentiles, ratios, the
verdict against 1.5× and the markdown section it writes into the benchmarks page."""

from __future__ import annotations

from typing import Any

import pytest
from bench import scaling


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert scaling.percentile(values, 0.95) == 95
    assert scaling.percentile([3.0, 1.0, 2.0], 0.5) == 2
    assert scaling.percentile([7.0], 0.95) == 7
    with pytest.raises(ValueError):
        scaling.percentile([], 0.5)


def test_summary_reports_milliseconds() -> None:
    assert scaling.summary([0.010, 0.020, 0.030]) == {"median_ms": 20.0, "p95_ms": 30.0}


def test_the_verdict_holds_at_the_limit_and_fails_above_it() -> None:
    assert scaling.ratio(30.0, 20.0) == 1.5
    assert scaling.verdict(scaling.ratio(30.0, 20.0)) == "PASS"
    assert scaling.verdict(scaling.ratio(30.2, 20.0)) == "FAIL"
    assert scaling.verdict(scaling.ratio(10.0, 20.0)) == "PASS"
    assert scaling.ratio(5.0, 0.0) is None
    assert scaling.verdict(None) == "n/a"


def _measured(cpu_ms: float) -> dict[str, Any]:
    page = {
        "cpu": {"median_ms": cpu_ms, "p95_ms": cpu_ms * 2},
        "wall": {"median_ms": cpu_ms, "p95_ms": cpu_ms},
        "sql": {"median_ms": 1.0, "p95_ms": 1.0},
        "queries": 9,
    }
    return {"pages": {p.name: page for p in scaling.PAGES}}


def test_region_pages_are_judged_and_listing_pages_only_reported() -> None:
    rows = scaling.compare({20: _measured(10.0), 514: _measured(16.0)}, [20, 514])
    by_page = {row["page"]: row for row in rows}
    assert by_page["region dashboard"]["cpu_ratio"] == 1.6
    assert by_page["region dashboard"]["verdict"] == "FAIL"
    assert by_page["national dashboard"]["verdict"] == "reported"
    assert by_page["masterplan status API"]["514"]["queries"] == 9


def test_the_section_replaces_its_own_markers_only() -> None:
    page = "# Title\n\n<!-- scaling:sqlite -->\nold\n<!-- /scaling:sqlite -->\n\nAfter.\n"
    updated = scaling.with_section(page, "sqlite", "new table")
    assert "old" not in updated and "new table" in updated and updated.endswith("After.\n")
    added = scaling.with_section(updated, "postgresql", "pg table")
    assert "new table" in added
    assert added.rstrip().endswith("pg table\n<!-- /scaling:postgresql -->")
