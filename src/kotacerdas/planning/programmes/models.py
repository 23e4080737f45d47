"""Programmes of a masterplan: agencies, partners, funding, dependencies, milestones, and the
yearly budget ceilings they are held against."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotacerdas.framework.models import Dimension, Element
from kotacerdas.lib.models import MoneyField, TrackedModel
from kotacerdas.regions.models import Agency, Region

from ..masterplans.models import Masterplan, MasterplanPart, Stakeholder
from ..strategy.models import Goal

QUARTERS = [(1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")]


def _quarter_in_range(name: str) -> models.Q:
    return models.Q(**{f"{name}__isnull": True}) | models.Q(
        **{f"{name}__gte": 1, f"{name}__lte": 4}
    )


class Programme(MasterplanPart):
    """A priority programme: one lead agency, supporting agencies, partners and funding."""

    class Horizon(models.TextChoices):
        QUICK_WIN = "quick_win", _("Quick win")
        SHORT = "short", _("Short term")
        MEDIUM = "medium", _("Medium term")
        LONG = "long", _("Long term")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    masterplan = models.ForeignKey(
        Masterplan,
        verbose_name=_("masterplan"),
        on_delete=models.CASCADE,
        related_name="programmes",
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=250)
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="+"
    )
    element = models.ForeignKey(
        Element,
        verbose_name=_("element"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    problem = models.TextField(_("problem addressed"), blank=True)
    description = models.TextField(_("description"), blank=True)
    innovation = models.TextField(_("innovation"), blank=True)
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    start_quarter = models.PositiveSmallIntegerField(
        _("first quarter"),
        null=True,
        blank=True,
        choices=QUARTERS,
        help_text=_("Leave empty when the programme starts at the beginning of its first year."),
    )
    end_quarter = models.PositiveSmallIntegerField(
        _("last quarter"),
        null=True,
        blank=True,
        choices=QUARTERS,
        help_text=_("Leave empty when the programme runs to the end of its last year."),
    )
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name=_("lead agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_programmes",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    rpjmd_code = models.CharField(_("RPJMD/Renstra programme code"), max_length=60, blank=True)
    months_to_first_result = models.PositiveSmallIntegerField(
        _("months to first result"), null=True, blank=True
    )
    is_quick_win = models.BooleanField(_("chosen as quick win"), default=False)
    partners = models.ManyToManyField(
        Stakeholder, verbose_name=_("partners"), blank=True, related_name="programmes"
    )
    goals = models.ManyToManyField(
        Goal,
        verbose_name=_("goals served"),
        blank=True,
        related_name="programmes",
        help_text=_("The goals (sasaran) of this masterplan's missions the programme answers."),
    )

    class Meta:
        ordering = ["masterplan", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["masterplan", "code"], name="programme_code_unique_in_masterplan"
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="programme_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=_quarter_in_range("start_quarter"),
                name="programme_start_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=_quarter_in_range("end_quarter"), name="programme_end_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=models.Q(start_quarter__isnull=True)
                | models.Q(end_quarter__isnull=True)
                | ~models.Q(end_year=models.F("start_year"))
                | models.Q(end_quarter__gte=models.F("start_quarter")),
                name="programme_end_quarter_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("planning:programme_detail", kwargs={"pk": self.pk})

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class ProgrammePart(TrackedModel):
    """A row that belongs to one programme."""

    programme: models.ForeignKey[Programme, Programme]
    programme_id: int

    class Meta:
        abstract = True

    @property
    def region(self) -> Region:
        return self.programme.masterplan.region

    def get_additional_data(self) -> dict[str, Any]:
        return {"masterplan_id": self.programme.masterplan_id, "programme_id": self.programme_id}


class ProgrammeSupport(ProgrammePart):
    """A supporting agency of a programme, with what it does."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="supports"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="supported_programmes",
    )
    role = models.CharField(_("role"), max_length=200, blank=True)

    class Meta:
        ordering = ["programme", "agency__name"]
        verbose_name = _("supporting agency")
        verbose_name_plural = _("supporting agencies")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "agency"], name="support_agency_once_per_programme"
            )
        ]

    def __str__(self) -> str:
        return str(self.agency)


class FundingLine(ProgrammePart):
    """Money for a programme: one source, one year, one amount in Rupiah."""

    class Source(models.TextChoices):
        APBD = "apbd", "APBD"
        APBN = "apbn", "APBN"
        DAK = "dak", "DAK"
        APBDES = "apbdes", "APBDes"
        KPBU = "kpbu", _("KPBU (public-private partnership)")
        CSR = "csr", _("CSR/TJSL")
        PRIVATE_GRANT = "private_grant", _("Private / grant")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="funding"
    )
    source = models.CharField(_("source"), max_length=14, choices=Source.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = MoneyField(_("amount (Rp)"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["programme", "year", "source"]
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="funding_amount_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year}: {self.amount}"


class ProgrammeDependency(ProgrammePart):
    """A programme that needs another one of the same masterplan to come first."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="dependencies",
    )
    depends_on = models.ForeignKey(
        Programme,
        verbose_name=_("depends on"),
        on_delete=models.CASCADE,
        related_name="dependents",
    )

    class Meta:
        ordering = ["programme", "depends_on__code"]
        verbose_name = _("programme dependency")
        verbose_name_plural = _("programme dependencies")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "depends_on"], name="dependency_once_per_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(programme=models.F("depends_on")),
                name="dependency_not_on_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} → {self.depends_on_id}"


class Milestone(ProgrammePart):
    """A point a programme means to reach: in a year of the programme, in a quarter if set."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="milestones"
    )
    name = models.CharField(_("milestone"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, choices=QUARTERS
    )
    done = models.BooleanField(_("reached"), default=False)

    class Meta:
        # A whole-year milestone is due at the end of its year: after the quarters.
        ordering = ["programme", "year", models.F("quarter").asc(nulls_last=True), "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=_quarter_in_range("quarter"), name="milestone_quarter_1_to_4"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.when})"

    @property
    def when(self) -> str:
        return f"{self.year} Q{self.quarter}" if self.quarter else str(self.year)


class BudgetCeiling(MasterplanPart):
    """The most the region means to spend on the masterplan in one year (pagu)."""

    masterplan = models.ForeignKey(
        Masterplan, verbose_name=_("masterplan"), on_delete=models.CASCADE, related_name="ceilings"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = MoneyField(_("ceiling (Rp)"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["masterplan", "year"]
        verbose_name = _("budget ceiling")
        verbose_name_plural = _("budget ceilings")
        constraints = [
            models.UniqueConstraint(fields=["masterplan", "year"], name="ceiling_one_per_year"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="ceiling_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"
