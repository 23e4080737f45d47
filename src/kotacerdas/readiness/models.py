"""A region's readiness assessment (Bimtek I): answers with evidence, and its SWOT.

An assessment is bound to the instrument version it started with. Agency editors answer
the items assigned to their agency, the coordinator submits, and a submitted assessment
is read-only until an assessor returns it with comments.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.framework.models import Dimension, Instrument, InstrumentAspect, InstrumentItem
from kotacerdas.lib.files import download_name, upload_to
from kotacerdas.lib.models import TrackedModel
from kotacerdas.regions.models import Agency, Region


class Assessment(TrackedModel):
    """The readiness assessment of one region for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for revision")

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="assessments"
    )
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
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
    return_comment = models.TextField(_("assessor's comments"), blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("returned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["region", "-year"]
        verbose_name = _("readiness assessment")
        verbose_name_plural = _("readiness assessments")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="assessment_region_year"),
            models.CheckConstraint(
                condition=models.Q(year__gte=2017, year__lte=2100), name="assessment_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.status != self.Status.SUBMITTED

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.region_id}


class Answer(TrackedModel):
    """The answer to one item: a level, a justification and evidence."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        InstrumentItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("assigned agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="readiness_answers",
        help_text=_("Editors of this agency answer the item; the coordinator answers all."),
    )
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["assessment", "item__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="answer_item_unique"),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__lte=10),
                name="answer_level_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.item}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.assessment.region_id}


class Evidence(TrackedModel):
    """A file or link supporting an answer (bukti dukung)."""

    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=upload_to, blank=True, max_length=200)
    url = models.URLField(_("link"), blank=True, max_length=500)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)

    class Meta:
        ordering = ["answer", "created"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(~models.Q(file="") & models.Q(url=""))
                | (models.Q(file="") & ~models.Q(url="")),
                name="evidence_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.answer.assessment.region_id}

    def download_name(self) -> str:
        """The file's name for the person downloading it: its title (which often is the
        uploaded file's name: the extension is not repeated) and the stored extension."""
        stem, suffix = self.title, PurePath(self.file.name or "").suffix.lower()
        if suffix and stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
        return download_name(stem, self.file)


class SwotEntry(TrackedModel):
    """A strength, weakness, opportunity or threat, per aspect and dimension.

    Entries have stable ids and labels (``W3``) because the strategy stage cites them.
    """

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        WEAKNESS = "weakness", _("Weakness")
        OPPORTUNITY = "opportunity", _("Opportunity")
        THREAT = "threat", _("Threat")

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="swot"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("statement"))
    aspect = models.ForeignKey(
        InstrumentAspect,
        verbose_name=_("aspect"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dimension = models.ForeignKey(
        Dimension,
        verbose_name=_("dimension"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    items = models.ManyToManyField(
        InstrumentItem, verbose_name=_("source items"), blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(
        _("removed"),
        null=True,
        blank=True,
        help_text=_("A removed entry keeps its label, so citations never point elsewhere."),
    )

    class Meta:
        ordering = ["assessment", "kind", "number"]
        verbose_name = _("SWOT entry")
        verbose_name_plural = _("SWOT entries")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "kind", "number"], name="swot_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.text[:60]}"

    @property
    def label(self) -> str:
        return f"{self.kind[0].upper()}{self.number}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.assessment.region_id}
