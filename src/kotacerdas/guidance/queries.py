"""Read side of the guidance: querysets scoped to a user, a region's guidance page, the
programme office's pipeline, attendance summaries and experts' workloads.

The pipeline and the region page read the stage deliverables for many regions at once
through the lower apps' aggregate queries, so their query counts do not grow with the
number of regions or programmes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, IntegerField, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from kotacerdas.accounts.models import User
from kotacerdas.accounts.scope import scope_of
from kotacerdas.planning.roadmap.queries import drafting_progress
from kotacerdas.readiness.queries import readiness_progress
from kotacerdas.regions.models import Agency

from .deliverables import StageCheck, check_stages
from .models import (
    Attendance,
    Cohort,
    CohortRegion,
    Comment,
    Expert,
    ExpertAssignment,
    FollowUp,
    Group,
    Session,
    SessionFile,
    Stage,
    StagePlan,
)

Who = User | AnonymousUser


def cohorts_visible_to(user: Who) -> QuerySet[Cohort]:
    """Every cohort for national admins; for others the cohorts of regions they read."""
    scope = scope_of(user)
    if scope.national:
        return Cohort.objects.select_related("campaign")
    if not scope.authenticated:
        return Cohort.objects.none()
    return Cohort.objects.filter(
        members__in=CohortRegion.objects.filter(scope.region_filter("region__"))
    ).distinct()


def members_visible_to(user: Who) -> QuerySet[CohortRegion]:
    """Cohort regions whose region the user reads."""
    scope = scope_of(user)
    return CohortRegion.objects.filter(scope.region_filter("region__")).select_related(
        "region__province", "cohort"
    )


def sessions_visible_to(user: Who) -> QuerySet[Session]:
    scope = scope_of(user)
    return Session.objects.filter(scope.region_filter("member__region__")).select_related(
        "member__region__province", "member__cohort"
    )


def follow_ups_visible_to(user: Who) -> QuerySet[FollowUp]:
    scope = scope_of(user)
    return FollowUp.objects.filter(scope.region_filter("session__member__region__")).select_related(
        "session__member__region__province"
    )


def session_files_visible_to(user: Who) -> QuerySet[SessionFile]:
    scope = scope_of(user)
    return SessionFile.objects.filter(
        scope.region_filter("session__member__region__")
    ).select_related("session__member__region__province")


def comments_visible_to(user: Who) -> QuerySet[Comment]:
    scope = scope_of(user)
    return Comment.objects.filter(scope.region_filter("member__region__")).select_related(
        "member__region__province"
    )


def comments_of(member: CohortRegion, session: Session | None = None) -> list[Comment]:
    """Experts' comments on the region (or on one session), open ones first (one query)."""
    found = Comment.objects.filter(member=member)
    if session is not None:
        found = found.filter(session=session)
    return list(
        found.select_related("created_by", "resolved_by", "session").order_by(
            F("resolved_at").desc(nulls_first=True), "-created", "-pk"
        )
    )


def experts_visible_to(user: Who) -> QuerySet[Expert]:
    """The register for national admins; an expert sees their own record."""
    scope = scope_of(user)
    if scope.national:
        return Expert.objects.all()
    if not scope.authenticated:
        return Expert.objects.none()
    return Expert.objects.filter(user_id=user.pk or 0)


def with_plans(members: QuerySet[CohortRegion]) -> QuerySet[CohortRegion]:
    """Each member with its cohort's stage calendar (``plan_<stage>_starts``/``_ends``), so a
    region's page reads it with the member."""
    annotations: dict[str, Any] = {}
    for stage in Stage.values:
        plan = StagePlan.objects.filter(cohort_id=OuterRef("cohort_id"), stage=stage)
        annotations[f"plan_{stage}_starts"] = Subquery(plan.values("starts_on")[:1])
        annotations[f"plan_{stage}_ends"] = Subquery(plan.values("ends_on")[:1])
    return members.annotate(**annotations)


def _plans_of(member: CohortRegion) -> dict[str, StagePlan]:
    """The cohort's stage calendar: read with the member (``with_plans``) or here."""
    if not hasattr(member, "plan_1_starts"):
        return {p.stage: p for p in StagePlan.objects.filter(cohort_id=member.cohort_id)}
    plans = {}
    for stage in Stage.values:
        starts, ends = (
            getattr(member, f"plan_{stage}_starts"),
            getattr(member, f"plan_{stage}_ends"),
        )
        if starts is not None and ends is not None:
            plans[stage] = StagePlan(
                cohort_id=member.cohort_id, stage=stage, starts_on=starts, ends_on=ends
            )
    return plans


