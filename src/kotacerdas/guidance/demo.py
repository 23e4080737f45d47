"""Demo guidance data for ``manage.py seed_demo``: the 2022 and 2023 cohorts with the five
regions and what their own reports say (``data/cohorts-demo.yaml``, DOMAIN.md §10).

The file is validated whole before anything is written; everything goes through the
services as the system actor. Idempotent: experts, cohorts and sessions are found by name
and title; a session's attendance is recorded once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.regions.models import Agency, Region
from kotacerdas.regions.services import activate_region

from . import services
from .checks import AttendanceIn
from .models import Cohort, CohortRegion, Expert, Session

DATA = Path(__file__).parent / "data" / "cohorts-demo.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExpertData(_Strict):
    key: str
    name: str
    kind: Literal["expert", "ministry"]
    institution: str = ""
    field: str = ""


class SessionData(_Strict):
    kind: Literal["stage", "commitment", "final_review", "adoption"]
    stage: str = ""
    title: str
    starts_on: date
    ends_on: date
    format: Literal["in_person", "online", "hybrid"]
    venue: str = ""
    city: str = ""
    opened_by: str = ""
    agenda: str = ""
    experts: list[str] = Field(default_factory=list)


class AttendanceData(_Strict):
    group: str
    participant: str
    organisation: str = ""
    mode: Literal["in_person", "online"] = "in_person"
    every_agency: bool = False
    both_days: bool = False


class RegionData(_Strict):
    code: str
    rank: int | None = None
    sessions: list[SessionData]
    attendance: dict[str, list[AttendanceData]] = Field(default_factory=dict)


class PlanData(_Strict):
    stage: str
    starts_on: date
    ends_on: date


class CohortData(_Strict):
    name: str
    year: int
    participants: int
    selected: int
    calendar: list[PlanData] = Field(default_factory=list)
    regions: list[RegionData]


class DemoData(_Strict):
    version: int
    experts: list[ExpertData]
    cohorts: list[CohortData]


def load(path: Path = DATA) -> DemoData:
    return DemoData.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def seed(path: Path = DATA) -> None:
    data = load(path)
    experts = {e.key: _expert(e) for e in data.experts}
    for cohort_data in data.cohorts:
        cohort = Cohort.objects.filter(name=cohort_data.name, year=cohort_data.year).first()
        if cohort is None:
            cohort = services.record_cohort(
                actor=SYSTEM,
                name=cohort_data.name,
                year=cohort_data.year,
                participants=cohort_data.participants,
            )
        for plan in cohort_data.calendar:
            services.plan_stage(
                cohort,
                actor=SYSTEM,
                stage=plan.stage,
                starts_on=plan.starts_on,
                ends_on=plan.ends_on,
            )
        for region_data in cohort_data.regions:
            _region(cohort, region_data, cohort_data.selected, experts)


def _expert(data: ExpertData) -> Expert:
    found = Expert.objects.filter(name=data.name).first()
    fields = services.ExpertIn(
        name=data.name, kind=data.kind, institution=data.institution, field=data.field
    )
    return services.save_expert(found, actor=SYSTEM, data=fields)


def _region(
    cohort: Cohort, data: RegionData, selected: int, experts: dict[str, Expert]
) -> CohortRegion:
    region = Region.objects.get(code=data.code)
    activate_region(region, actor=SYSTEM)
    member = services.add_cohort_region(
        cohort, region, actor=SYSTEM, selected_count=selected, rank=data.rank
    )
    for session_data in data.sessions:
        fields = session_data.model_dump(exclude={"experts"})
        wanted = services.SessionIn(
            **fields, expert_ids=[experts[k].pk for k in session_data.experts]
        )
        found = Session.objects.filter(member=member, title=session_data.title).first()
        if found is None:
            session = services.schedule_session(member, actor=SYSTEM, data=wanted).session
        else:
            session = services.update_session(found, actor=SYSTEM, data=wanted).session
        key = session_data.stage or session_data.kind
        if key in data.attendance and not session.attendance.exists():
            _attendance(session, data.attendance[key])
    return member


def _attendance(session: Session, rows: list[AttendanceData]) -> None:
    agencies = list(Agency.objects.filter(region_id=session.member.region_id).order_by("name"))
    recorded: list[AttendanceIn] = []
    for row in rows:
        days = session.days if row.both_days else session.days[:1]
        for day in days:
            if row.every_agency:
                recorded.extend(
                    AttendanceIn(
                        day=day, group="agency", agency_id=a.pk, participant=row.participant
                    )
                    for a in agencies
                )
            else:
                recorded.append(
                    AttendanceIn(
                        day=day,
                        group=row.group,
                        organisation=row.organisation,
                        participant=row.participant,
                        mode=row.mode,
                    )
                )
    services.record_attendance(session, actor=SYSTEM, rows=recorded, days=session.days)
