"""Guided drafting (Bimtek I–IV): a cohort of regions selected by a campaign, the programme's
stage calendar, the experts who guide them, sessions with their attendance and follow-up
actions.

A stage's deliverables are not stored here: they are computed from what the region has
entered (``deliverables.py``).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.constraints import Check, Unique
from kotacerdas.lib.files import download_name, upload_to
from kotacerdas.lib.models import TrackedModel
from kotacerdas.planning.models import Masterplan
from kotacerdas.regions.models import Agency, Region
from kotacerdas.selection.models import Campaign


class Stage(models.TextChoices):
    """The four guided stages, in order (DOMAIN.md §2)."""

    READINESS = "1", _("I · Readiness")
    STRATEGY = "2", _("II · Strategy and programmes")
    INNOVATION = "3", _("III · Innovation")
    ROADMAP = "4", _("IV · Roadmap and quick wins")


class Cohort(TrackedModel):
    """A year's set of regions selected by one closed campaign, guided through the stages.

    A cohort from before this application (recorded from the programme's published results)
    has no campaign; its regions may have no known rank.
    """

    campaign = models.OneToOneField(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cohort",
    )
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    participants = models.PositiveIntegerField(
        _("regions that took part"), help_text=_("How many regions the campaign ranked.")
    )

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class StagePlan(TrackedModel):
    """The programme's calendar of one stage for a cohort."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="plans"
    )
    stage = models.CharField(_("stage"), max_length=1, choices=Stage.choices)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))

    class Meta:
        ordering = ["cohort", "stage"]
        verbose_name = _("stage plan")
        verbose_name_plural = _("stage plans")
        constraints = [
            Unique(
                fields=["cohort", "stage"],
                name="guidance_stage_plan_unique",
                field="stage",
                violation_error_code="duplicate",
                violation_error_message=_("This stage is already planned for the cohort."),
            ),
            Check(
                condition=Q(ends_on__gte=F("starts_on")),
                name="guidance_stage_plan_ordered",
                field="ends_on",
                violation_error_code="ends_before_start",
                violation_error_message=_("A stage cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.get_stage_display()}"


class CohortRegion(TrackedModel):
    """A region of a cohort, with its place in the campaign's frozen ranking."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="members"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="cohorts"
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    selected_count = models.PositiveIntegerField(_("regions selected"))

    class Meta:
        ordering = ["cohort", "rank"]
        verbose_name = _("cohort region")
        verbose_name_plural = _("cohort regions")
        constraints = [
            Unique(
                fields=["cohort", "region"],
                name="guidance_cohort_region_unique",
                field="region",
                violation_error_code="duplicate",
                violation_error_message=_("This region is already in the cohort."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.cohort}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.region_id}


class Expert(TrackedModel):
    """A university expert (tenaga ahli) or ministry staff member in the programme's register.

    Contact details stay with the programme office (``guidance.view_expert_contact``).
    """

    class Kind(models.TextChoices):
        EXPERT = "expert", _("Expert")
        MINISTRY = "ministry", _("Ministry staff")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.EXPERT)
    name = models.CharField(_("name"), max_length=150)
    institution = models.CharField(_("university or unit"), max_length=200, blank=True)
    field = models.CharField(_("field"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")

    def __str__(self) -> str:
        return self.name


class ExpertAssignment(TrackedModel):
    """An expert assigned to guide a cohort region."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="assignments"
    )
    member = models.ForeignKey(
        CohortRegion,
        verbose_name=_("cohort region"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )

    class Meta:
        ordering = ["member", "expert"]
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        constraints = [
            Unique(
                fields=["expert", "member"],
                name="guidance_assignment_unique",
                field="expert",
                violation_error_code="duplicate",
                violation_error_message=_("This expert is already assigned to the region."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.member.region}"

    @property
    def region(self) -> Region:
        return self.member.region

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.member.region_id}


class Session(TrackedModel):
    """A meeting of a region's guidance: a Bimtek stage session or another event (the
    commitment signing, the final review, the adoption of the masterplan)."""

    class Kind(models.TextChoices):
        STAGE = "stage", _("Bimtek stage session")
        COMMITMENT = "commitment", _("Commitment signing")
        FINAL_REVIEW = "final_review", _("Final review")
        ADOPTION = "adoption", _("Adoption as a regional regulation")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    member = models.ForeignKey(
        CohortRegion,
        verbose_name=_("cohort region"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.STAGE)
    stage = models.CharField(_("stage"), max_length=1, choices=Stage.choices, blank=True)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    opened_by = models.CharField(
        _("opened by (role)"), max_length=150, blank=True, help_text=_("A role, not a name.")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    experts = models.ManyToManyField(
        Expert, verbose_name=_("experts and ministry staff"), blank=True, related_name="sessions"
    )
    # The adoption event's regulation (Perwal/Perbup/Perda); recorded as the legal basis of the
    # region's approved masterplan too.
    regulation_type = models.CharField(
        _("regulation type"),
        max_length=10,
        choices=Masterplan.RegulationType.choices,
        blank=True,
    )
    regulation_number = models.CharField(_("regulation number"), max_length=100, blank=True)
    regulation_date = models.DateField(_("regulation date"), null=True, blank=True)

    class Meta:
        ordering = ["member", "starts_on", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            Check(
                condition=Q(ends_on__gte=F("starts_on")),
                name="guidance_session_ordered",
                field="ends_on",
                violation_error_code="ends_before_start",
                violation_error_message=_("A session cannot end before it starts."),
            ),
            Check(
                condition=Q(kind="stage", stage__in=["1", "2", "3", "4"])
                | (~Q(kind="stage") & Q(stage="")),
                name="guidance_session_stage_fits_kind",
                field="stage",
                violation_error_code="stage_fits_kind",
                violation_error_message=_(
                    "A Bimtek session names its stage; other events name none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%Y-%m-%d})"

    @property
    def region(self) -> Region:
        return self.member.region

    @property
    def days(self) -> list[date]:
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + timedelta(days=n) for n in range(count)]

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.member.region_id}


class Group(models.TextChoices):
    """Who attends: the region's agencies, sub-districts, villages, partners (pentahelix)."""

    AGENCY = "agency", _("Agency")
    SUBDISTRICT = "subdistrict", _("Sub-district (kecamatan)")
    VILLAGE = "village", _("Village (desa/kelurahan)")
    ACADEMIA = "academia", _("Academia")
    BUSINESS = "business", _("Business")
    COMMUNITY = "community", _("Community")
    MEDIA = "media", _("Media")


class Attendance(TrackedModel):
    """One participant present on one day of a session."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance"
    )
    day = models.DateField(_("day"))
    group = models.CharField(_("group"), max_length=12, choices=Group.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("The sub-district, village or partner; empty for an agency."),
    )
    participant = models.CharField(
        _("participant"), max_length=150, help_text=_("A name or a position.")
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    substitute = models.BooleanField(_("substitute"), default=False)

    class Meta:
        ordering = ["session", "day", "group", "organisation", "participant"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            Unique(
                fields=["session", "day", "agency", "participant"],
                condition=Q(agency__isnull=False),
                name="guidance_attendance_agency_unique",
                field="participant",
                violation_error_code="duplicate",
                violation_error_message=_("This participant is already recorded for this day."),
            ),
            Unique(
                fields=["session", "day", "group", "organisation", "participant"],
                condition=Q(agency__isnull=True),
                name="guidance_attendance_other_unique",
                field="participant",
                violation_error_code="duplicate",
                violation_error_message=_("This participant is already recorded for this day."),
            ),
            Check(
                condition=Q(group="agency", agency__isnull=False)
                | (~Q(group="agency") & Q(agency__isnull=True) & ~Q(organisation="")),
                name="guidance_attendance_names_who",
                field="agency",
                violation_error_code="names_who",
                violation_error_message=_(
                    "An agency's participant names the agency; any other names the organisation."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.day:%Y-%m-%d}"

    @property
    def region(self) -> Region:
        return self.session.member.region

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.session.member.region_id}


class FollowUp(TrackedModel):
    """An action agreed in a session, with the agency that owns it and a due date."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    text = models.TextField(_("action"))
    owner = models.ForeignKey(
        Agency,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def region(self) -> Region:
        return self.session.member.region

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.session.member.region_id}


class SessionFile(TrackedModel):
    """A file of a session: a material (slides, an agenda document) or a photo. The person
    who uploaded it is ``created_by``; the file has no public URL (``lib.files.serve``)."""

    class Kind(models.TextChoices):
        MATERIAL = "material", _("Material")
        PHOTO = "photo", _("Photo")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=upload_to, max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)

    class Meta:
        ordering = ["session", "kind", "created", "pk"]
        verbose_name = _("session file")
        verbose_name_plural = _("session files")

    def __str__(self) -> str:
        return self.title

    @property
    def region(self) -> Region:
        return self.session.member.region

    def download_name(self) -> str:
        """The title (without the extension when it already ends with it) and the stored
        file's extension."""
        stem, suffix = self.title, PurePath(self.file.name or "").suffix.lower()
        if suffix and stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
        return download_name(stem, self.file)

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.session.member.region_id}


class Comment(TrackedModel):
    """An expert's comment on a region's stage or on one of its sessions (its author is
    ``created_by``), until the region's coordinator resolves it."""

    member = models.ForeignKey(
        CohortRegion,
        verbose_name=_("cohort region"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    stage = models.CharField(_("stage"), max_length=1, choices=Stage.choices, blank=True)
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    text = models.TextField(_("comment"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["member", "created", "pk"]
        verbose_name = _("expert comment")
        verbose_name_plural = _("expert comments")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def region(self) -> Region:
        return self.member.region

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.member.region_id}
