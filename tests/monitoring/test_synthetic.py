"""``generate_national_dataset``: synthetic regions with a published masterplan, indicators and
ten years of quarterly realisations, written in bulk without audit, summaries computed."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from kotacerdas.monitoring import synthetic
from kotacerdas.monitoring.models import Indicator, Realisation, Target
from kotacerdas.monitoring.summary_models import MasterplanSummary
from kotacerdas.planning.models import Masterplan, Programme

from ..conftest import World
from ..planning import factories as pf


def test_it_refuses_a_database_with_real_masterplans(world: World) -> None:
    pf.masterplan(world)
    with pytest.raises(CommandError, match="synthetic"):
        call_command("generate_national_dataset", "--regions", "1")
    assert not Masterplan.objects.filter(title=synthetic.TITLE).exists()


def test_each_region_gets_a_published_plan_with_its_data_and_summaries(world: World) -> None:
    real = pf.masterplan(world)
    audit_before = LogEntry.objects.count()
    call_command(
        "generate_national_dataset",
        "--regions",
        "1",
        "--i-know-this-is-synthetic",
        "--workers",
        "1",
    )
    plans = list(Masterplan.objects.filter(title=synthetic.TITLE))
    assert len(plans) == 1 and real.region_id not in {p.region_id for p in plans}
    assert all(p.is_published and p.region.is_active for p in plans)
    plan = plans[0]
    assert Programme.objects.filter(masterplan=plan).count() == synthetic.PROGRAMMES
    assert Indicator.objects.filter(masterplan=plan).count() == synthetic.INDICATORS
    assert Target.objects.filter(indicator__masterplan=plan).count() == synthetic.INDICATORS * 10
    realisations = Realisation.objects.filter(indicator__masterplan=plan)
    assert realisations.count() == synthetic.INDICATORS * 40
    assert realisations.filter(state="verified", is_current=True).count() == realisations.count()
    summary = MasterplanSummary.objects.get(masterplan=plan)
    assert summary.indicators == synthetic.INDICATORS
    assert summary.on_track and summary.off_track  # the dashboards show every status
    assert LogEntry.objects.count() == audit_before  # synthetic rows leave no audit trail
    # Again with more regions: only the missing one is added.
    call_command(
        "generate_national_dataset",
        "--regions",
        "2",
        "--i-know-this-is-synthetic",
        "--workers",
        "1",
    )
    assert Masterplan.objects.filter(title=synthetic.TITLE).count() == 2


def _values(seed: str) -> list[str]:
    Masterplan.objects.filter(title=synthetic.TITLE).delete()
    call_command(
        "generate_national_dataset",
        "--regions=1",
        f"--seed={seed}",
        "--i-know-this-is-synthetic",
        "--workers=1",
        "--no-refresh",
    )
    found = Realisation.objects.filter(indicator__masterplan__title=synthetic.TITLE)
    return [
        str(v)
        for v in found.order_by("indicator__code", "year", "sub_period")[:40].values_list(
            "value", flat=True
        )
    ]


def test_the_same_seed_writes_the_same_values_and_another_seed_others(world: World) -> None:
    first = _values("3")
    assert _values("3") == first
    assert _values("4") != first


def test_a_run_stopped_before_its_summaries_is_completed_by_the_next(world: World) -> None:
    options = ["--regions=1", "--i-know-this-is-synthetic", "--workers=1"]
    call_command("generate_national_dataset", *options, "--no-refresh")
    plan = Masterplan.objects.get(title=synthetic.TITLE)
    assert not MasterplanSummary.objects.filter(masterplan=plan).exists()
    call_command("generate_national_dataset", *options)
    assert Masterplan.objects.filter(title=synthetic.TITLE).count() == 1  # nothing added
    assert MasterplanSummary.objects.get(masterplan=plan).indicators == synthetic.INDICATORS
