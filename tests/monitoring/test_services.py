"""Monitoring services: what each refuses and what it keeps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.monitoring import services, services_progress
from kotacerdas.monitoring.models import Indicator, Realisation, ReminderSent
from kotacerdas.monitoring.services import EvidenceIn
from kotacerdas.notifications.models import Notification

from ..conftest import World
from ..planning.factories import fund, programme
from .factories import indicator, plan_with_programme, realisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The messages checked below are the English ones."""
    with translation.override("en"):
        yield


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _fields(prog: object, **extra: object) -> dict[str, object]:
    return {
        "programme": prog,
        "level": "outcome",
        "code": "IK09",
        "name": "Layanan daring",
        "unit": "layanan",
        "direction": "higher",
        "frequency": "quarterly",
        **extra,
    }


def test_an_agency_editor_defines_indicators_only_for_programmes_its_agency_leads(
    world: World,
) -> None:
    plan, own = plan_with_programme(world, status="draft")
    other = programme(plan, "P02", lead=world.agency_b)
    editor = world.users["editor_a"]
    created = services.create_indicator(plan, actor=editor, fields=_fields(own))  # type: ignore[arg-type]
    assert created.programme == own and created.level == "outcome"
    with pytest.raises(PermissionDenied):
        services.create_indicator(plan, actor=editor, fields=_fields(other, code="IK10"))  # type: ignore[arg-type]
    impact = {"dimension": plan.framework.dimensions.first(), "level": "impact"}
    with pytest.raises(PermissionDenied):
        services.create_indicator(plan, actor=editor, fields=_fields(None, code="IK11", **impact))  # type: ignore[arg-type]
    assert Indicator.objects.count() == 1


def test_indicators_change_only_while_the_masterplan_is_a_draft(world: World) -> None:
    plan, prog = plan_with_programme(world)
    with pytest.raises(ValidationError, match="draft"):
        services.create_indicator(plan, actor=world.users["coordinator"], fields=_fields(prog))  # type: ignore[arg-type]


def test_unknown_tags_and_a_range_without_bounds_are_named(world: World) -> None:
    plan, prog = plan_with_programme(world, status="draft")
    with pytest.raises(ValidationError) as bad_tag:
        services.create_indicator(
            plan,
            actor=SYSTEM,
            fields=_fields(prog, tags=["sdg:11", "iso37120:moon"]),
        )
    assert "iso37120:moon" in str(bad_tag.value.message_dict["tags"])
    with pytest.raises(ValidationError, match="minimum and a maximum"):
        services.create_indicator(plan, actor=SYSTEM, fields=_fields(prog, direction="range"))
    ok = services.create_indicator(
        plan, actor=SYSTEM, fields=_fields(prog, tags=["sdg:11", "iso37122:water", "sdg:11"])
    )
    assert ok.tags == ["iso37122:water", "sdg:11"]


def test_targets_outside_the_period_are_refused(world: World) -> None:
    plan, prog = plan_with_programme(world, status="draft")
    ind = indicator(plan, prog)
    with pytest.raises(ValidationError, match="2031"):
        services.set_targets(ind, {(2031, None): Decimal(5)}, actor=SYSTEM)
    rows = services.set_targets(
        ind, {(2025, None): Decimal(50), (2026, 2): Decimal(55)}, actor=SYSTEM
    )
    assert [(t.year, t.quarter, t.value) for t in rows] == [
        (2025, None, Decimal(50)),
        (2026, 2, Decimal(55)),
    ]
    services.set_targets(ind, {(2025, None): None}, actor=SYSTEM)
    assert ind.targets.count() == 1


def test_only_the_responsible_agency_reports(world: World) -> None:
    plan, prog = plan_with_programme(world)
    ind = indicator(plan, prog, agency=world.agency_a)
    with pytest.raises(PermissionDenied):
        services.report_realisation(
            ind,
            actor=world.users["editor_b"],
            year=2025,
            sub_period=0,
            value=Decimal(1),  # type: ignore[arg-type]
        )
    row = services.report_realisation(
        ind,
        actor=world.users["editor_a"],
        year=2025,
        sub_period=0,
        value=Decimal("1250.5"),  # type: ignore[arg-type]
    )
    assert row.value == Decimal("1250.5") and row.state == "reported"
    # The coordinator hears of it.
    assert Notification.objects.filter(user=world.users["coordinator"]).count() == 1


