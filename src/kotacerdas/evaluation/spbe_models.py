"""The SPBE self-assessment's tables.

The instrument (PermenPANRB 59/2020, later the Indeks Pemerintah Digital) is reference
data loaded from ``data/spbe-*.yaml`` by ``spbe_loader``: domains, aspects and indicators
with their weights (fractions of 1 over the whole instrument), the level names and the
predicate bands. A region's self-assessment of one year holds one score per indicator
(level 0–5, explanation, responsible agency, evidence). Programmes are tagged with the
indicators they raise.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.constraints import Check, Unique
from kotacerdas.lib.files import upload_to
from kotacerdas.lib.models import BilingualNameMixin, TrackedModel
from kotacerdas.planning.models import Programme
from kotacerdas.regions.models import Agency, Region

__all__ = [
    "SpbeAspect",
    "SpbeAssessment",
    "SpbeDomain",
    "SpbeEvidence",
    "SpbeIndicator",
    "SpbeInstrument",
    "SpbeProgrammeTag",
    "SpbeScore",
]


class SpbeInstrument(BilingualNameMixin, models.Model):
    """One version of the SPBE evaluation instrument, valid from ``first_year``."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    source = models.CharField(_("source"), max_length=300, blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    # [{"level": 1, "process_id": …, "process_en": …, "service_id": …, "service_en": …}]
    levels = models.JSONField(_("level names"), default=list)
    # [{"lower": "4.2", "code": "memuaskan", "name_id": …, "name_en": …}], highest first
    bands = models.JSONField(_("predicate bands"), default=list)
    checksum = models.CharField(_("checksum"), max_length=64)

    class Meta:
        ordering = ["first_year", "code"]
        verbose_name = _("SPBE instrument")
        verbose_name_plural = _("SPBE instruments")

    def __str__(self) -> str:
        return self.code

    def band_pairs(self) -> list[tuple[Decimal, str]]:
        return [(Decimal(band["lower"]), band["code"]) for band in self.bands]

    def band_name(self, code: str) -> str:
        for band in self.bands:
            if band["code"] == code:
                return str(band["name_en"] if _lang() == "en" else band["name_id"])
        return code


def _lang() -> str:
    from django.utils.translation import get_language

    return (get_language() or "id")[:2]


