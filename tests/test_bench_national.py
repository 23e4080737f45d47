"""``bench/run.py --national``: the verdict per target (p95 under 300 ms), the section it writes
between its own markers of docs/benchmarks-national.md, and the personas and ids of
bench/seed_national.py on a small synthetic data set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bench import national, scaling
from bench.targets import DEMO_PASSWORD, NATIONAL_TARGETS
from django.test import Client

from kotacerdas.accounts.models import Membership, User
from kotacerdas.monitoring import synthetic
from kotacerdas.monitoring.models import Indicator
from kotacerdas.planning.models import Masterplan


def _result(name: str = "region dashboard (coordinator)", **changed: Any) -> dict[str, Any]:
    result = {
        "name": name,
        "path": "/regions/11.01/dashboard/",
        "login": "scale-coordinator",
        "requests": 200,
        "errors": 0,
        "median_ms": 41.5,
        "p95_ms": 120.0,
        "max_ms": 250.3,
        "throughput_rps": 45.2,
        "healthz_share_pct": 12.5,
        "queries_max": 14,
        "queries_varied": False,
    }
    return result | changed


MACHINE = {
    "cpu_count": 2,
    "platform": "Linux-test",
    "python": "3.11.2",
    "date": "2026-11-30T03:00:00+00:00",
    "load_average_start": [0.5, 0.4, 0.3],
    "load_average_end": [1.25, 0.5, 0.3],
    "database_engine": "sqlite",
    "database_version": "3.40.1",
    "database_name": "bench-national.sqlite3",
    "workers": 2,
    "clients": 8,
    "requests": 200,
    "warmup": 10,
}
FACTS = {"masterplans": 514, "indicators": 102_812, "realisations": 4_104_024}


def test_the_verdict_passes_under_300_ms_only() -> None:
    assert national.verdict(_result(p95_ms=299.9)) == "PASS"
    assert national.verdict(_result(p95_ms=300.0)) == "FAIL"
    assert national.verdict(_result(errors=1)) == "FAIL"
    assert national.verdict({"name": "x", "path": "/", "failed": "login refused"}) == "FAIL"


def test_the_run_passes_only_when_every_target_does() -> None:
    assert national.all_pass([_result("healthz"), _result()])
    assert not national.all_pass([_result("healthz"), _result(p95_ms=301.0)])
    assert not national.all_pass([])


def test_results_are_named_by_vendor() -> None:
    assert national.default_json("sqlite").name == "results-national.json"
    assert national.default_json("postgresql").name == "results-national-postgresql.json"


def test_the_section_says_where_it_ran_on_what_and_judges_each_target() -> None:
    slow = _result("national dashboard (national admin)", p95_ms=512.0, queries_varied=True)
    failed = {"name": "agency report card (editor)", "path": "/x/", "failed": "HTTP 500\nboom"}
    build = {"regions": 514, "seconds": 1606.0, "load_start": [1.0, 1, 1], "load_end": [2.0, 2, 2]}
    text = national.section([_result("healthz"), _result(), slow, failed], MACHINE, FACTS, build)
    assert "SQLite 3.40.1" in text and "2 CPUs" in text
    assert "load average 0.50 / 0.40 / 0.30 at the start, 1.25 / 0.50 / 0.30 at the end" in text
    assert "514 regions with a synthetic masterplan" in text
    assert "102 812 indicators, 4 104 024 realisations" in text
    assert "took 1606 s (26.8 min)" in text
    assert "**not met**" in text
    rows = {line.split(" | ")[0][2:]: line for line in text.splitlines() if line.startswith("| ")}
    assert rows["region dashboard (coordinator)"].endswith("| 14 | PASS |")
    assert "| 41.5 | 120.0 | 250.3 | 45.2 | 12.5 % |" in rows["region dashboard (coordinator)"]
    assert rows["national dashboard (national admin)"].endswith("| 14 ⚠ varied | FAIL |")
    assert "FAILED: HTTP 500 boom | FAIL |" in rows["agency report card (editor)"]
    assert rows["target"].endswith("| p95 < 300 ms |")
    widths = {line.count(" | ") for line in rows.values()}
    assert widths == {len(national.COLUMNS) - 1}  # every row has every column


def test_a_run_on_a_prepared_database_says_its_build_time_is_unknown() -> None:
    text = national.section([_result("healthz"), _result()], MACHINE, FACTS)
    assert "--no-prepare" in text and "took" not in text
    assert "**not met**" not in text and ": met." in text


def test_the_section_replaces_its_own_vendor_markers_only(tmp_path: Path) -> None:
    page = tmp_path / "benchmarks-national.md"
    scaled = scaling.with_section("# National\n", "sqlite", "scaling table")
    page.write_text(scaled + "\nAfter.\n")
    national.write_section(page, "sqlite", "first run\n")
    national.write_section(page, "postgresql", "pg run\n")
    national.write_section(page, "sqlite", "second run\n")
    text = page.read_text()
    assert "first run" not in text
    assert "<!-- bench-national:sqlite -->\nsecond run\n<!-- /bench-national:sqlite -->" in text
    assert "<!-- bench-national:postgresql -->\npg run\n" in text
    assert "<!-- scaling:sqlite -->\nscaling table\n<!-- /scaling:sqlite -->" in text
    assert text.startswith("# National\n") and "After." in text
    missing = tmp_path / "new" / "page.md"
    national.write_section(missing, "sqlite", "made\n")
    assert missing.read_text() == (
        f"{national.TITLE}\n<!-- bench-national:sqlite -->\nmade\n<!-- /bench-national:sqlite -->\n"
    )


@pytest.fixture
def two_regions(db: Any) -> list[Masterplan]:
    synthetic.generate(2, workers=1)
    return list(Masterplan.objects.filter(title=synthetic.TITLE).order_by("region__code"))


def test_ids_name_the_first_synthetic_region_and_its_first_indicator(
    two_regions: list[Masterplan],
) -> None:
    from bench import seed_national

    first = two_regions[0]
    found = seed_national.ids()
    assert found["nat_region"] == first.region.code < two_regions[1].region.code
    assert found["nat_masterplan"] == str(first.pk)
    indicator = Indicator.objects.get(pk=found["nat_indicator"])
    assert indicator.masterplan == first and indicator.code == "IK000"
    assert found["nat_agency"] == str(indicator.responsible_agency_id)
    assert indicator.responsible_agency is not None
    assert indicator.responsible_agency.region == first.region
    assert first.region.province is not None
    assert found["nat_province"] == first.region.province.code
    facts = seed_national.facts()
    assert facts["masterplans"] == 2
    assert facts["realisations"] >= 2 * synthetic.INDICATORS * 40


def test_the_personas_sign_in_with_the_demo_password_and_open_every_target(
    two_regions: list[Masterplan],
) -> None:
    from bench import seed_national

    seed_national.run()
    seed_national.run()  # idempotent: the same users and memberships
    users = User.objects.filter(username__startswith="scale-")
    assert users.count() == 4
    assert Membership.objects.filter(user__in=users).count() == 4
    ids = seed_national.ids()
    for target in NATIONAL_TARGETS:
        client = Client()
        if target.login:  # bench/run.py signs in through the form; axes wants a request here
            user = User.objects.get(username=target.login[0])
            assert user.check_password(target.login[1]), user.username
            client.force_login(user)
        response = client.get(target.path.format_map(ids))
        assert response.status_code == 200, target.name


def test_scaling_uses_the_same_personas_and_ids(two_regions: list[Masterplan]) -> None:
    users, ids, facts = scaling._setup_personas()
    assert users["editor"].check_password(DEMO_PASSWORD)
    assert ids["region"] == two_regions[0].region.code
    assert set(ids) == {"region", "agency", "indicator", "masterplan", "province"}
    assert facts["masterplans"] == 2