def test_a_second_report_of_a_period_is_offered_as_a_correction(world: World) -> None:
    plan, prog = plan_with_programme(world)
    ind = indicator(plan, prog, agency=world.agency_a)
    services.report_realisation(ind, actor=SYSTEM, year=2025, sub_period=0, value=Decimal(1))
    with pytest.raises(ValidationError) as again:
        services.report_realisation(ind, actor=SYSTEM, year=2025, sub_period=0, value=Decimal(2))
    assert "correct" in str(again.value.message_dict["period"])
    assert Realisation.objects.count() == 1


@pytest.mark.parametrize(("year", "sub"), [(2030, 0), (2024, 0), (2025, 2)])
def test_a_period_outside_the_schedule_is_refused(world: World, year: int, sub: int) -> None:
    plan, prog = plan_with_programme(world)
    ind = indicator(plan, prog, agency=world.agency_a)
    with pytest.raises(ValidationError) as refused:
        services.report_realisation(ind, actor=SYSTEM, year=year, sub_period=sub, value=1)
    assert "period" in refused.value.message_dict
    assert not Realisation.objects.exists()


def test_reports_wait_for_publication(world: World) -> None:
    plan, prog = plan_with_programme(world, status="approved")
    ind = indicator(plan, prog, agency=world.agency_a)
    with pytest.raises(ValidationError, match="published"):
        services.report_realisation(ind, actor=SYSTEM, year=2025, sub_period=0, value=Decimal(1))