class SpbeDomain(BilingualNameMixin, models.Model):
    """A domain of the instrument (Kebijakan Internal, Tata Kelola, …)."""

    instrument = models.ForeignKey(
        SpbeInstrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="domains",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=9, decimal_places=6)

    class Meta:
        ordering = ["instrument", "number"]
        verbose_name = _("SPBE domain")
        verbose_name_plural = _("SPBE domains")
        constraints = [
            Unique(
                fields=["instrument", "number"],
                name="spbe_domain_number_unique",
                field="number",
                violation_error_code="duplicate",
                violation_error_message=_("The instrument already has a domain with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SpbeAspect(BilingualNameMixin, models.Model):
    """An aspect of a domain."""

    domain = models.ForeignKey(
        SpbeDomain, verbose_name=_("domain"), on_delete=models.CASCADE, related_name="aspects"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=9, decimal_places=6)

    class Meta:
        ordering = ["domain", "number"]
        verbose_name = _("SPBE aspect")
        verbose_name_plural = _("SPBE aspects")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SpbeIndicator(BilingualNameMixin, models.Model):
    """An indicator, scored 0–5; process indicators and service indicators name their
    levels differently."""

    class Kind(models.TextChoices):
        PROCESS = "process", _("process")
        SERVICE = "service", _("service")

    instrument = models.ForeignKey(
        SpbeInstrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    aspect = models.ForeignKey(
        SpbeAspect, verbose_name=_("aspect"), on_delete=models.CASCADE, related_name="indicators"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name_id = models.CharField(_("name (Indonesian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    weight = models.DecimalField(_("weight"), max_digits=9, decimal_places=6)
    effort = models.DecimalField(_("effort per level"), max_digits=6, decimal_places=2, default=1)
    agency_code = models.CharField(_("usual agency"), max_length=40, blank=True)
    masterplan_evidence = models.BooleanField(
        _("the approved masterplan is evidence"), default=False
    )

    class Meta:
        ordering = ["instrument", "number"]
        verbose_name = _("SPBE indicator")
        verbose_name_plural = _("SPBE indicators")
        constraints = [
            Unique(
                fields=["instrument", "number"],
                name="spbe_indicator_number_unique",
                field="number",
                violation_error_code="duplicate",
                violation_error_message=_(
                    "The instrument already has an indicator with this number."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def level_name(self, level: int) -> str:
        if level <= 0:
            return str(_("nothing yet"))
        for row in self.instrument.levels:
            if row["level"] == level:
                return str(row[f"{self.kind}_{'en' if _lang() == 'en' else 'id'}"])
        return str(level)


class SpbeAssessment(TrackedModel):
    """A region's SPBE self-assessment of one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        PUBLISHED = "published", _("published")

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="spbe_assessments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    instrument = models.ForeignKey(
        SpbeInstrument,
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    target = models.CharField(_("target predicate"), max_length=40, blank=True)
    return_reason = models.TextField(
        _("why it was returned to draft"),
        blank=True,
        help_text=_("The reason given the last time the submitted self-assessment was returned."),
    )

    class Meta:
        ordering = ["region", "-year"]
        verbose_name = _("SPBE self-assessment")
        verbose_name_plural = _("SPBE self-assessments")
        constraints = [
            Unique(
                fields=["region", "year"],
                name="spbe_assessment_one_per_year",
                field="year",
                violation_error_code="duplicate",
                violation_error_message=_(
                    "This region already has an SPBE self-assessment for this year."
                ),
            ),
            Check(
                condition=Q(year__gte=2018, year__lte=2100),
                name="spbe_assessment_year_range",
                field="year",
                violation_error_code="spbe_assessment_year_range",
                violation_error_message=_("The year must be between 2018 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"SPBE {self.region_id} {self.year}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.region_id}


class SpbeScore(TrackedModel):
    """One indicator's level in a self-assessment, with its explanation and the agency that
    fills it."""

    assessment = models.ForeignKey(
        SpbeAssessment,
        verbose_name=_("self-assessment"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    indicator = models.ForeignKey(
        SpbeIndicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    explanation = models.TextField(_("explanation"), blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("responsible agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spbe_scores",
    )

    class Meta:
        ordering = ["assessment", "indicator__number"]
        verbose_name = _("SPBE indicator score")
        verbose_name_plural = _("SPBE indicator scores")
        constraints = [
            Unique(
                fields=["assessment", "indicator"],
                name="spbe_score_one_per_indicator",
                field="indicator",
                violation_error_code="duplicate",
                violation_error_message=_("This indicator is already scored."),
            ),
            Check(
                condition=Q(level__gte=0, level__lte=5),
                name="spbe_score_level_0_to_5",
                field="level",
                violation_error_code="spbe_score_level_0_to_5",
                violation_error_message=_("A level is a whole number from 0 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.level}"

    @property
    def region(self) -> Region:
        return self.assessment.region

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.assessment.region_id}


class SpbeEvidence(TrackedModel):
    """A file supporting an indicator's level (bukti dukung)."""

    score = models.ForeignKey(
        SpbeScore,
        verbose_name=_("indicator score"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=upload_to, max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)

    class Meta:
        ordering = ["score", "created"]
        verbose_name = _("SPBE evidence")
        verbose_name_plural = _("SPBE evidence")

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict[str, Any]:
        return {"score_id": self.score_id}


class SpbeProgrammeTag(TrackedModel):
    """A masterplan programme raises an SPBE indicator."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="spbe_tags",
    )
    indicator = models.ForeignKey(
        SpbeIndicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="programme_tags",
    )

    class Meta:
        ordering = ["programme", "indicator__number"]
        verbose_name = _("SPBE programme tag")
        verbose_name_plural = _("SPBE programme tags")
        constraints = [
            Unique(
                fields=["programme", "indicator"],
                name="spbe_tag_unique",
                field="indicator",
                violation_error_code="duplicate",
                violation_error_message=_("The programme is already tagged with this indicator."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} → {self.indicator_id}"


def register_audit() -> None:
    """Put the SPBE tables on the audit trail (called by the app's ``ready``)."""
    from auditlog.registry import auditlog

    from kotacerdas.lib.audit import reverse_relations

    for model in (SpbeAssessment, SpbeScore, SpbeEvidence, SpbeProgrammeTag):
        auditlog.register(model, exclude_fields=["updated", "version", *reverse_relations(model)])
