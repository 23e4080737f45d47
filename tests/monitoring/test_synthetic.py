"""``generate_national_dataset``: synthetic regions with a published masterplan, indicators and
ten years of quarterly realisations, written in bulk without audit, summaries computed."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from kotacerdas.accounts.models import Membership, Role
from kotacerdas.monitoring import synthetic
from kotacerdas.monitoring.models import Indicator, Realisation, Target
from kotacerdas.monitoring.summary_models import MasterplanSummary
from kotacerdas.planning.models import (
    FundingLine,
    Masterplan,
    Programme,
    ProgrammeDependency,
    ProgrammeSupport,
)
from kotacerdas.readiness.models import Answer, Assessment

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
    # What a monitored region has besides its indicators: its people, its readiness
    # assessment, and programmes with funding, a supporting agency and dependencies.
    region = plan.region
    agencies = region.agencies.count()
    members = Membership.objects.filter(region=region)
    assert members.filter(role=Role.REGION_COORDINATOR).count() == 1
    assert members.filter(role=Role.AGENCY_EDITOR).count() == agencies
    assert not any(m.user.has_usable_password() for m in members.select_related("user"))
    assessment = Assessment.objects.get(region=region, year=synthetic.ASSESSMENT_YEAR)
    assert assessment.status == Assessment.Status.SUBMITTED
    answers = Answer.objects.filter(assessment=assessment)
    assert answers.count() == assessment.instrument.items.count()
    assert not answers.filter(level__isnull=True).exists()
    programmes = Programme.objects.filter(masterplan=plan)
    assert ProgrammeSupport.objects.filter(programme__in=programmes).count() == len(programmes)
    funding = FundingLine.objects.filter(programme__in=programmes)
    assert set(funding.values_list("source", flat=True)) == {"apbd", "apbn"}
    assert funding.filter(source="apbd").count() == synthetic.PROGRAMMES * 10
    dependencies = ProgrammeDependency.objects.filter(programme__in=programmes)
    assert dependencies.count() == synthetic.PROGRAMMES * 2 // 3
    assert all(
        d.depends_on.code < d.programme.code
        for d in dependencies.select_related("programme", "depends_on")
    )  # always on an earlier programme: no cycle
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
    assert Membership.objects.filter(region=region).count() == agencies + 1  # not twice


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
