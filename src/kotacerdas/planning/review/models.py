"""Review of a masterplan: comments, frozen versions and the notices each step sends."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.constraints import Unique

from ..masterplans.models import Masterplan, MasterplanPart
from ..programmes.models import Programme


class Comment(MasterplanPart):
    """A remark on a section of a masterplan or on one programme; the coordinator resolves it."""

    class Section(models.TextChoices):
        OVERVIEW = "overview", _("Overview")
        TEAM = "team", _("Team")
        STAKEHOLDERS = "stakeholders", _("Stakeholders")
        STRATEGY = "strategy", _("Strategy")
        PROGRAMMES = "programmes", _("Programmes")

    masterplan = models.ForeignKey(
        Masterplan, verbose_name=_("masterplan"), on_delete=models.CASCADE, related_name="comments"
    )
    section = models.CharField(
        _("section"), max_length=14, choices=Section.choices, default=Section.PROGRAMMES
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["masterplan", "created", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:80]


class MasterplanVersion(models.Model):
    """An immutable snapshot of the whole masterplan, frozen when it was approved."""

    masterplan = models.ForeignKey(
        Masterplan, verbose_name=_("masterplan"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version number"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        ordering = ["masterplan", "-number"]
        verbose_name = _("masterplan version")
        verbose_name_plural = _("masterplan versions")
        constraints = [
            Unique(
                fields=["masterplan", "number"],
                name="masterplan_version_number_unique",
                field="number",
                violation_error_message=_(
                    "This masterplan already has a version with this number."
                ),
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.masterplan_id} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A masterplan version is immutable.")
        super().save(*args, **kwargs)

    def get_additional_data(self) -> dict[str, Any]:
        return {"masterplan_id": self.masterplan_id}
