"""A synthetic national data set for load tests (``manage.py generate_national_dataset``).

Every kabupaten/kota chosen gets what a monitored region has: its agencies, users (a
coordinator and an editor per agency, who cannot sign in: their passwords are unusable), a
submitted readiness assessment of the shipped instrument with every item answered, and a
published ten-year masterplan (2016–2025) with ``PROGRAMMES`` programmes (each led by one
agency and supported by another, funded from APBD every year and every third one from APBN
too, most depending on the one before), ``INDICATORS`` indicators (three per programme, the
rest impact indicators of the dimensions), a yearly target per indicator and year, and a
verified realisation for each quarter of the period — at 514 regions about 4.1 million
realisations.

Rows are written with ``bulk_create`` in batches, one transaction per region: no services, no
permission checks, no audit entries and no notices (it is synthetic data, never real work).
Running it again adds only the regions that lack their synthetic masterplan, so 20 regions
can become 100, then 514. The dashboards' summaries are computed afterwards, per masterplan,
with ``summaries.refresh_masterplan`` (what ``refresh_monitoring`` does).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from kotacerdas.accounts.models import Membership, Role, User
from kotacerdas.framework.models import Dimension, FrameworkVersion, Instrument, InstrumentItem
from kotacerdas.planning.models import (
    FundingLine,
    Masterplan,
    Programme,
    ProgrammeDependency,
    ProgrammeSupport,
)
from kotacerdas.readiness.models import Answer, Assessment
from kotacerdas.regions.models import Agency, Region

from .models import Frequency, Indicator, Realisation, State, Target
from .summaries import refresh_masterplan

TITLE = "Masterplan Smart City (data sintetis)"
SCALES = {"full": 514, "small": 20}
START_YEAR, YEARS = 2016, 10
PROGRAMMES = 60
PER_PROGRAMME = 3
INDICATORS = 200
BATCH = 5000
AGENCIES = (
    ("bappeda", "Bappeda", Agency.Kind.BADAN),
    ("diskominfo", "Dinas Komunikasi dan Informatika", Agency.Kind.DINAS),
    ("dinkes", "Dinas Kesehatan", Agency.Kind.DINAS),
    ("dishub", "Dinas Perhubungan", Agency.Kind.DINAS),
    ("disdik", "Dinas Pendidikan", Agency.Kind.DINAS),
)
# Achievement of each realisation against its target, cycled: mostly on track, some at risk,
# some off track, so the dashboards show every status.
FACTORS = tuple(Decimal(f) for f in ("1.05", "0.98", "1.10", "0.92", "0.85", "1.00", "0.70"))
# The readiness assessment that preceded the region's current work (bench/seed_selection.py
# writes 2024's, so the two can share a database).
ASSESSMENT_YEAR = 2023
INSTRUMENT = ("kominfo_readiness", "2021.1")


@dataclass
class Report:
    """What a run did, and how long each part took (seconds)."""

    regions: int = 0
    programmes: int = 0
    funding_lines: int = 0
    dependencies: int = 0
    users: int = 0
    answers: int = 0
    indicators: int = 0
    targets: int = 0
    realisations: int = 0
    insert_seconds: float = 0.0
    refresh_seconds: float = 0.0


COUNTED = (
    "regions",
    "programmes",
    "funding_lines",
    "dependencies",
    "users",
    "answers",
    "indicators",
    "targets",
    "realisations",
)


def is_empty() -> bool:
    """No masterplan at all: nothing real can be mixed with the synthetic rows."""
    return not Masterplan.objects.exists()


def regions_for(count: int) -> list[Region]:
    """The first ``count`` kabupaten/kota by code that hold no masterplan but a synthetic one."""
    real = Masterplan.objects.exclude(title=TITLE).values("region_id")
    return list(
        Region.objects.exclude(kind=Region.Kind.PROVINCE)
        .exclude(pk__in=real)
        .order_by("code")[:count]
    )


def _agencies(region: Region) -> list[Agency]:
    found = list(region.agencies.active().order_by("code"))
    if found:
        return found
    return Agency.objects.bulk_create(
        Agency(region=region, code=code, acronym=code.upper(), name=name, kind=kind)
        for code, name, kind in AGENCIES
    )


def _users(region: Region, agencies: list[Agency]) -> int:
    """A coordinator and an editor per agency (none when the region has its coordinator
    already, as on a second run). Their passwords are unusable: nobody signs in as them."""
    prefix = f"sintetis.{region.code}"
    if User.objects.filter(username=f"{prefix}.koordinator").exists():
        return 0
    people = [(f"{prefix}.koordinator", Role.REGION_COORDINATOR, None)] + [
        (f"{prefix}.{agency.code}", Role.AGENCY_EDITOR, agency) for agency in agencies
    ]
    users = User.objects.bulk_create(
        User(username=username, password=make_password(None), first_name=username)
        for username, _role, _agency in people
    )
    Membership.objects.bulk_create(
        Membership(user=user, role=role, region=region, agency=agency)
        for user, (_username, role, agency) in zip(users, people, strict=True)
    )
    return len(users)


def _assessment(
    region: Region,
    instrument: Instrument,
    items: list[InstrumentItem],
    agencies: list[Agency],
    now: dt.datetime,
    seed: int,
) -> int:
    """A submitted readiness assessment with every item answered (none when the region has
    one for the year already). Returns how many answers were written."""
    if Assessment.objects.filter(region=region, year=ASSESSMENT_YEAR).exists():
        return 0
    assessment = Assessment.objects.create(
        region=region,
        instrument=instrument,
        year=ASSESSMENT_YEAR,
        status=Assessment.Status.SUBMITTED,
        submitted_at=now,
    )
    low, high = instrument.scale_min, instrument.scale_max
    answers = Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            item=item,
            agency=agencies[n % len(agencies)],
            level=low + (seed + n + int(region.code.replace(".", ""))) % (high - low + 1),
            justification="Data sintetis",
            answered_at=now,
        )
        for n, item in enumerate(items)
    )
    return len(answers)


def _masterplan(region: Region, framework: FrameworkVersion, now: dt.datetime) -> Masterplan:
    plan = Masterplan(
        region=region,
        title=TITLE,
        start_year=START_YEAR,
        years=YEARS,
        framework=framework,
        status=Masterplan.Status.PUBLISHED,
        submitted_at=now,
        approved_at=now,
        published_at=now,
    )
    plan.save()
    return plan


def _programmes(
    plan: Masterplan, dimensions: list[Dimension], agencies: list[Agency]
) -> list[Programme]:
    return Programme.objects.bulk_create(
        Programme(
            masterplan=plan,
            code=f"P{i:03d}",
            name=f"Program {i}",
            dimension=dimensions[i % len(dimensions)],
            horizon=Programme.Horizon.values[i % len(Programme.Horizon.values)],
            start_year=START_YEAR,
            end_year=START_YEAR + YEARS - 1,
            lead_agency=agencies[i % len(agencies)],
        )
        for i in range(PROGRAMMES)
    )


def _programme_parts(
    programmes: list[Programme], agencies: list[Agency], now: dt.datetime
) -> tuple[int, int]:
    """Each programme is supported by the agency after its lead, funded from APBD every
    year of the period (every third also from APBN) and, but for every third, depends on
    the programme before it. Returns (funding lines, dependencies)."""
    ProgrammeSupport.objects.bulk_create(
        ProgrammeSupport(
            programme=programme,
            agency=agencies[(i + 1) % len(agencies)],
            role="Data dan infrastruktur",
        )
        for i, programme in enumerate(programmes)
    )
    years = range(START_YEAR, START_YEAR + YEARS)
    funding = _copy(
        FundingLine,
        (
            {
                "programme_id": programme.pk,
                "source": source,
                "year": year,
                "amount": Decimal((250 + 25 * (i % 8)) * 1_000_000) * share,
            }
            for i, programme in enumerate(programmes)
            for source, share in (
                (("apbd", Decimal(1)), ("apbn", Decimal("0.5")))
                if i % 3 == 0
                else (("apbd", Decimal(1)),)
            )
            for year in years
        ),
        now,
    )
    dependencies = ProgrammeDependency.objects.bulk_create(
        ProgrammeDependency(programme=programme, depends_on=programmes[i - 1])
        for i, programme in enumerate(programmes)
        if i % 3
    )
    return funding, len(dependencies)


def _indicators(
    plan: Masterplan,
    programmes: list[Programme],
    dimensions: list[Dimension],
    agencies: list[Agency],
) -> list[Indicator]:
    rows = []
    for i in range(INDICATORS):
        measured = programmes[i // PER_PROGRAMME] if i < len(programmes) * PER_PROGRAMME else None
        rows.append(
            Indicator(
                masterplan=plan,
                programme=measured,
                dimension=None if measured else dimensions[i % len(dimensions)],
                level=(
                    Indicator.Level.IMPACT
                    if measured is None
                    else (Indicator.Level.OUTPUT, Indicator.Level.OUTCOME)[i % 2]
                ),
                code=f"IK{i:03d}",
                name=f"Indikator {i}",
                unit="%",
                baseline_value=Decimal(40),
                baseline_year=START_YEAR - 1,
                responsible_agency=agencies[i % len(agencies)],
                frequency=Frequency.QUARTERLY,
            )
        )
    return Indicator.objects.bulk_create(rows, batch_size=BATCH)


def _target(year: int) -> Decimal:
    return Decimal(50 + 5 * (year - START_YEAR))


def _copy(model: type[models.Model], rows: Iterable[dict[str, Any]], now: dt.datetime) -> int:
    """Write rows (attribute name → value; the rest take their field's default) with
    PostgreSQL's COPY, a prepared INSERT over tuples on SQLite, or ``bulk_create`` in
    batches elsewhere. Returns how many."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults: dict[str, Any] = {}
    for f in fields:
        automatic = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        defaults[f.attname] = now if automatic else (f.get_default() if f.has_default() else None)
        if defaults[f.attname] is None and not f.null:
            defaults[f.attname] = f.get_default()
    names = [f.attname for f in fields]
    count = 0
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    if connection.vendor == "sqlite":
        # One prepared INSERT run over plain tuples (``executemany``): values prepared by
        # their field as the ORM would, without building a model instance per row. The
        # values repeat (years, quarters, a few amounts, one timestamp), so each distinct
        # value is prepared once.
        prepared = {f.attname: f.get_db_prep_save(defaults[f.attname], connection) for f in fields}
        by_name = {f.attname: f for f in fields}
        seen: dict[tuple[str, Any], Any] = {}
        # Table and column names come from the model, quoted; every value is a parameter.
        sql = (
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )
        batch: list[list[Any]] = []
        with connection.cursor() as cursor:
            for row in rows:
                values = dict(prepared)
                for name, value in row.items():
                    key = (name, value)
                    if key not in seen:
                        seen[key] = by_name[name].get_db_prep_save(value, connection)
                    values[name] = seen[key]
                batch.append([values[name] for name in names])
                count += 1
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
        return count
    if connection.vendor != "postgresql":
        objects = []
        for row in rows:
            objects.append(model(**{**defaults, **row}))
            count += 1
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return count
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor
        with raw.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                merged = {**defaults, **row}
                copy.write_row([merged[name] for name in names])
                count += 1
    return count


def _targets_and_realisations(
    indicators: list[Indicator], now: dt.datetime, seed: int = 0
) -> tuple[int, int]:
    years = range(START_YEAR, START_YEAR + YEARS)
    targets = _copy(
        Target,
        (
            {"indicator_id": i.pk, "year": year, "value": _target(year)}
            for i in indicators
            for year in years
        ),
        now,
    )
    realisations = _copy(
        Realisation,
        (
            {
                "indicator_id": indicator.pk,
                "year": year,
                "sub_period": quarter,
                "value": _target(year) * FACTORS[(seed + n + year + quarter) % len(FACTORS)],
                "state": State.VERIFIED,
                "reported_at": now,
                "verified_at": now,
            }
            for n, indicator in enumerate(indicators)
            for year in years
            for quarter in range(1, 5)
        ),
        now,
    )
    return targets, realisations


def _parallel(work: Callable[[Any], Any], items: list[Any], workers: int) -> list[Any]:
    """``work`` on each item: in ``workers`` threads on PostgreSQL, each with its own
    connection (the time goes to waiting on the database), one after another elsewhere."""
    if workers <= 1 or connection.vendor != "postgresql":
        return [work(item) for item in items]

    def in_thread(item: Any) -> Any:
        try:
            return work(item)
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(in_thread, items))


