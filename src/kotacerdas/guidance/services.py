"""Every change to the guidance: cohorts, the stage calendar, experts and their assignments,
sessions, attendance, follow-up actions, a session's materials and photos, and experts'
comments.

Each service takes a typed ``actor``, runs in one transaction, locks the row it changes (a
session's attendance: the session), checks the permission on the current row, then the
input, and writes inside ``acting(actor)``. Input is checked whole before anything is
written, so a refused call leaves nothing half-saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.accounts import services as accounts_services
from kotacerdas.accounts.actors import Actor, acting, allowed, require, user_of
from kotacerdas.accounts.models import Role
from kotacerdas.accounts.queries import users_with_roles
from kotacerdas.lib.concurrency import check_version
from kotacerdas.lib.errors import StateConflict
from kotacerdas.lib.files import Kind, check_upload
from kotacerdas.notifications.services import notify
from kotacerdas.planning.masterplans import services as masterplan_services
from kotacerdas.regions.models import Agency, Region
from kotacerdas.selection import queries as selection_queries
from kotacerdas.selection.models import Campaign

from .checks import AttendanceIn, check_attendance, overlap_warnings
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
from .notifications import COMMENTED, RESOLVED


def create_cohort(campaign: Campaign, *, actor: Actor, name: str = "") -> Cohort:
    """A cohort of the regions a closed campaign selected, with their frozen ranks."""
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        require(actor, "guidance.manage_cohorts", locked)
        if not locked.is_closed:
            raise StateConflict(_("Only a closed campaign has a final selection."))
        if Cohort.objects.filter(campaign=locked).exists():
            raise ValidationError({"campaign": _("This campaign already has a cohort.")})
        selection = selection_queries.selection_of(locked)
        with acting(actor):
            cohort = Cohort.objects.create(
                campaign=locked,
                name=name or locked.name,
                year=locked.year,
                participants=selection.participants,
                created_by=user_of(actor),
            )
            for chosen in selection.regions:
                CohortRegion.objects.create(
                    cohort=cohort,
                    region_id=chosen.region_id,
                    rank=chosen.rank,
                    selected_count=len(selection.regions),
                    created_by=user_of(actor),
                )
    return cohort


def record_cohort(*, actor: Actor, name: str, year: int, participants: int) -> Cohort:
    """A cohort from before this application, recorded from the programme's published
    results (no campaign here); its regions are added with ``add_cohort_region``."""
    with transaction.atomic():
        require(actor, "guidance.manage_cohorts")
        cohort = Cohort(name=name, year=year, participants=participants, created_by=user_of(actor))
        cohort.full_clean(exclude=["campaign"])
        with acting(actor):
            cohort.save()
    return cohort


def add_cohort_region(
    cohort: Cohort, region: Region, *, actor: Actor, selected_count: int, rank: int | None = None
) -> CohortRegion:
    """Add a region to a recorded cohort (its rank when published); nothing changes when it
    is already in."""
    with transaction.atomic():
        locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
        require(actor, "guidance.manage_cohorts", locked)
        if locked.campaign_id is not None:
            raise StateConflict(_("A cohort from a campaign holds the regions it selected."))
        with acting(actor):
            member, _created = CohortRegion.objects.get_or_create(
                cohort=locked,
                region=region,
                defaults={
                    "rank": rank,
                    "selected_count": selected_count,
                    "created_by": user_of(actor),
                },
            )
    return member


def plan_stage(
    cohort: Cohort, *, actor: Actor, stage: str, starts_on: date, ends_on: date
) -> StagePlan:
    """Set (or move) a stage on the cohort's calendar."""
    with transaction.atomic():
        locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
        require(actor, "guidance.manage_cohorts", locked)
        if stage not in Stage.values:
            raise ValidationError({"stage": _("Choose one of the four stages.")})
        if ends_on < starts_on:
            raise ValidationError({"ends_on": _("A stage cannot end before it starts.")})
        with acting(actor):
            plan, _created = StagePlan.objects.update_or_create(
                cohort=locked,
                stage=stage,
                defaults={"starts_on": starts_on, "ends_on": ends_on},
                create_defaults={
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "created_by": user_of(actor),
                },
            )
    return plan


