"""National selection campaigns: applications, assessor verification and the ranking.

The national admin opens a campaign on one readiness instrument version, with a quota and
campaign-specific criteria; kabupaten/kota apply with a submitted readiness assessment;
assessors assigned to applications verify them; closing the campaign freezes the ranking
into ``RankingEntry`` rows that nothing changes afterwards.

Readiness scores are stored on the application (``self_score``, ``verified_score``) when
the application is submitted and whenever a verification changes; see
``services`` for why.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kotacerdas.framework.models import Instrument, InstrumentItem
from kotacerdas.lib.constraints import Check, Unique
from kotacerdas.lib.files import upload_to
from kotacerdas.lib.models import TrackedModel
from kotacerdas.readiness.models import Assessment
from kotacerdas.regions.models import Region


class Campaign(TrackedModel):
    """One national selection round: who may apply, on which instrument, how many are chosen."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("readiness instrument"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    quota = models.PositiveIntegerField(_("quota"), help_text=_("How many regions are selected."))
    deadline = models.DateField(_("application deadline"))
    open_to_all = models.BooleanField(
        _("open to every kabupaten/kota"),
        default=True,
        help_text=_("Otherwise only the invited regions may apply."),
    )
    invited_regions = models.ManyToManyField(
        Region, verbose_name=_("invited regions"), blank=True, related_name="+"
    )
    readiness_weight = models.DecimalField(
        _("weight of the readiness score"),
        max_digits=6,
        decimal_places=2,
        default=60,
        help_text=_("Weights are relative: they are divided by their sum."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("selection campaign")
        verbose_name_plural = _("selection campaigns")
        constraints = [
            Check(
                condition=models.Q(readiness_weight__gte=0),
                name="campaign_weight_not_negative",
                field="readiness_weight",
                violation_error_message=_("The readiness weight cannot be negative."),
                violation_error_code="negative",
            ),
            Check(
                condition=models.Q(quota__gte=1),
                name="campaign_quota_positive",
                field="quota",
                violation_error_message=_("The quota must be at least 1."),
                violation_error_code="not_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CampaignCriterion(TrackedModel):
    """A campaign-specific criterion weighed beside readiness (fiscal capacity, SPBE index…)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    value_min = models.DecimalField(_("lowest value"), max_digits=14, decimal_places=4)
    value_max = models.DecimalField(_("highest value"), max_digits=14, decimal_places=4)
    lower_is_better = models.BooleanField(_("lower is better"), default=False)
    requires_document = models.BooleanField(_("document required"), default=False)

    class Meta:
        ordering = ["campaign", "code"]
        verbose_name = _("campaign criterion")
        verbose_name_plural = _("campaign criteria")
        constraints = [
            Unique(
                fields=["campaign", "code"],
                name="criterion_code_unique",
                field="code",
                violation_error_message=_("This campaign already has a criterion with this code."),
                violation_error_code="duplicate",
            ),
            Check(
                condition=models.Q(value_max__gt=models.F("value_min")),
                name="criterion_range_ordered",
                field="value_max",
                violation_error_message=_("The highest value must be above the lowest value."),
                violation_error_code="range_not_ordered",
            ),
            Check(
                condition=models.Q(weight__gte=0),
                name="criterion_weight_not_negative",
                field="weight",
                violation_error_message=_("The weight cannot be negative."),
                violation_error_code="negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def accepts(self, value: Any) -> bool:
        return self.value_min <= value <= self.value_max

    def range_error(self, value: Decimal) -> str:
        """Why ``value`` is refused, in the user's language."""
        return gettext("%(value)s is outside %(min)s–%(max)s for %(code)s.") % {
            "value": _plain(value),
            "min": _plain(self.value_min),
            "max": _plain(self.value_max),
            "code": self.code,
        }


def _plain(value: Decimal) -> str:
    """A decimal without trailing zeros: 7.5000 → 7.5, 10.0000 → 10."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class Application(TrackedModel):
    """A region's application to a campaign, with its readiness scores (0–scale_max)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="applications"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="applications"
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("readiness assessment"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    self_score = models.FloatField(_("self-assessed readiness"), default=0)
    verified_score = models.FloatField(_("verified readiness"), default=0)
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessors"),
        through="Assignment",
        through_fields=("application", "assessor"),
        related_name="assigned_applications",
        blank=True,
    )

    class Meta:
        ordering = ["campaign", "region__code"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            Unique(
                fields=["campaign", "region"],
                name="application_region_unique",
                field="region",
                violation_error_message=_("This region has already applied to this campaign."),
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.campaign}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.region_id}


class Assignment(TrackedModel):
    """An assessor assigned by the national admin to verify one application."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.CASCADE,
        related_name="selection_assignments",
    )

    class Meta:
        ordering = ["application", "assessor__username"]
        verbose_name = _("assessor assignment")
        verbose_name_plural = _("assessor assignments")
        constraints = [
            Unique(
                fields=["application", "assessor"],
                name="assignment_assessor_unique",
                field="assessor",
                violation_error_message=_("This assessor is already assigned to this application."),
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessor} → {self.application}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.application.region_id}


class CriterionValue(TrackedModel):
    """A region's value for one criterion, entered or imported, and its supporting document."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered")
        IMPORTED = "imported", _("Imported")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="values"
    )
    criterion = models.ForeignKey(
        CampaignCriterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="values",
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    document = models.FileField(_("document"), upload_to=upload_to, blank=True, max_length=200)
    document_name = models.CharField(_("document name"), max_length=200, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )

    class Meta:
        ordering = ["application", "criterion__code"]
        verbose_name = _("criterion value")
        verbose_name_plural = _("criterion values")
        constraints = [
            Unique(
                fields=["application", "criterion"],
                name="criterion_value_unique",
                field="criterion",
                violation_error_message=_(
                    "This application already has a value for this criterion."
                ),
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.criterion.code} = {self.value}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.application.region_id}


class Verification(TrackedModel):
    """The assessor's verification of an application: interview notes, when it was done."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="verification",
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    interview_notes = models.TextField(_("interview notes"), blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)

    class Meta:
        ordering = ["application"]
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")

    def __str__(self) -> str:
        return f"{_('Verification')} · {self.application}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.application.region_id}


class VerifiedLevel(TrackedModel):
    """A level adjusted by the assessor for one item; the region's own answer is kept."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="verified_levels",
    )
    item = models.ForeignKey(
        InstrumentItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("verified level"))
    reason = models.TextField(_("reason"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["application", "item__position"]
        verbose_name = _("verified level")
        verbose_name_plural = _("verified levels")
        constraints = [
            Unique(
                fields=["application", "item"],
                name="verified_level_unique",
                field="item",
                violation_error_message=_("This item is already verified for this application."),
                violation_error_code="duplicate",
            ),
            Check(
                condition=~models.Q(reason=""),
                name="verified_level_reason",
                field="reason",
                violation_error_message=_("Give the reason for the verified level."),
                violation_error_code="required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.item} → {self.level}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.application.region_id}


class RankingEntry(models.Model):
    """One row of a closed campaign's ranking, frozen when the campaign closed."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="ranking"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    application_status = models.CharField(_("application status"), max_length=10)
    rank = models.PositiveIntegerField(_("rank"))
    self_score = models.FloatField(_("self-assessed readiness"))
    verified_score = models.FloatField(_("verified readiness"))
    criteria = models.JSONField(_("criteria"), default=dict, help_text=_("{code: {value, score}}"))
    total = models.FloatField(_("total"))
    selected = models.BooleanField(_("selected"))
    submitted_at = models.DateTimeField(_("submitted"), null=True)

    class Meta:
        ordering = ["campaign", "rank"]
        verbose_name = _("ranking entry")
        verbose_name_plural = _("ranking entries")
        constraints = [
            Unique(
                fields=["campaign", "region"],
                name="ranking_region_unique",
                field="region",
                violation_error_message=_("This region is already in the ranking."),
                violation_error_code="duplicate",
            ),
            Unique(
                fields=["campaign", "rank"],
                name="ranking_rank_unique",
                field="rank",
                violation_error_message=_("Another region already holds this rank."),
                violation_error_code="duplicate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} #{self.rank} {self.region}"
