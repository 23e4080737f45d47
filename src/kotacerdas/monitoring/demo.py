"""Demo monitoring data of Kota Bengkulu, used by ``manage.py seed_demo``; idempotent.

The demo masterplan 2025–2029 is still a draft (nothing can be reported on it), so the
region gets its previous masterplan, 2021–2025, published, with indicators, yearly targets
and realisations: verified ones, one waiting for verification, one returned, one
corrected; and programme progress. The draft gets a few indicators with targets too.
Everything goes through the planning and monitoring services, as the people would.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kotacerdas.accounts.actors import SYSTEM, Actor
from kotacerdas.accounts.models import User
from kotacerdas.framework.models import FrameworkVersion
from kotacerdas.planning.masterplans import services as masterplans
from kotacerdas.planning.models import Masterplan, Programme
from kotacerdas.planning.programmes.checks import Attachments, Funding
from kotacerdas.planning.programmes.services import create_programme
from kotacerdas.planning.review import services as review
from kotacerdas.planning.strategy import services as strategy
from kotacerdas.regions.models import Region

from . import services, services_progress
from .models import Indicator

PREVIOUS_TITLE = "Masterplan Smart City Kota Bengkulu 2021–2025"
MILLION = Decimal(1_000_000)

# code, name, dimension, lead agency, first and last year, APBD per year (millions)
PROGRAMMES = (
    (
        "GOV-01",
        "Sistem Pemerintahan Berbasis Elektronik Terpadu",
        "governance",
        "diskominfo",
        (2021, 2025),
        750,
    ),
    ("LIV-01", "Layanan Kesehatan Primer Terhubung", "living", "dinkes", (2021, 2025), 500),
)

# programme code (None: impact), code, name, unit, direction, baseline, agency, tags,
# targets 2021–2025, realisations 2021–2025 (None: not reported)
INDICATORS: tuple[tuple[Any, ...], ...] = (
    (
        "GOV-01",
        "IK-GOV-01",
        "Layanan perizinan yang dapat diajukan daring",
        "%",
        "higher",
        "35",
        "diskominfo",
        ["iso37122:governance", "u4ssc:ict.public_sector", "sdg:16"],
        ("45", "55", "65", "75", "85"),
        ("44", "57", "61", "70", "78"),
    ),
    (
        "GOV-01",
        "IK-GOV-02",
        "Indeks SPBE",
        "indeks",
        "higher",
        "2,1",
        "diskominfo",
        ["iso37122:governance"],
        ("2,4", "2,7", "3,0", "3,3", "3,5"),
        ("2,4", "2,6", "2,9", "3,1", None),
    ),
    (
        "LIV-01",
        "IK-LIV-01",
        "Puskesmas dengan rekam medis elektronik",
        "%",
        "higher",
        "10",
        "dinkes",
        ["iso37120:health", "sdg:3"],
        ("30", "50", "70", "90", "100"),
        ("28", "45", "60", "72", "80"),
    ),
    (
        "LIV-01",
        "IK-LIV-02",
        "Waktu tunggu rata-rata layanan rawat jalan",
        "menit",
        "lower",
        "95",
        "dinkes",
        ["iso37120:health"],
        ("85", "75", "65", "55", "45"),
        ("88", "79", "70", "66", "61"),
    ),
    (
        None,
        "IK-DAMPAK-01",
        "Indeks kepuasan masyarakat terhadap layanan publik",
        "indeks",
        "higher",
        "72",
        None,
        ["sdg:11", "sdg:16"],
        ("74", "76", "78", "80", "82"),
        ("74", "75", "77", "78", None),
    ),
)


def _user(username: str) -> Actor:
    return User.objects.filter(username=username).first() or SYSTEM


def _previous_masterplan(region: Region, framework: FrameworkVersion) -> Masterplan:
    plan = masterplans.create_masterplan(
        region, actor=SYSTEM, title=PREVIOUS_TITLE, start_year=2021, years=5, framework=framework
    )
    strategy.save_vision(
        plan,
        actor=SYSTEM,
        text="Bengkulu kota layanan digital yang terpadu",
        rpjmd_reference="Visi RPJMD 2021–2026",
    )
    agencies = {a.code: a for a in region.agencies.all()}
    dimensions = {d.code: d for d in framework.dimensions.prefetch_related("elements")}
    for code, name, dim, lead, (start, end), apbd in PROGRAMMES:
        create_programme(
            plan,
            actor=SYSTEM,
            fields={
                "code": code,
                "name": name,
                "dimension": dimensions[dim],
                "element": dimensions[dim].elements.all()[0],
                "horizon": "medium",
                "start_year": start,
                "end_year": end,
                "lead_agency": agencies[lead],
            },
            parts=Attachments(
                funding=[Funding("apbd", y, apbd * MILLION) for y in range(start, end + 1)]
            ),
        )
    return plan


def _define(plan: Masterplan, region: Region) -> None:
    programmes = {p.code: p for p in plan.programmes.all()}
    agencies = {a.code: a for a in region.agencies.all()}
    first_dimension = plan.framework.dimensions.order_by("position")[0]
    for row in INDICATORS:
        prog_code, code, name, unit, direction, baseline, agency, tags, targets, _values = row
        programme: Programme | None = programmes.get(prog_code) if prog_code else None
        if prog_code and programme is None:
            continue
        fields: dict[str, Any] = {
            "programme": programme,
            "dimension": None if programme else first_dimension,
            "level": "outcome" if programme else "impact",
            "code": code,
            "name": name,
            "unit": unit,
            "direction": direction,
            "baseline_value": Decimal(baseline.replace(",", ".")),
            "baseline_year": plan.start_year - 1,
            "data_source": "Laporan tahunan perangkat daerah",
            "responsible_agency": agencies.get(agency) if agency else None,
            "frequency": "yearly",
            "tags": tags,
        }
        indicator = services.create_indicator(plan, actor=SYSTEM, fields=fields)
        years = list(plan.period)
        services.set_targets(
            indicator,
            {(y, None): Decimal(t.replace(",", ".")) for y, t in zip(years, targets, strict=False)},
            actor=SYSTEM,
        )


def _report(plan: Masterplan) -> None:
    coordinator = _user("koordinator")
    editors = {"diskominfo": _user("diskominfo"), "dinkes": _user("dinkes")}
    rows = {i.code: i for i in Indicator.objects.filter(masterplan=plan)}
    for row in INDICATORS:
        code, agency, values = row[1], row[6], row[9]
        indicator = rows[code]
        reporter = editors.get(agency, coordinator) if agency else coordinator
        for year, value in zip(plan.period, values, strict=False):
            if value is None:
                continue
            reported = services.report_realisation(
                indicator,
                actor=reporter,
                year=year,
                sub_period=0,
                value=value,
                quality="measured" if year < plan.end_year else "estimated",
                note="" if year < plan.end_year else "Angka sementara",
            )
            if year < plan.end_year - 1:
                services.verify_realisation(reported, actor=coordinator)
            elif code == "IK-LIV-02" and year == plan.end_year - 1:
                services.return_realisation(
                    reported, actor=coordinator, comment="Lampirkan rekap SIMPUS per puskesmas."
                )
            elif code == "IK-GOV-01" and year == plan.end_year - 1:
                services.verify_realisation(reported, actor=coordinator)
                services.correct_realisation(
                    reported,
                    actor=reporter,
                    value="71",
                    reason="Dua layanan izin reklame ternyata sudah daring sejak Desember.",
                )


def _progress(plan: Masterplan) -> None:
    coordinator = _user("koordinator")
    for programme in plan.programmes.select_related("lead_agency"):
        reporter = _user(programme.lead_agency.code if programme.lead_agency else "koordinator")
        for year, percent in zip(range(2021, 2025), (20, 45, 70, 90), strict=True):
            lines = {f.pk: f.amount * Decimal("0.9") for f in programme.funding.filter(year=year)}
            row = services_progress.report_progress(
                programme,
                actor=reporter,
                year=year,
                physical_progress=Decimal(percent),
                narrative=f"Kegiatan tahun {year} berjalan sesuai rencana kerja.",
                spending=lines,
            )
            services_progress.verify_progress(row, actor=coordinator)


def seed(region: Region, draft: Masterplan | None = None) -> Masterplan | None:
    """The previous, published masterplan with its monitoring (once), and indicators on the
    draft demo masterplan (while it has none)."""
    if draft is not None and draft.is_draft and not draft.indicators.exists():
        _define(draft, region)
    if Masterplan.objects.filter(region=region, title=PREVIOUS_TITLE).exists():
        return None
    framework = FrameworkVersion.objects.filter(profile="kominfo").order_by("-number").first()
    if framework is None:
        return None
    plan = _previous_masterplan(region, framework)
    _define(plan, region)
    review.submit_for_review(plan, actor=SYSTEM, confirm_incomplete=True)
    review.approve_masterplan(plan, actor=SYSTEM)
    review.publish_masterplan(plan, actor=SYSTEM)
    plan.refresh_from_db()
    _report(plan)
    _progress(plan)
    return plan