@dataclass(frozen=True)
class ExpertIn:
    name: str
    kind: str = Expert.Kind.EXPERT
    institution: str = ""
    field: str = ""
    email: str = ""
    phone: str = ""
    user_id: int | None = None


def save_expert(expert: Expert | None, *, actor: Actor, data: ExpertIn) -> Expert:
    """Add an expert to the register, or change one."""
    with transaction.atomic():
        require(actor, "guidance.manage_experts")
        current = (
            Expert() if expert is None else Expert.objects.select_for_update().get(pk=expert.pk)
        )
        if not data.name.strip():
            raise ValidationError({"name": _("Give the expert's name.")})
        if data.kind not in Expert.Kind.values:
            raise ValidationError({"kind": _("Choose expert or ministry staff.")})
        for name in ("name", "kind", "institution", "field", "email", "phone", "user_id"):
            setattr(current, name, getattr(data, name))
        if current.pk is None:
            current.created_by = user_of(actor)
        current.full_clean()
        with acting(actor):
            current.save()
    return current


def assign_expert(member: CohortRegion, expert: Expert, *, actor: Actor) -> ExpertAssignment:
    """Assign an expert to guide a region; an expert with an account becomes an assessor of
    the region (through accounts), so they read it. Nothing changes when already assigned."""
    with transaction.atomic():
        locked = (
            CohortRegion.objects.select_for_update(of=("self",))
            .select_related("region")
            .get(pk=member.pk)
        )
        require(actor, "guidance.manage_experts", locked)
        with acting(actor):
            assignment = _assign(locked, expert, actor)
    return assignment


def _assign(member: CohortRegion, expert: Expert, actor: Actor) -> ExpertAssignment:
    assignment, _created = ExpertAssignment.objects.get_or_create(
        expert=expert, member=member, defaults={"created_by": user_of(actor)}
    )
    if expert.user_id is not None:
        accounts_services.grant_assessor(member.region, expert.user, actor=actor)  # type: ignore[arg-type]
    return assignment


@dataclass(frozen=True)
class SessionIn:
    """What a session page or API call sends."""

    title: str
    starts_on: date
    ends_on: date
    kind: str = Session.Kind.STAGE
    stage: str = ""
    format: str = Session.Format.IN_PERSON
    venue: str = ""
    city: str = ""
    opened_by: str = ""
    agenda: str = ""
    minutes: str = ""
    expert_ids: Sequence[int] = field(default_factory=tuple)
    # The adopting regulation, for the adoption event: when given, it becomes the legal basis
    # of the region's approved masterplan.
    regulation_type: str = ""
    regulation_number: str = ""
    regulation_date: date | None = None

    @property
    def names_regulation(self) -> bool:
        return bool(self.regulation_type or self.regulation_number.strip() or self.regulation_date)


@dataclass(frozen=True)
class Scheduled:
    """A saved session and the warnings it raised (an expert in two places at once)."""

    session: Session
    warnings: list[str]


def schedule_session(member: CohortRegion, *, actor: Actor, data: SessionIn) -> Scheduled:
    """Schedule a session (or another event) for a cohort region."""
    with transaction.atomic():
        locked = (
            CohortRegion.objects.select_for_update(of=("self",))
            .select_related("region")
            .get(pk=member.pk)
        )
        require(actor, "guidance.change_sessions", locked)
        session = Session(member=locked, created_by=user_of(actor))
        return _save_session(session, actor, data)


def update_session(
    session: Session, *, actor: Actor, data: SessionIn, version: int | None = None
) -> Scheduled:
    """Change a session: dates, place, who opened it, agenda, minutes, experts."""
    with transaction.atomic():
        current = (
            Session.objects.select_for_update(of=("self",))
            .select_related("member__region")
            .get(pk=session.pk)
        )
        require(actor, "guidance.change_sessions", current)
        if version is not None:
            check_version(current, version)
        return _save_session(current, actor, data)