def latest_member_pk(code: str) -> Subquery:
    """The id of the region's place in its latest cohort (a subquery)."""
    latest = CohortRegion.objects.filter(region__code=code).order_by("-cohort__year", "-cohort_id")
    return Subquery(latest.values("pk")[:1])


def current_member(user: Who, region_id: int) -> CohortRegion | None:
    """The region's place in its latest cohort."""
    return (
        members_visible_to(user)
        .filter(region_id=region_id)
        .order_by("-cohort__year", "-cohort_id")
        .first()
    )


# --- a region's guidance page ------------------------------------------------------------


@dataclass(frozen=True)
class StageRow:
    check: StageCheck
    plan: StagePlan | None
    sessions: list[Session]

    @property
    def held(self) -> bool:
        today = timezone.localdate()
        return any(s.ends_on < today for s in self.sessions)


@dataclass(frozen=True)
class RegionGuidance:
    member: CohortRegion
    stages: list[StageRow]
    events: list[Session]  # outside the four stages
    follow_ups_due: list[FollowUp]
    experts: list[Expert]
    current_stage: StageRow | None
    next_session: Session | None
    sessions: list[Session] = field(default_factory=list)

    def expert_user_ids(self) -> set[int]:
        return {e.user_id for e in self.experts if e.user_id is not None}


def region_guidance(member: CohortRegion) -> RegionGuidance:
    """Everything the region's guidance page shows, in a fixed number of queries."""
    region_id = member.region_id
    checks = check_stages(
        member.region.code,
        readiness_progress([region_id]).get(region_id),
        drafting_progress([region_id]).get(region_id),
    )
    plans = _plans_of(member)
    sessions = list(member.sessions.order_by("starts_on", "pk"))
    by_stage: dict[str, list[Session]] = defaultdict(list)
    for s in sessions:
        by_stage[s.stage].append(s)
    stages = [StageRow(c, plans.get(c.stage), by_stage[c.stage]) for c in checks]
    today = timezone.localdate()
    follow_ups = list(
        FollowUp.objects.filter(session__member=member, done_at__isnull=True)
        .select_related("owner", "session")
        .order_by("due_on", "pk")
    )
    return RegionGuidance(
        member=member,
        stages=stages,
        events=[s for s in sessions if s.kind != Session.Kind.STAGE],
        follow_ups_due=follow_ups,
        experts=list(Expert.objects.filter(assignments__member=member).order_by("name").distinct()),
        current_stage=next((row for row in stages if not row.check.complete), None),
        next_session=next((s for s in sessions if s.starts_on >= today), None),
        sessions=sessions,
    )


# --- the pipeline ------------------------------------------------------------------------


@dataclass(frozen=True)
class PipelineCell:
    stage: str
    planned: StagePlan | None
    sessions: int
    held: bool
    complete: bool
    overdue: bool


@dataclass(frozen=True)
class PipelineRow:
    member: CohortRegion
    cells: list[PipelineCell]
    experts: list[tuple[int, str]] = field(default_factory=list)
    open_comments: int = 0

    @property
    def behind(self) -> bool:
        return any(c.overdue for c in self.cells)

    @property
    def completed(self) -> int:
        return sum(1 for c in self.cells if c.complete)

    @property
    def expert_names(self) -> list[str]:
        return [name for _pk, name in self.experts]


SORT_KEYS = ("rank", "region", "province", "completed", "behind")