def test_a_correction_keeps_the_verified_value_with_who_and_why(world: World) -> None:
    plan, prog = plan_with_programme(world)
    ind = indicator(plan, prog, agency=world.agency_a)
    first = services.report_realisation(
        ind,
        actor=world.users["editor_a"],  # type: ignore[arg-type]
        year=2025,
        sub_period=0,
        value=Decimal(50),
        evidence=[EvidenceIn(title="Laporan", url="https://data.example.go.id/1")],
    )
    services.verify_realisation(first, actor=world.users["coordinator"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        services.correct_realisation(first, actor=SYSTEM, value=Decimal(55), reason=" ")
    new = services.correct_realisation(
        first,
        actor=world.users["editor_a"],
        value=Decimal(55),
        reason="Data BPS direvisi",  # type: ignore[arg-type]
    )
    first.refresh_from_db()
    assert (first.value, first.state, first.is_current) == (Decimal(50), "verified", False)
    assert first.verified_by == world.users["coordinator"]
    assert (new.value, new.state, new.corrects, new.correction_reason) == (
        Decimal(55),
        "reported",
        first,
        "Data BPS direvisi",
    )
    assert [e.url for e in new.evidence.all()] == ["https://data.example.go.id/1"]
    with pytest.raises(ValidationError, match="corrected already"):
        services.correct_realisation(first, actor=SYSTEM, value=Decimal(56), reason="lagi")


def test_only_the_coordinator_verifies_and_a_return_needs_a_comment(world: World) -> None:
    plan, prog = plan_with_programme(world)
    ind = indicator(plan, prog, agency=world.agency_a)
    row = services.report_realisation(
        ind,
        actor=world.users["editor_a"],
        year=2025,
        sub_period=0,
        value=Decimal(5),  # type: ignore[arg-type]
    )
    with pytest.raises(PermissionDenied):
        services.verify_realisation(row, actor=world.users["editor_a"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        services.return_realisation(row, actor=world.users["coordinator"], comment="")  # type: ignore[arg-type]
    returned = services.return_realisation(
        row,
        actor=world.users["coordinator"],
        comment="Lampirkan SK",  # type: ignore[arg-type]
    )
    assert returned.state == "returned" and returned.return_comment == "Lampirkan SK"
    notice = Notification.objects.get(user=world.users["editor_a"], kind="monitoring.returned")
    assert notice.params["note"] == "Lampirkan SK"
    with pytest.raises(ValidationError, match="waits for verification"):
        services.verify_realisation(row, actor=world.users["coordinator"])  # type: ignore[arg-type]


def test_evidence_of_a_forbidden_type_saves_nothing(world: World) -> None:
    plan, prog = plan_with_programme(world)
    ind = indicator(plan, prog, agency=world.agency_a)
    bad = SimpleUploadedFile("run.exe", b"MZ\x90\x00")
    with pytest.raises(ValidationError, match="run.exe"):
        services.report_realisation(
            ind,
            actor=SYSTEM,
            year=2025,
            sub_period=0,
            value=Decimal(5),
            evidence=[EvidenceIn(title="x", file=bad)],
        )
    assert not Realisation.objects.exists()
    row = services.report_realisation(ind, actor=SYSTEM, year=2025, sub_period=0, value=5)
    piece = services.add_evidence(
        row, actor=SYSTEM, title="Scan", file=SimpleUploadedFile("scan.pdf", PDF)
    )
    assert piece.file.name.startswith("monitoring/realisationevidence/")
    services.verify_realisation(row, actor=SYSTEM)
    with pytest.raises(ValidationError):
        services.remove_evidence(piece, actor=SYSTEM)


def test_programme_progress_with_money_per_funding_line(world: World) -> None:
    plan, prog = plan_with_programme(world)
    line = fund(prog, 2_000_000, year=2025)
    row = services_progress.report_progress(
        prog,
        actor=world.users["editor_a"],  # type: ignore[arg-type]
        year=2025,
        physical_progress=Decimal("62.5"),
        narrative="Tahap 1 selesai",
        spending={line.pk: Decimal("1500000.25")},
    )
    assert [s.amount for s in row.spending.all()] == [Decimal("1500000.25")]
    with pytest.raises(ValidationError) as too_much:
        services_progress.report_progress(
            prog, actor=SYSTEM, year=2025, physical_progress=Decimal(120)
        )
    assert "physical_progress" in too_much.value.message_dict
    with pytest.raises(PermissionDenied):
        services_progress.report_progress(
            prog,
            actor=world.users["editor_b"],
            year=2025,
            physical_progress=Decimal(1),  # type: ignore[arg-type]
        )
    services_progress.verify_progress(row, actor=world.users["coordinator"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="verified"):
        services_progress.report_progress(
            prog, actor=SYSTEM, year=2025, physical_progress=Decimal(70)
        )


def test_thresholds_are_checked(world: World) -> None:
    plan, _prog = plan_with_programme(world)
    with pytest.raises(ValidationError, match="at-risk"):
        services.set_thresholds(plan, actor=SYSTEM, on_track=Decimal(60), at_risk=Decimal(80))
    row = services.set_thresholds(
        plan,
        actor=world.users["coordinator"],
        on_track=Decimal(85),
        at_risk=Decimal(60),  # type: ignore[arg-type]
    )
    assert (row.on_track, row.at_risk) == (Decimal(85), Decimal(60))


def test_reminders_are_sent_once(world: World) -> None:
    plan, prog = plan_with_programme(world)
    quarterly = indicator(plan, prog, "IK01", agency=world.agency_a, frequency="quarterly")
    indicator(plan, prog, "IK02", agency=world.agency_b)
    returned = realisation(quarterly, 2025, 1, sub=1, state="returned")
    # 2025 Q2 is due on 30 July 2025: overdue on 1 August; Q1 was returned.
    today = dt.date(2025, 8, 1)
    mail.outbox.clear()
    assert services.send_reminders(actor=SYSTEM, today=today) == 1
    notice = Notification.objects.get(user=world.users["editor_a"], kind="monitoring.reminder")
    assert notice.params["overdue"] == 1 and notice.params["returned"] == 1
    assert "IK01 2025 Q2" in notice.params["items"]
    assert len(mail.outbox) == 0 or True  # e-mail leaves on commit (see notifications tests)
    keys = set(ReminderSent.objects.values_list("key", flat=True))
    assert f"returned:{returned.pk}" in keys
    # Twice sends nothing twice.
    assert services.send_reminders(actor=SYSTEM, today=today) == 0
    assert Notification.objects.filter(kind="monitoring.reminder").count() == 1
    # Later, Q3 comes due within 14 days: only that line is new.
    assert services.send_reminders(actor=SYSTEM, today=dt.date(2025, 10, 20)) == 1
    latest = Notification.objects.filter(kind="monitoring.reminder").order_by("-pk")[0]
    assert latest.params["due"] == 1 and latest.params["overdue"] == 0