def _save_session(session: Session, actor: Actor, data: SessionIn) -> Scheduled:
    if data.kind != Session.Kind.STAGE:
        data = SessionIn(**{**data.__dict__, "stage": ""})
    for name in (
        "title",
        "starts_on",
        "ends_on",
        "kind",
        "stage",
        "format",
        "venue",
        "city",
        "opened_by",
        "agenda",
        "minutes",
    ):
        setattr(session, name, getattr(data, name))
    session.full_clean(exclude=["member", "created_by"])
    experts = list(Expert.objects.filter(pk__in=data.expert_ids))
    if len(experts) != len(set(data.expert_ids)):
        raise ValidationError({"experts": _("An expert chosen is not in the register.")})
    assigned = set(
        ExpertAssignment.objects.filter(member=session.member, expert__in=experts).values_list(
            "expert_id", flat=True
        )
    )
    unassigned = [e for e in experts if e.pk not in assigned]
    if unassigned and not allowed(actor, "guidance.manage_experts"):
        raise ValidationError(
            {
                "experts": _("Ask the programme office to assign %(names)s to the region first.")
                % {"names": ", ".join(e.name for e in unassigned)}
            }
        )
    if data.names_regulation and data.kind != Session.Kind.ADOPTION:
        raise ValidationError(
            {"regulation_number": _("Only the adoption event names a regulation.")}
        )
    regulation = (data.regulation_type, data.regulation_number.strip(), data.regulation_date)
    stored = (session.regulation_type, session.regulation_number, session.regulation_date)
    if data.names_regulation and (session.pk is None or regulation != stored):
        # The same transaction: a refused regulation leaves the session unsaved too.
        masterplan_services.record_adoption(
            session.member.region,
            actor=actor,
            regulation_type=data.regulation_type,
            regulation_number=data.regulation_number,
            regulation_date=data.regulation_date,
        )
    session.regulation_type, session.regulation_number, session.regulation_date = regulation
    with acting(actor):
        session.save()
        for expert in unassigned:
            _assign(session.member, expert, actor)
        session.experts.set(experts)
    return Scheduled(session, overlap_warnings(session, experts))


class AttendanceRefused(ValidationError):
    """Rows of attendance refused: every problem, each naming the row (1-based) it is in."""

    def __init__(self, problems: list[tuple[int, str, str]]) -> None:
        self.problems = problems
        super().__init__([f"{row}: {text}" for row, _field, text in problems])


def record_attendance(
    session: Session, *, actor: Actor, rows: Sequence[AttendanceIn], days: Sequence[date] = ()
) -> int:
    """Replace the attendance of the days named (``days``, and every day a row names) with
    ``rows``: all or nothing. Returns the number of rows recorded."""
    with transaction.atomic():
        current = (
            Session.objects.select_for_update(of=("self",))
            .select_related("member__region")
            .get(pk=session.pk)
        )
        require(actor, "guidance.record_attendance", current)
        problems = check_attendance(current, rows)
        if problems:
            raise AttendanceRefused(problems)
        replaced = {*days, *(row.day for row in rows)}
        with acting(actor):
            for old in current.attendance.filter(day__in=replaced):
                old.delete()
            for row in rows:
                Attendance.objects.create(
                    session=current,
                    day=row.day,
                    group=row.group,
                    agency_id=row.agency_id if row.group == Group.AGENCY else None,
                    organisation="" if row.group == Group.AGENCY else row.organisation.strip(),
                    participant=row.participant.strip(),
                    mode=row.mode,
                    substitute=row.substitute,
                    created_by=user_of(actor),
                )
    return len(rows)


def add_follow_up(
    session: Session, *, actor: Actor, text: str, due_on: date, owner: Agency | None = None
) -> FollowUp:
    """Record an action agreed in a session, owned by one of the region's agencies."""
    with transaction.atomic():
        current = (
            Session.objects.select_for_update(of=("self",))
            .select_related("member__region")
            .get(pk=session.pk)
        )
        require(actor, "guidance.change_follow_ups", current)
        if not text.strip():
            raise ValidationError({"text": _("Describe the action.")})
        if owner is not None and owner.region_id != current.member.region_id:
            raise ValidationError({"owner": _("This agency is not one of the region's agencies.")})
        with acting(actor):
            return FollowUp.objects.create(
                session=current,
                text=text.strip(),
                owner=owner,
                due_on=due_on,
                created_by=user_of(actor),
            )