def generate(
    count: int,
    *,
    progress: Callable[[str], None] = lambda line: None,
    refresh: bool = True,
    workers: int = 4,
    seed: int = 0,
) -> Report:
    """Give ``count`` regions their synthetic published masterplan (those that have one keep
    it), then compute the summaries of the masterplans written; ``workers`` regions at a time
    on PostgreSQL. The same ``seed`` writes the same values; another shifts which
    realisations are on track, at risk or off track."""
    framework = FrameworkVersion.objects.filter(profile="kominfo").order_by("-number").first()
    if framework is None:
        raise LookupError("Run load_reference first: no framework version.")
    dimensions = list(framework.dimensions.order_by("position"))
    instrument = Instrument.objects.filter(code=INSTRUMENT[0], number=INSTRUMENT[1]).first()
    if instrument is None:
        raise LookupError("Run load_reference first: no readiness instrument.")
    items = list(instrument.items.order_by("position"))
    now = timezone.now()
    report = Report()
    started = time.monotonic()
    chosen = regions_for(count)
    done = set(
        Masterplan.objects.filter(title=TITLE, region__in=chosen).values_list(
            "region_id", flat=True
        )
    )
    Region.objects.filter(pk__in=[r.pk for r in chosen], is_active=False).update(
        is_active=True, activated_at=now
    )

    def write(region: Region) -> tuple[Masterplan, Report]:
        with transaction.atomic(), disable_auditlog():
            agencies = _agencies(region)
            users = _users(region, agencies)
            answers = _assessment(region, instrument, items, agencies, now, seed)
            plan = _masterplan(region, framework, now)
            programmes = _programmes(plan, dimensions, agencies)
            funding, dependencies = _programme_parts(programmes, agencies, now)
            indicators = _indicators(plan, programmes, dimensions, agencies)
            targets, realisations = _targets_and_realisations(indicators, now, seed)
        return plan, Report(
            regions=1,
            programmes=len(programmes),
            funding_lines=funding,
            dependencies=dependencies,
            users=users,
            answers=answers,
            indicators=len(indicators),
            targets=targets,
            realisations=realisations,
        )

    missing = [region for region in chosen if region.pk not in done]
    written: list[Masterplan] = []
    for first in range(0, len(missing), 20):
        for plan, added in _parallel(write, missing[first : first + 20], workers):
            written.append(plan)
            for name in COUNTED:
                setattr(report, name, getattr(report, name) + getattr(added, name))
        progress(f"{report.regions} regions, {report.realisations} realisations")
    if written:
        _analyze()
    report.insert_seconds = time.monotonic() - started
    # Synthetic masterplans of an earlier run stopped before its summaries: computed now.
    unfinished = Masterplan.objects.filter(
        title=TITLE, region__in=chosen, monitoring_summaries__isnull=True
    ).exclude(pk__in=[plan.pk for plan in written])
    written += list(unfinished)
    if refresh:
        started = time.monotonic()
        for plan in written:
            plan.framework = framework
        _parallel(refresh_masterplan, written, workers)
        _analyze()  # the summary tables were empty when the statistics above were taken
        report.refresh_seconds = time.monotonic() - started
    return report


def _analyze() -> None:
    """Fresh planner statistics on PostgreSQL: rows written in bulk are not counted until
    autovacuum gets to them, and with the old counts the planner scans whole tables for one
    region (the summary rows' join read every row once per region listed)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
