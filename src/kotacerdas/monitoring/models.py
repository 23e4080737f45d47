"""Monitoring (monev) of a masterplan: indicators, their targets and the realisations the
responsible agencies report, with evidence; programme progress per year; the thresholds a
status is judged by; and a record of the reminders sent.

A realisation is never overwritten: a correction is a new row pointing to the one it
corrects, and only one row per indicator and period is *current* (a database constraint).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotacerdas.framework.models import Dimension
from kotacerdas.lib.constraints import Check, Unique
from kotacerdas.lib.files import upload_to
from kotacerdas.lib.models import TrackedModel
from kotacerdas.planning.models import FundingLine, Masterplan, Programme
from kotacerdas.regions.models import Agency, Region

VALUE_DIGITS, VALUE_PLACES = 20, 4


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("Yearly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    QUARTERLY = "quarterly", _("Quarterly")
    MONTHLY = "monthly", _("Monthly")


class State(models.TextChoices):
    """Where a report stands: reported by the agency, verified or returned by the coordinator."""

    REPORTED = "reported", _("Reported")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned")


def _value_field(verbose: Any, **kwargs: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        verbose, max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, **kwargs
    )


class Indicator(TrackedModel):
    """A key performance indicator of a masterplan.

    It measures a programme (output or outcome level) or a dimension of the masterplan's
    framework version (impact level): exactly one of the two.
    """

    class Level(models.TextChoices):
        OUTPUT = "output", _("Output")
        OUTCOME = "outcome", _("Outcome")
        IMPACT = "impact", _("Impact")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")
        RANGE = "range", _("Within a range")

    masterplan = models.ForeignKey(
        Masterplan,
        verbose_name=_("masterplan"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    dimension = models.ForeignKey(
        Dimension,
        verbose_name=_("dimension"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=250)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=50)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    range_min = _value_field(_("range minimum"), null=True, blank=True)
    range_max = _value_field(_("range maximum"), null=True, blank=True)
    baseline_value = _value_field(_("baseline value"), null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    data_source = models.CharField(_("data source"), max_length=250, blank=True)
    responsible_agency = models.ForeignKey(
        Agency,
        verbose_name=_("responsible agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monitored_indicators",
    )
    frequency = models.CharField(
        _("reporting frequency"), max_length=12, choices=Frequency.choices, default=Frequency.YEARLY
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)

    class Meta:
        ordering = ["masterplan", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            Unique(
                fields=["masterplan", "code"],
                name="indicator_code_unique_in_masterplan",
                field="code",
                violation_error_code="duplicate",
                violation_error_message=_("Another indicator of this masterplan has this code."),
            ),
            Check(
                condition=(
                    Q(
                        programme__isnull=False,
                        dimension__isnull=True,
                        level__in=["output", "outcome"],
                    )
                    | Q(programme__isnull=True, dimension__isnull=False, level="impact")
                ),
                name="indicator_on_programme_or_dimension",
                field="level",
                violation_error_code="indicator_on_programme_or_dimension",
                violation_error_message=_(
                    "An output or outcome indicator belongs to a programme; an impact indicator "
                    "to a dimension. Choose exactly one."
                ),
            ),
            Check(
                condition=~Q(direction="range")
                | Q(
                    range_min__isnull=False,
                    range_max__isnull=False,
                    range_max__gte=models.F("range_min"),
                ),
                name="indicator_range_bounds_ordered",
                field="range_max",
                violation_error_code="indicator_range_bounds_ordered",
                violation_error_message=_(
                    "An indicator judged within a range needs a minimum and a maximum, the "
                    "maximum not below the minimum."
                ),
            ),
            Check(
                condition=Q(baseline_value__isnull=True) | Q(baseline_year__isnull=False),
                name="indicator_baseline_has_year",
                field="baseline_year",
                violation_error_code="indicator_baseline_has_year",
                violation_error_message=_("A baseline value needs the year it was measured."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def region(self) -> Region:
        return self.masterplan.region

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.masterplan.region_id, "masterplan_id": self.masterplan_id}


class IndicatorPart(TrackedModel):
    """A row that belongs to one indicator."""

    indicator: models.ForeignKey[Indicator, Indicator]
    indicator_id: int

    class Meta:
        abstract = True

    @property
    def region(self) -> Region:
        return self.indicator.masterplan.region

    def get_additional_data(self) -> dict[str, Any]:
        return {
            "masterplan_id": self.indicator.masterplan_id,
            "indicator_id": self.indicator_id,
        }


class Target(IndicatorPart):
    """The value an indicator aims at in one year of the period (or one quarter of it)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        null=True,
        blank=True,
        choices=[(1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")],
    )
    value = _value_field(_("target"))

    class Meta:
        ordering = ["indicator", "year", models.F("quarter").asc(nulls_first=True)]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            Unique(
                fields=["indicator", "year"],
                condition=Q(quarter__isnull=True),
                name="target_one_per_year",
                field="year",
                violation_error_code="duplicate",
                violation_error_message=_("This indicator already has a target for this year."),
            ),
            Unique(
                fields=["indicator", "year", "quarter"],
                condition=Q(quarter__isnull=False),
                name="target_one_per_quarter",
                field="quarter",
                violation_error_code="duplicate",
                violation_error_message=_("This indicator already has a target for this quarter."),
            ),
            Check(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="target_quarter_1_to_4",
                field="quarter",
                violation_error_code="target_quarter_1_to_4",
                violation_error_message=_("A quarter is 1 to 4."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}{f' Q{self.quarter}' if self.quarter else ''}: {self.value}"


class Quality(models.TextChoices):
    """Where a value comes from (the U4SSC data-quality flag)."""

    MEASURED = "measured", _("Measured")
    ESTIMATED = "estimated", _("Estimated")
    MODELLED = "modelled", _("Modelled")
    UNKNOWN = "unknown", _("Unknown")


class ReportMixin(models.Model):
    """Who reported and who verified or returned a report, and when."""

    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.REPORTED
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified or returned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified or returned"), null=True, blank=True)
    return_comment = models.TextField(_("reason for returning"), blank=True)

    class Meta:
        abstract = True


class Realisation(ReportMixin, IndicatorPart):
    """The value an indicator reached in one period of its schedule.

    ``sub_period`` is 0 for a yearly indicator, 1–2 (halves), 1–4 (quarters) or 1–12
    (months) for the others. A correction is a new row with ``corrects`` set and a
    reason; the corrected row stays, no longer current.
    """

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="realisations",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sub_period = models.PositiveSmallIntegerField(_("period"), default=0)
    value = _value_field(_("value"))
    note = models.TextField(_("note"), blank=True)
    quality = models.CharField(
        _("data quality"), max_length=10, choices=Quality.choices, default=Quality.MEASURED
    )
    is_current = models.BooleanField(_("current"), default=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)

    class Meta:
        ordering = ["indicator", "year", "sub_period", "-pk"]
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        constraints = [
            Unique(
                fields=["indicator", "year", "sub_period"],
                condition=Q(is_current=True),
                name="realisation_one_current_per_period",
                field="sub_period",
                violation_error_code="duplicate",
                violation_error_message=_(
                    "This period already has a realisation; correct it instead."
                ),
            ),
            Check(
                condition=Q(sub_period__gte=0, sub_period__lte=12),
                name="realisation_sub_period_0_to_12",
                field="sub_period",
                violation_error_code="realisation_sub_period_0_to_12",
                violation_error_message=_("A period within a year is 0 to 12."),
            ),
            Check(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="realisation_correction_has_reason",
                field="correction_reason",
                violation_error_code="realisation_correction_has_reason",
                violation_error_message=_("A correction needs a reason."),
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "is_current", "year"], name="realisation_current_idx")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}/{self.sub_period}: {self.value}"


class RealisationEvidence(TrackedModel):
    """A file or a link supporting a realisation (bukti dukung)."""

    realisation = models.ForeignKey(
        Realisation,
        verbose_name=_("realisation"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=upload_to, blank=True, max_length=200)
    url = models.URLField(_("link"), blank=True, max_length=500)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)

    class Meta:
        ordering = ["realisation", "created"]
        verbose_name = _("realisation evidence")
        verbose_name_plural = _("realisation evidence")
        constraints = [
            Check(
                condition=(~Q(file="") & Q(url="")) | (Q(file="") & ~Q(url="")),
                name="realisation_evidence_file_or_link",
                field="url",
                violation_error_code="realisation_evidence_file_or_link",
                violation_error_message=_("Evidence is either a file or a link, not both."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict[str, Any]:
        return {"realisation_id": self.realisation_id}


class ProgrammeProgress(ReportMixin, TrackedModel):
    """How far a programme got in one year: physical progress, a narrative and the money
    spent per funding line, reported by its lead agency and verified like a realisation."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    physical_progress = models.DecimalField(
        _("physical progress (%)"), max_digits=5, decimal_places=2
    )
    beneficiaries = models.PositiveIntegerField(
        _("citizens reached"),
        null=True,
        blank=True,
        help_text=_("How many citizens the programme reached in the year (penerima manfaat)."),
    )
    narrative = models.TextField(_("narrative"), blank=True)

    class Meta:
        ordering = ["programme", "year"]
        verbose_name = _("programme progress")
        verbose_name_plural = _("programme progress")
        constraints = [
            Unique(
                fields=["programme", "year"],
                name="progress_one_per_programme_year",
                field="year",
                violation_error_code="duplicate",
                violation_error_message=_(
                    "This programme already has a progress report for this year."
                ),
            ),
            Check(
                condition=Q(physical_progress__gte=0, physical_progress__lte=100),
                name="progress_physical_0_to_100",
                field="physical_progress",
                violation_error_code="progress_physical_0_to_100",
                violation_error_message=_("Physical progress is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.year}: {self.physical_progress}%"

    def get_additional_data(self) -> dict[str, Any]:
        return {"programme_id": self.programme_id}


class ProgressCorrection(TrackedModel):
    """A verified programme progress as it was before someone corrected it: the earlier
    values, who reported and verified them, and why they were corrected (``created_by`` is who
    corrected it, ``created`` when)."""

    progress = models.ForeignKey(
        ProgrammeProgress,
        verbose_name=_("programme progress"),
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    physical_progress = models.DecimalField(
        _("physical progress (%)"), max_digits=5, decimal_places=2
    )
    beneficiaries = models.PositiveIntegerField(_("citizens reached"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    spending = models.JSONField(_("budget realised"), default=list, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified or returned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified or returned"), null=True, blank=True)
    reason = models.TextField(_("reason for the correction"))

    class Meta:
        ordering = ["progress", "created", "pk"]
        verbose_name = _("progress correction")
        verbose_name_plural = _("progress corrections")

    def __str__(self) -> str:
        return f"{self.progress_id}: {self.physical_progress}% ({self.reason[:40]})"

    def get_additional_data(self) -> dict[str, Any]:
        return {"programme_id": self.progress.programme_id}


class ProgrammeSpending(TrackedModel):
    """The money realised against one funding line of the progress report's year."""

    progress = models.ForeignKey(
        ProgrammeProgress,
        verbose_name=_("programme progress"),
        on_delete=models.CASCADE,
        related_name="spending",
    )
    funding_line = models.ForeignKey(
        FundingLine, verbose_name=_("funding line"), on_delete=models.CASCADE, related_name="+"
    )
    amount = models.DecimalField(_("realised (Rp)"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["progress", "funding_line"]
        verbose_name = _("budget realised")
        verbose_name_plural = _("budget realised")
        constraints = [
            Unique(
                fields=["progress", "funding_line"],
                name="spending_once_per_funding_line",
                field="funding_line",
                violation_error_code="duplicate",
                violation_error_message=_("This funding line already has an amount realised."),
            ),
            Check(
                condition=Q(amount__gte=0),
                name="spending_amount_not_negative",
                field="amount",
                violation_error_code="spending_amount_not_negative",
                violation_error_message=_("An amount realised cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funding_line_id}: {self.amount}"


DEFAULT_ON_TRACK = Decimal(90)
DEFAULT_AT_RISK = Decimal(70)


class Thresholds(TrackedModel):
    """The achievement a masterplan's status is judged by: on track at ``on_track`` % or
    more, at risk at ``at_risk`` % or more, off track below."""

    masterplan = models.OneToOneField(
        Masterplan,
        verbose_name=_("masterplan"),
        on_delete=models.CASCADE,
        related_name="monitoring_thresholds",
    )
    on_track = models.DecimalField(
        _("on track from (%)"), max_digits=5, decimal_places=2, default=DEFAULT_ON_TRACK
    )
    at_risk = models.DecimalField(
        _("at risk from (%)"), max_digits=5, decimal_places=2, default=DEFAULT_AT_RISK
    )

    class Meta:
        ordering = ["masterplan"]
        verbose_name = _("status thresholds")
        verbose_name_plural = _("status thresholds")
        constraints = [
            Check(
                condition=Q(at_risk__gte=0, on_track__lte=100, at_risk__lte=models.F("on_track")),
                name="thresholds_ordered_0_to_100",
                field="at_risk",
                violation_error_code="thresholds_ordered_0_to_100",
                violation_error_message=_(
                    "Thresholds are percentages from 0 to 100, the at-risk one not above the "
                    "on-track one."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"≥{self.on_track} / ≥{self.at_risk}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"masterplan_id": self.masterplan_id}


class RollUpWeight(TrackedModel):
    """How much a programme counts within its dimension, or a dimension within the
    masterplan, in the status roll-up (``scoring.roll_up``). Without a row the weight is 1;
    a weight of 0 leaves the child out."""

    masterplan = models.ForeignKey(
        Masterplan,
        verbose_name=_("masterplan"),
        on_delete=models.CASCADE,
        related_name="monitoring_weights",
    )
    programme = models.OneToOneField(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="monitoring_weight",
    )
    dimension = models.ForeignKey(
        Dimension,
        verbose_name=_("dimension"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=Decimal(1))

    class Meta:
        ordering = ["masterplan", "dimension", "programme"]
        verbose_name = _("roll-up weight")
        verbose_name_plural = _("roll-up weights")
        constraints = [
            Check(
                condition=Q(weight__gte=0),
                name="rollup_weight_not_negative",
                field="weight",
                violation_error_code="rollup_weight_not_negative",
                violation_error_message=_("A weight cannot be negative."),
            ),
            Check(
                condition=Q(programme__isnull=True, dimension__isnull=False)
                | Q(programme__isnull=False, dimension__isnull=True),
                name="rollup_weight_of_programme_or_dimension",
                violation_error_code="rollup_weight_of_programme_or_dimension",
                violation_error_message=_("A weight is of a programme or of a dimension."),
            ),
            Unique(
                fields=["masterplan", "dimension"],
                name="rollup_weight_once_per_dimension",
                field="dimension",
                violation_error_code="duplicate",
                violation_error_message=_("This dimension already has a weight."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id or self.dimension_id}: {self.weight}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"masterplan_id": self.masterplan_id}


class ReminderSent(models.Model):
    """One reminder line sent to one user, so ``send_reminders`` never sends it twice.

    ``key`` names what was reminded of: ``due:<indicator>:<year>:<sub>``,
    ``overdue:<indicator>:<year>:<sub>`` or ``returned:<realisation>``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("key"), max_length=80)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            Unique(
                fields=["user", "key"],
                name="reminder_once_per_user_and_key",
                field="key",
                violation_error_code="duplicate",
                violation_error_message=_("This reminder was already sent."),
            )
        ]

    def __str__(self) -> str:
        return self.key


# The dashboards' summary rows live in their own module; imported here so Django finds them.
from .summary_models import (  # noqa: E402
    DimensionSummary,
    IndicatorSummary,
    MasterplanSummary,
    ProgrammeSummary,
)

__all__ = ["DimensionSummary", "IndicatorSummary", "MasterplanSummary", "ProgrammeSummary"]
