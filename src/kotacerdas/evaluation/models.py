"""The yearly smart-city evaluation's tables; the SPBE tables are in spbe_models.py.

An **instrument** is one version of the evaluation (the five components with their weights
for that year, the score scale, a criterion per component and dimension), loaded from
``data/evaluation-*.yaml``. The national admin opens a **round** for a year with an
instrument and the regions taking part, and assigns assessors to each region. A region
fills its **evaluation** (the self-assessment): a **score** per component and dimension with
a narrative and evidence; assigned assessors adjust scores (with a reason), write the
**report** per dimension (Kelemahan, Kekuatan, Rekomendasi) and verify; the national admin
publishes; the region answers with **follow-up actions** on its masterplan.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.constraints import Check, Unique
from kotacerdas.lib.models import BilingualNameMixin, TrackedModel
from kotacerdas.regions.models import Agency, Region


class EvaluationInstrument(BilingualNameMixin, TrackedModel):
    """One version of the yearly evaluation: components, weights, scale and criteria.

    Components and criteria are kept as the validated data they were loaded from (JSON);
    a version an evaluation uses never changes, a new year is a new version.
    """

    code = models.SlugField(_("code"), max_length=40)
    number = models.CharField(_("version"), max_length=20)
    year = models.PositiveSmallIntegerField(_("evaluation year"))
    framework = models.ForeignKey(
        "framework.FrameworkVersion",
        verbose_name=_("framework version"),
        on_delete=models.PROTECT,
        related_name="evaluation_instruments",
    )
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=4)
    components = models.JSONField(_("components"), default=list)
    dimensions = models.JSONField(_("dimensions"), default=list)
    criteria = models.JSONField(_("criteria"), default=list)
    checksum = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["-year", "code", "-number"]
        verbose_name = _("evaluation instrument")
        verbose_name_plural = _("evaluation instruments")
        constraints = [
            Unique(
                fields=["code", "number"],
                name="evaluation_instrument_version_unique",
                field="number",
                violation_error_message=_(
                    "This evaluation instrument already has a version with this number."
                ),
                violation_error_code="duplicate",
            ),
            Check(
                condition=Q(scale_max__gt=F("scale_min")),
                name="evaluation_instrument_scale_ordered",
                field="scale_max",
                violation_error_message=_("The highest score must be above the lowest score."),
                violation_error_code="range_not_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.number}"

    def weights(self) -> dict[str, Decimal]:
        return {c["code"]: Decimal(c["weight"]) for c in self.components}

    def component_codes(self) -> list[str]:
        return [c["code"] for c in self.components]

    def dimension_codes(self) -> list[str]:
        return [d["code"] for d in self.dimensions]

    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)

    def is_in_use(self) -> bool:
        return self.rounds.exists()


class EvaluationRound(TrackedModel):
    """The evaluation of one year: its instrument, the regions taking part, deadlines."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(_("year"))
    instrument = models.ForeignKey(
        EvaluationInstrument,
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions taking part"), related_name="evaluation_rounds"
    )
    self_assessment_due = models.DateField(_("self-assessment due"), null=True, blank=True)
    verification_due = models.DateField(_("verification due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        constraints = [
            Unique(
                fields=["year"],
                name="evaluation_round_one_per_year",
                field="year",
                violation_error_message=_("An evaluation round for this year already exists."),
                violation_error_code="duplicate",
            ),
            Check(
                condition=Q(self_assessment_due__isnull=True)
                | Q(verification_due__isnull=True)
                | Q(verification_due__gte=F("self_assessment_due")),
                name="evaluation_round_deadlines_ordered",
                field="verification_due",
                violation_error_message=_("Verification cannot be due before the self-assessment."),
                violation_error_code="deadlines_not_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Smart city evaluation %(year)s") % {"year": self.year})


class Assignment(models.Model):
    """An assessor assigned to verify one region's evaluation in a round."""

    round = models.ForeignKey(
        EvaluationRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.CASCADE,
        related_name="evaluation_assignments",
    )

    class Meta:
        ordering = ["round", "region", "assessor"]
        verbose_name = _("evaluation assignment")
        verbose_name_plural = _("evaluation assignments")
        constraints = [
            Unique(
                fields=["round", "region", "assessor"],
                name="evaluation_assignment_unique",
                field="assessor",
                violation_error_message=_("This assessor is already assigned to this region."),
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessor} → {self.region}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.region_id}


class Evaluation(TrackedModel):
    """One region's evaluation in a round: its self-assessment, verification and result.

    ``self_index`` is the index of the region's own scores, ``index`` that of the scores
    that count after verification; both are kept unrounded.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Self-assessment")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        PUBLISHED = "published", _("Published")

    round = models.ForeignKey(
        EvaluationRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    verification_notes = models.TextField(_("interview or visit notes"), blank=True)
    self_index = models.DecimalField(
        _("self-assessed index"), null=True, max_digits=12, decimal_places=6
    )
    index = models.DecimalField(_("index"), null=True, max_digits=12, decimal_places=6)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "region__code"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            Unique(
                fields=["region", "year"],
                name="evaluation_one_per_region_and_year",
                field="year",
                violation_error_message=_(
                    "This region already has a self-assessment for this year."
                ),
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.region_id}

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class EvaluationPart(models.Model):
    """A row that belongs to one evaluation."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.evaluation.region_id}


class Score(EvaluationPart):
    """A score for one component in one dimension: the region's, then the assessor's."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="scores"
    )
    component = models.CharField(_("component"), max_length=40)
    dimension = models.CharField(_("dimension"), max_length=40)
    self_score = models.PositiveSmallIntegerField(_("self-assessed score"), null=True)
    narrative = models.TextField(_("narrative"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    verified_score = models.PositiveSmallIntegerField(_("verified score"), null=True)
    reason = models.TextField(_("reason for the change"), blank=True)

    class Meta:
        ordering = ["evaluation", "pk"]
        verbose_name = _("evaluation score")
        verbose_name_plural = _("evaluation scores")
        constraints = [
            Unique(
                fields=["evaluation", "component", "dimension"],
                name="evaluation_score_one_per_cell",
                field="dimension",
                violation_error_message=_("This component already has a score here."),
                violation_error_code="duplicate",
            ),
            Check(
                condition=Q(verified_score__isnull=True)
                | Q(verified_score=F("self_score"))
                | ~Q(reason=""),
                name="evaluation_score_change_has_reason",
                field="reason",
                violation_error_message=_("A changed score needs a reason."),
                violation_error_code="reason_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.component} / {self.dimension}"


class ReportSection(EvaluationPart):
    """The assessors' report on one dimension, in three parts."""

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="report_sections",
    )
    dimension = models.CharField(_("dimension"), max_length=40)
    weaknesses = models.TextField(_("weaknesses (Kelemahan)"), blank=True)
    strengths = models.TextField(_("strengths (Kekuatan)"), blank=True)
    recommendations = models.TextField(_("recommendations (Rekomendasi)"), blank=True)

    class Meta:
        ordering = ["evaluation", "pk"]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [
            Unique(
                fields=["evaluation", "dimension"],
                name="evaluation_report_one_per_dimension",
                field="dimension",
                violation_error_message=_("This dimension already has a report section."),
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.dimension}"


class FollowUpAction(TrackedModel):
    """What the region will do about a recommendation: a task on its masterplan."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    masterplan = models.ForeignKey(
        "planning.Masterplan",
        verbose_name=_("masterplan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dimension = models.CharField(_("dimension"), max_length=40, blank=True)
    text = models.TextField(_("action"))
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("responsible agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        ordering = ["evaluation", "due", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.text[:60]

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.evaluation.region_id}


from .spbe_models import (  # noqa: E402,F401  (one app, two modules of tables)
    SpbeAspect,
    SpbeAssessment,
    SpbeDomain,
    SpbeEvidence,
    SpbeIndicator,
    SpbeInstrument,
    SpbeProgrammeTag,
    SpbeScore,
)