def complete_follow_up(follow_up: FollowUp, *, actor: Actor) -> FollowUp:
    """Mark a follow-up action done."""
    with transaction.atomic():
        current = (
            FollowUp.objects.select_for_update(of=("self",))
            .select_related("session__member__region")
            .get(pk=follow_up.pk)
        )
        require(actor, "guidance.change_follow_ups", current)
        if current.done_at is not None:
            raise StateConflict(_("This action is already done."))
        current.done_at = timezone.now()
        with acting(actor):
            current.save(update_fields=["done_at"])
    return current


# A session file's kind → the upload check it goes through.
_FILE_KINDS = {SessionFile.Kind.MATERIAL: Kind.DOCUMENT, SessionFile.Kind.PHOTO: Kind.PHOTO}


def add_session_file(
    session: Session, *, actor: Actor, kind: str, upload: UploadedFile, title: str = ""
) -> SessionFile:
    """Attach a material (a document) or a photo (JPEG/PNG) to a session; the file's type
    and size are checked before anything is stored."""
    with transaction.atomic():
        current = (
            Session.objects.select_for_update(of=("self",))
            .select_related("member__region")
            .get(pk=session.pk)
        )
        require(actor, "guidance.change_sessions", current)
        if kind not in _FILE_KINDS:
            raise ValidationError({"kind": _("Choose material or photo.")})
        try:
            check_upload(upload, _FILE_KINDS[SessionFile.Kind(kind)])
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        name = upload.name or ""
        item = SessionFile(
            session=current,
            kind=kind,
            title=(title.strip() or name)[:200],
            size=upload.size or 0,
            created_by=user_of(actor),
        )
        with acting(actor):
            item.file.save(name, upload, save=False)
            item.save()
    return item


def remove_session_file(item: SessionFile, *, actor: Actor) -> None:
    """Take a material or photo off a session; the stored file is deleted once the change
    holds."""
    with transaction.atomic():
        current = (
            SessionFile.objects.select_for_update(of=("self",))
            .select_related("session__member__region")
            .get(pk=item.pk)
        )
        require(actor, "guidance.change_sessions", current)
        stored, storage = current.file.name or "", current.file.storage
        with acting(actor):
            current.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))


def add_comment(
    member: CohortRegion,
    *,
    actor: Actor,
    text: str,
    stage: str = "",
    session: Session | None = None,
) -> Comment:
    """An assigned expert's comment on a region's stage, or on one of its sessions (the
    session's stage then)."""
    with transaction.atomic():
        locked = (
            CohortRegion.objects.select_for_update(of=("self",))
            .select_related("region")
            .get(pk=member.pk)
        )
        require(actor, "guidance.comment", locked)
        if session is not None:
            if session.member_id != locked.pk:
                raise ValidationError({"session": _("This session is not one of the region's.")})
            stage = session.stage
        if stage and stage not in Stage.values:
            raise ValidationError({"stage": _("Choose one of the four stages.")})
        if not text.strip():
            raise ValidationError({"text": _("Write the comment.")})
        with acting(actor):
            comment = Comment.objects.create(
                member=locked,
                stage=stage,
                session=session,
                text=text.strip(),
                created_by=user_of(actor),
            )
        region = locked.region
        notify(
            users_with_roles(region.pk, [Role.REGION_COORDINATOR]),
            actor=actor,
            kind=COMMENTED.code,
            params={"region": region.name, "text": comment.text[:300]},
            url=_comments_url(region),
            region=region,
        )
    return comment


def _comments_url(region: Region) -> str:
    return reverse("guidance:region_guidance", kwargs={"code": region.code}) + "#comments"


def resolve_comment(comment: Comment, *, actor: Actor) -> Comment:
    """The region's coordinator marks an expert's comment resolved."""
    with transaction.atomic():
        current = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("member__region", "created_by")
            .get(pk=comment.pk)
        )
        require(actor, "guidance.resolve_comments", current)
        if current.resolved_at is not None:
            raise StateConflict(_("This comment is already resolved."))
        current.resolved_at = timezone.now()
        current.resolved_by = user_of(actor)
        with acting(actor):
            current.save(update_fields=["resolved_at", "resolved_by"])
        region = current.member.region
        if current.created_by is not None:
            notify(
                [current.created_by],
                actor=actor,
                kind=RESOLVED.code,
                params={"region": region.name},
                url=_comments_url(region),
                region=region,
            )
    return current
