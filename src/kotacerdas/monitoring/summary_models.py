"""Summary rows of monitoring, for the dashboards: the status of every indicator, programme,
dimension and masterplan in the year a masterplan is looked at, with its reporting counts.

Masterplan and dimension rows are kept for every year of the masterplan's period (the one of
the year looked at now is marked ``is_current``), so a province or the nation is read for a
past year as for this one; indicator and programme rows hold the current year only (a past
year of one masterplan is computed when asked, ``dashboards.region_dashboard``).

They hold what ``queries.masterplan_status`` computes, so that a province or the whole
nation is read from a few hundred summary rows and never from the realisations themselves.
``summaries.refresh_masterplan`` rewrites a masterplan's rows: the monitoring services call
it after every report, verification, return, correction, progress report and threshold
change, and ``manage.py refresh_monitoring`` (nightly, as time makes periods fall due)
rewrites them all. Nothing else writes them; they are not audited (they are derived).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.framework.models import Dimension
from kotacerdas.lib.constraints import Unique
from kotacerdas.planning.models import Masterplan, Programme

from .models import Indicator, Quality, State


class SummaryStatus(models.TextChoices):
    """The values of ``scoring.Status``, with their labels."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NOT_REPORTED = "not_reported", _("Not reported")
    NO_TARGET = "no_target", _("No target")


# As ``models.VALUE_DIGITS`` / ``VALUE_PLACES`` (not imported: this module is imported by
# ``models`` before they are typed).
VALUE_DIGITS, VALUE_PLACES = 20, 4


def _score_field(verbose: Any) -> models.DecimalField[Decimal | None, Decimal | None]:
    return models.DecimalField(verbose, max_digits=5, decimal_places=2, null=True, blank=True)


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


class Summary(models.Model):
    """A score (0–100, ``None`` when every child is left out) and the status it gives."""

    score = _score_field(_("achievement (%)"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SummaryStatus.choices,
        default=SummaryStatus.NOT_REPORTED,
    )

    class Meta:
        abstract = True


class MasterplanSummary(Summary):
    """A masterplan's monitoring in one year, rolled up, with the reporting counts of that
    year's periods due so far."""

    masterplan = models.ForeignKey(
        Masterplan,
        verbose_name=_("masterplan"),
        on_delete=models.CASCADE,
        related_name="monitoring_summaries",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    is_current = models.BooleanField(_("current year"), default=False)
    indicators = models.PositiveIntegerField(_("indicators"), default=0)
    on_track = models.PositiveIntegerField(_("on track"), default=0)
    at_risk = models.PositiveIntegerField(_("at risk"), default=0)
    off_track = models.PositiveIntegerField(_("off track"), default=0)
    not_reported = models.PositiveIntegerField(_("not reported"), default=0)
    due_periods = models.PositiveIntegerField(_("periods due"), default=0)
    reported_periods = models.PositiveIntegerField(_("periods reported"), default=0)
    verified_periods = models.PositiveIntegerField(_("periods verified"), default=0)
    refreshed_at = models.DateTimeField(_("computed"))

    class Meta:
        ordering = ["masterplan", "year"]
        verbose_name = _("masterplan monitoring summary")
        verbose_name_plural = _("masterplan monitoring summaries")
        constraints = [
            Unique(
                fields=["masterplan", "year"],
                name="masterplan_summary_once_per_year",
                field="year",
                violation_error_code="duplicate",
                violation_error_message=_("This year already has a summary."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.masterplan_id} {self.year}: {self.score}"

    @property
    def reporting_rate(self) -> Decimal | None:
        """Periods reported (not returned) of those due so far, in %."""
        return _percent(self.reported_periods, self.due_periods)

    @property
    def verified_rate(self) -> Decimal | None:
        return _percent(self.verified_periods, self.due_periods)


class DimensionSummary(Summary):
    """One dimension of a masterplan: its programmes and impact indicators rolled up."""

    masterplan = models.ForeignKey(
        Masterplan,
        verbose_name=_("masterplan"),
        on_delete=models.CASCADE,
        related_name="dimension_summaries",
    )
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    is_current = models.BooleanField(_("current year"), default=False)
    weight = models.DecimalField(_("weight"), max_digits=7, decimal_places=2, default=Decimal(1))
    indicators = models.PositiveIntegerField(_("indicators"), default=0)

    class Meta:
        ordering = ["masterplan", "year", "dimension__position"]
        verbose_name = _("dimension monitoring summary")
        verbose_name_plural = _("dimension monitoring summaries")
        constraints = [
            Unique(
                fields=["masterplan", "dimension", "year"],
                name="dimension_summary_once_per_year",
                field="dimension",
                violation_error_code="duplicate",
                violation_error_message=_("This dimension already has a summary."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.masterplan_id}/{self.dimension_id} {self.year}: {self.score}"


class ProgrammeSummary(Summary):
    """One programme: its output and outcome indicators rolled up."""

    programme = models.OneToOneField(
        Programme,
        verbose_name=_("programme"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="monitoring_summary",
    )
    masterplan = models.ForeignKey(
        Masterplan,
        verbose_name=_("masterplan"),
        on_delete=models.CASCADE,
        related_name="programme_summaries",
    )
    weight = models.DecimalField(
        _("weight within its dimension"), max_digits=7, decimal_places=2, default=Decimal(1)
    )
    indicators = models.PositiveIntegerField(_("indicators"), default=0)

    class Meta:
        ordering = ["masterplan", "programme"]
        verbose_name = _("programme monitoring summary")
        verbose_name_plural = _("programme monitoring summaries")

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.score}"


class IndicatorSummary(Summary):
    """One indicator in the year looked at: the value its status is based on, the target it
    is compared with, and how many of its periods due so far were reported."""

    indicator = models.OneToOneField(
        Indicator,
        verbose_name=_("indicator"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="summary",
    )
    masterplan = models.ForeignKey(
        Masterplan,
        verbose_name=_("masterplan"),
        on_delete=models.CASCADE,
        related_name="indicator_summaries",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=20, blank=True)
    value = models.DecimalField(
        _("value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True
    )
    quality = models.CharField(
        _("data quality"), max_length=10, choices=Quality.choices, blank=True
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True
    )
    achievement = _score_field(_("achievement (%)"))
    due = models.BooleanField(_("due"), default=False)
    due_periods = models.PositiveIntegerField(_("periods due"), default=0)
    reported_periods = models.PositiveIntegerField(_("periods reported"), default=0)

    class Meta:
        ordering = ["masterplan", "indicator"]
        verbose_name = _("indicator monitoring summary")
        verbose_name_plural = _("indicator monitoring summaries")

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}: {self.status}"