def _with_sessions(members: QuerySet[CohortRegion]) -> QuerySet[CohortRegion]:
    """Each member with, per stage, its number of sessions and the end of the first."""
    annotations: dict[str, Any] = {}
    for stage in Stage.values:
        held = Q(sessions__kind=Session.Kind.STAGE, sessions__stage=stage)
        annotations[f"sessions_{stage}"] = Count("sessions", filter=held)
        annotations[f"first_end_{stage}"] = Min("sessions__ends_on", filter=held)
    open_comments = (
        Comment.objects.filter(member=OuterRef("pk"), resolved_at__isnull=True)
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    annotations["open_comments"] = Coalesce(Subquery(open_comments, output_field=IntegerField()), 0)
    return members.annotate(**annotations)


def pipeline(cohort: Cohort, *, today: date | None = None) -> list[PipelineRow]:
    """Every cohort region × stage: planned, sessions (held when one has ended),
    deliverables complete, overdue (the plan's end passed and the deliverables are not
    complete), in rank order. Eight queries whatever the number of regions."""
    today = today or timezone.localdate()
    members = list(
        _with_sessions(cohort.members.select_related("region__province")).order_by("rank")
    )
    experts: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for member_id, pk, name in (
        ExpertAssignment.objects.filter(member__cohort=cohort)
        .order_by("expert__name")
        .values_list("member_id", "expert_id", "expert__name")
    ):
        experts[member_id].append((pk, name))
    plans = {p.stage: p for p in StagePlan.objects.filter(cohort=cohort)}
    region_ids = [m.region_id for m in members]
    readiness = readiness_progress(region_ids)
    drafting = drafting_progress(region_ids)
    rows = []
    for m in members:
        checks = check_stages(m.region.code, readiness.get(m.region_id), drafting.get(m.region_id))
        cells = []
        for check in checks:
            plan = plans.get(check.stage)
            first_end = getattr(m, f"first_end_{check.stage}")
            cells.append(
                PipelineCell(
                    stage=check.stage,
                    planned=plan,
                    sessions=getattr(m, f"sessions_{check.stage}"),
                    held=first_end is not None and first_end < today,
                    complete=check.complete,
                    overdue=plan is not None and plan.ends_on < today and not check.complete,
                )
            )
        rows.append(PipelineRow(m, cells, experts[m.pk], getattr(m, "open_comments", 0)))
    return rows


def filter_rows(
    rows: list[PipelineRow], *, province_id: int | None = None, expert_id: int | None = None
) -> list[PipelineRow]:
    return [
        r
        for r in rows
        if (province_id is None or r.member.region.province_id == province_id)
        and (expert_id is None or any(pk == expert_id for pk, _n in r.experts))
    ]


def sort_rows(rows: list[PipelineRow], key: str) -> list[PipelineRow]:
    descending = key.startswith("-")
    name = key.lstrip("-")
    keys: dict[str, Any] = {
        "rank": lambda r: (r.member.rank is None, r.member.rank or 0),
        "region": lambda r: r.member.region.name,
        "province": lambda r: r.member.region.province.name if r.member.region.province else "",
        "completed": lambda r: r.completed,
        "behind": lambda r: r.behind,
    }
    return sorted(rows, key=keys.get(name, keys["rank"]), reverse=descending)


# --- attendance ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonDays:
    """One participant across a session's days: present on which, as a substitute on which."""

    group: str
    organisation: str
    participant: str
    present: list[bool]
    substitute: bool

    @property
    def missed_a_day(self) -> bool:
        return any(self.present) and not all(self.present)


def attendance_by_person(session: Session) -> list[PersonDays]:
    """Who came on which day (one query): those who came on day one but not day two show."""
    days = session.days
    found: dict[tuple[str, str, str], dict[date, Attendance]] = defaultdict(dict)
    for row in session.attendance.select_related("agency").order_by("group", "participant"):
        who = row.agency.name if row.agency else row.organisation
        found[(row.group, who, row.participant)][row.day] = row
    return [
        PersonDays(
            group=group,
            organisation=who,
            participant=person,
            present=[day in per_day for day in days],
            substitute=any(r.substitute for r in per_day.values()),
        )
        for (group, who, person), per_day in found.items()
    ]


@dataclass(frozen=True)
class AgencyRate:
    """One agency's attendance of the region's Bimtek stage sessions held so far: per stage
    (sessions attended, sessions held) in stage order, and over all stages."""

    agency: Agency
    stages: list[tuple[int, int]]

    @property
    def attended(self) -> int:
        return sum(a for a, _h in self.stages)

    @property
    def sessions(self) -> int:
        return sum(h for _a, h in self.stages)

    @property
    def rate(self) -> float:
        return self.attended / self.sessions if self.sessions else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.rate)


