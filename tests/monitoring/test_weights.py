"""Roll-up weights: the coordinator sets how much each programme and dimension counts; the
status pages, the summary rows and the published rule follow."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.monitoring import queries, weights
from kotacerdas.monitoring.models import RollUpWeight
from kotacerdas.monitoring.summary_models import DimensionSummary, MasterplanSummary
from kotacerdas.planning.models import Masterplan, Programme

from ..conftest import World
from ..planning.conftest import query_count
from ..planning.factories import dimension, programme
from .factories import indicator, plan_with_programme, realisation, target


def _scored(plan: Masterplan, prog: Programme, code: str, value: int, year: int) -> None:
    """An indicator of ``prog`` (baseline 40, target 60) achieving ``value`` in ``year``."""
    ind = indicator(plan, prog, code)
    target(ind, year, 60)
    realisation(ind, year, value, state="verified")


@pytest.fixture
def plan(world: World) -> tuple[Masterplan, Programme, Programme, Programme]:
    """Governance: P01 at 100 %, P02 at 0 %; living: L01 at 50 %, in the year looked at."""
    plan, p01 = plan_with_programme(world)
    year = queries.default_year(plan)
    p02 = programme(plan, "P02", end_year=2029)
    l01 = programme(plan, "L01", dim="living", end_year=2029)
    _scored(plan, p01, "IK01", 60, year)
    _scored(plan, p02, "IK02", 40, year)
    _scored(plan, l01, "IK03", 50, year)
    return plan, p01, p02, l01


def _scores(plan: Masterplan) -> dict[str, Decimal | None]:
    status = queries.masterplan_status(plan, queries.default_year(plan))
    found: dict[str, Decimal | None] = {"plan": status.score}
    for d in status.dimensions:
        found[d.dimension.code] = d.score
    return found


def test_weights_change_the_roll_up_and_the_summary_rows(world: World, plan: tuple) -> None:
    masterplan, _p01, p02, _l01 = plan
    governance, living = dimension("governance"), dimension("living")
    before = _scores(masterplan)
    assert before["governance"] == Decimal("50.00")
    assert before["living"] == Decimal("50.00")
    audit = LogEntry.objects.count()
    weights.set_weights(
        masterplan,
        actor=world.users["coordinator"],  # type: ignore[arg-type]
        programmes={p02.pk: "0"},  # P02 left out: governance is P01's 100 %
        dimensions={governance.pk: Decimal(3), living.pk: 1},
    )
    after = _scores(masterplan)
    assert after["governance"] == Decimal("100.00")
    # Only governance and living have scores: (100 × 3 + 50 × 1) / 4.
    assert after["plan"] == Decimal("87.50")
    assert LogEntry.objects.count() == audit + 2  # two rows changed, each audited
    # Every year of the period is recomputed with the new weights.
    rows = DimensionSummary.objects.filter(masterplan=masterplan, dimension=governance)
    assert rows.count() == len(masterplan.period)
    summary = rows.get(is_current=True)
    assert summary.score == Decimal("100.00")
    assert summary.weight == Decimal(3)
    current = MasterplanSummary.objects.get(masterplan=masterplan, is_current=True)
    assert current.score == Decimal("87.50")


def test_bad_weights_are_refused_with_the_field_and_nothing_saved(
    world: World, plan: tuple
) -> None:
    masterplan, p01, p02, _l01 = plan
    cases: list[tuple[dict, dict, str, str]] = [
        ({p01.pk: "-1"}, {}, weights.programme_field(p01.pk), "negative"),
        ({p01.pk: "satu"}, {}, weights.programme_field(p01.pk), "number"),
        ({p01.pk: 0, p02.pk: 0}, {}, weights.programme_field(p01.pk), "programme of"),
        ({}, {d.pk: 0 for d in queries.weighted_dimensions(masterplan)}, "dimension_", "dimen"),
        ({10**9: 1}, {}, weights.programme_field(10**9), "not part"),
    ]
    for programmes, dimensions, field, words in cases:
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            weights.set_weights(
                masterplan, actor=SYSTEM, programmes=programmes, dimensions=dimensions
            )
        fields = refused.value.message_dict
        assert any(name.startswith(field) for name in fields), fields
        assert words in " ".join(m for ms in fields.values() for m in ms), fields
    assert not RollUpWeight.objects.exists()


def test_only_the_coordinator_sets_weights(world: World, plan: tuple) -> None:
    masterplan, p01, _p02, _l01 = plan
    for persona in ("editor_a", "editor_b", "province_viewer", "other_coordinator"):
        user = world.users[persona]
        with pytest.raises(PermissionDenied):
            weights.set_weights(
                masterplan,
                actor=user,  # type: ignore[arg-type]
                programmes={p01.pk: 2},
                dimensions={},
            )
    assert not RollUpWeight.objects.exists()


def test_the_coordinator_sets_weights_on_the_page_and_the_rule_shows_them(
    world: World, plan: tuple, en: Callable[[str], Client]
) -> None:
    masterplan, p01, p02, _l01 = plan
    url = reverse("monitoring:weights_edit", args=[masterplan.pk])
    client = world.client("coordinator")  # Indonesian: 2,5 is two and a half
    data = {
        **{weights.dimension_field(d.pk): "1" for d in queries.weighted_dimensions(masterplan)},
        **{weights.programme_field(p.pk): "1" for p in queries.weighted_programmes(masterplan)},
    }
    zero = {weights.programme_field(p01.pk): "0", weights.programme_field(p02.pk): "0"}
    bad = client.post(url, {**data, **zero})
    assert bad.status_code == 200
    assert "Tata Kelola" in bad.content.decode() or "governance" in bad.content.decode().lower()
    assert not RollUpWeight.objects.exists()
    negative = client.post(url, {**data, weights.programme_field(p01.pk): "-1"})
    assert negative.status_code == 200 and not RollUpWeight.objects.exists()
    good = client.post(url, {**data, weights.programme_field(p01.pk): "2,5"})
    assert good.status_code == 302
    assert RollUpWeight.objects.get().weight == Decimal("2.5")
    page = en("editor_b").get(reverse("monitoring:indicator_list", args=[masterplan.pk]))
    text = page.content.decode()
    assert "weighted mean" in text
    assert "P01: 2.5" in text and "P02: 1" in text


def test_the_weights_page_costs_the_same_queries_for_more_programmes(
    world: World, plan: tuple
) -> None:
    masterplan = plan[0]
    client = world.client("coordinator")
    url = reverse("monitoring:weights_edit", args=[masterplan.pk])
    small = query_count(client, url)
    for n in range(3, 12):
        programme(masterplan, f"P{n:02}", end_year=2029)
    assert query_count(client, url) == small
