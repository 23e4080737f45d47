"""Tables of the documents app: the masterplan's free-text chapters, a region's own Word
template, and every generated file with what it was generated from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.evaluation.models import Evaluation
from kotacerdas.evaluation.spbe_models import SpbeAssessment
from kotacerdas.lib.constraints import Unique
from kotacerdas.lib.files import upload_to
from kotacerdas.lib.models import TrackedModel
from kotacerdas.planning.models import Masterplan, MasterplanVersion
from kotacerdas.readiness.models import Assessment
from kotacerdas.regions.models import Region
from kotacerdas.selection.models import Campaign


class ChapterText(TrackedModel):
    """One free-text section of a masterplan's document (background, purpose, scope,
    closing …; codes from ``documents/data/chapters.yaml``), as sanitised HTML."""

    masterplan = models.ForeignKey(
        Masterplan,
        verbose_name=_("masterplan"),
        on_delete=models.CASCADE,
        related_name="chapter_texts",
    )
    code = models.CharField(_("section"), max_length=40)
    html = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["masterplan", "code"]
        verbose_name = _("chapter text")
        verbose_name_plural = _("chapter texts")
        constraints = [
            Unique(
                fields=["masterplan", "code"],
                name="chapter_text_unique",
                field="code",
                violation_error_message=_("This masterplan already has this section."),
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.masterplan_id} {self.code}"


class RegionTemplate(TrackedModel):
    """A region's own Word template for its masterplan document (letterhead, fonts)."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="doc_templates"
    )
    file = models.FileField(_("file"), upload_to=upload_to)
    name = models.CharField(_("file name"), max_length=200)

    class Meta:
        ordering = ["region", "-created"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        constraints = [
            Unique(
                fields=["region"],
                name="region_template_unique",
                field="region",
                violation_error_message=_("This region already has a template."),
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return self.name


class GeneratedDocument(models.Model):
    """A generated masterplan document, kept with what it was generated from."""

    class Format(models.TextChoices):
        DOCX = "docx", "DOCX"
        PDF = "pdf", "PDF"

    masterplan = models.ForeignKey(
        Masterplan,
        verbose_name=_("masterplan"),
        on_delete=models.CASCADE,
        related_name="generated_documents",
    )
    masterplan_version = models.ForeignKey(
        MasterplanVersion,
        verbose_name=_("masterplan version"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="generated_documents",
    )
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    language = models.CharField(_("language"), max_length=8)
    file = models.FileField(_("file"), upload_to=upload_to)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["masterplan", "-created", "-pk"]
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")

    def __str__(self) -> str:
        return f"{self.masterplan_id} {self.format} {self.created:%Y-%m-%d %H:%M}"


class GeneratedReport(models.Model):
    """A generated report about a region (the monitoring of a year of its published
    masterplan, one of its readiness assessments, evaluations or SPBE assessments) or about
    a selection campaign (its ranking, with no region), kept with what it was generated
    from."""

    class Kind(models.TextChoices):
        MONITORING = "monitoring", _("Monitoring report")
        READINESS = "readiness", _("Readiness report")
        RANKING = "ranking", _("Selection ranking")
        EVALUATION = "evaluation", _("Evaluation report")
        SPBE = "spbe", _("SPBE report")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("selection campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    spbe_assessment = models.ForeignKey(
        SpbeAssessment,
        verbose_name=_("SPBE assessment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    masterplan = models.ForeignKey(
        Masterplan,
        verbose_name=_("masterplan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("readiness assessment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    language = models.CharField(_("language"), max_length=8)
    file = models.FileField(_("file"), upload_to=upload_to)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["region", "-created", "-pk"]
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        indexes = [models.Index(fields=["region", "-created"], name="report_region_recent")]

    def __str__(self) -> str:
        return f"{self.region_id or self.campaign_id} {self.kind} {self.year or ''} {self.format}"