def agency_attendance(
    member: CohortRegion, *, sessions: list[Session] | None = None, today: date | None = None
) -> list[AgencyRate]:
    """Each active agency of the region: of the stage sessions held so far (begun by
    ``today``), how many it attended, per stage and over all (one query, two without the
    region's ``sessions`` at hand); agencies that never attended come first, then the lowest
    rates."""
    today = today or timezone.localdate()
    if sessions is None:
        sessions = list(member.sessions.all())
    stage_of = {
        s.pk: s.stage
        for s in sessions
        if s.kind == Session.Kind.STAGE and s.starts_on <= today and s.member_id == member.pk
    }
    held = {stage: [pk for pk, of in stage_of.items() if of == stage] for stage in Stage.values}
    counts: dict[str, Any] = {}
    for stage, ids in held.items():
        if ids:
            attended = (
                Attendance.objects.filter(
                    agency_id=OuterRef("pk"), group=Group.AGENCY, session_id__in=ids
                )
                .order_by()
                .values("agency_id")
                .annotate(n=Count("session_id", distinct=True))
                .values("n")
            )
            counts[f"attended_{stage}"] = Coalesce(
                Subquery(attended, output_field=IntegerField()), 0
            )
    agencies = Agency.objects.filter(region_id=member.region_id, retired_at__isnull=True)
    rates = [
        AgencyRate(
            agency,
            [(getattr(agency, f"attended_{stage}", 0), len(held[stage])) for stage in Stage.values],
        )
        for agency in agencies.annotate(**counts).order_by("name")
    ]
    return sorted(rates, key=lambda r: (r.attended > 0, r.rate, r.agency.name))


def tick_list(session: Session, day: date) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """The door tick list of one day (two queries): a line per active agency of the region
    and per participant known for the session (recorded on any of its days, imported from
    the sign-in sheet or ticked), each ticked when present that day; and the region's
    agencies by id. Someone seen on another day but not yet today shows unticked, so who
    came on day one but not day two is plain at the door."""
    agencies = {
        a.pk: (a.name, a.retired_at is None)
        for a in Agency.objects.filter(region_id=session.member.region_id).order_by("name")
    }
    people: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in session.attendance.order_by("day", "pk"):
        key = (row.group, row.agency_id, row.organisation.casefold(), row.participant.casefold())
        line = people.setdefault(
            key,
            {
                "known": True,
                "group": row.group,
                "agency": row.agency_id,
                "organisation": row.organisation,
                "participant": row.participant,
                "present": False,
                "online": False,
                "substitute": False,
            },
        )
        if row.day == day:
            line.update(present=True, online=row.mode == Attendance.Mode.ONLINE)
            line["substitute"] = row.substitute
        elif not line["present"]:
            line["online"] = row.mode == Attendance.Mode.ONLINE
            line["substitute"] = line["substitute"] or row.substitute
    lines: list[dict[str, Any]] = []
    for agency_id, (_name, active) in agencies.items():
        seats = [p for p in people.values() if p["agency"] == agency_id]
        if not seats and active:
            seats = [{"known": True, "group": Group.AGENCY, "agency": agency_id}]
        lines.extend(seats)
    order = {value: n for n, value in enumerate(Group.values)}
    lines.extend(
        sorted(
            (p for p in people.values() if p["agency"] is None),
            key=lambda p: (order.get(p["group"], 99), p["organisation"], p["participant"]),
        )
    )
    return lines, {pk: name for pk, (name, _active) in agencies.items()}


def group_counts(session: Session) -> list[tuple[str, int, int]]:
    """Participants per group (label, in person, online), summed over the session's days
    (one query)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for group, mode in session.attendance.values_list("group", "mode"):
        counts[(group, mode)] += 1
    return [
        (
            str(label),
            counts[(value, Attendance.Mode.IN_PERSON)],
            counts[(value, Attendance.Mode.ONLINE)],
        )
        for value, label in Group.choices
    ]


# --- experts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workload:
    expert: Expert
    regions: int
    sessions: int
    days: int


def workloads(cohort: Cohort | None = None) -> list[Workload]:
    """Each expert's regions, sessions and session days (in a cohort, or overall); two
    queries."""
    assignments = ExpertAssignment.objects.all()
    sessions = Session.objects.all()
    if cohort is not None:
        assignments = assignments.filter(member__cohort=cohort)
        sessions = sessions.filter(member__cohort=cohort)
    regions: dict[int, set[int]] = defaultdict(set)
    for expert_id, member_id in assignments.values_list("expert_id", "member_id"):
        regions[expert_id].add(member_id)
    held: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for expert_id, starts, ends in Session.experts.through.objects.filter(
        session__in=sessions
    ).values_list("expert_id", "session__starts_on", "session__ends_on"):
        held[expert_id].append((starts, ends))
    return [
        Workload(
            expert,
            len(regions[expert.pk]),
            len(held[expert.pk]),
            sum((e - s).days + 1 for s, e in held[expert.pk]),
        )
        for expert in Expert.objects.order_by("name")
    ]


def expert_sessions(expert: Expert) -> QuerySet[Session]:
    return expert.sessions.select_related("member__region").order_by("starts_on", "pk")
