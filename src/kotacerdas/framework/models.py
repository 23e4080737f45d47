"""The versioned framework catalogue: profiles, their dimensions and elements.

A catalogue version is data loaded from ``framework/data/*.yaml``. Once a version is in
use (locked) it is never changed in place; a changed file must carry a new version.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.models import BilingualNameMixin, TrackedModel


class FrameworkVersion(BilingualNameMixin, TrackedModel):
    """One version of one framework profile (``kominfo`` 2021.1, ``giffinger`` 2007.1)."""

    profile = models.SlugField(_("profile"), max_length=40)
    number = models.CharField(_("version"), max_length=20)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description_id = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    checksum = models.CharField(max_length=64, editable=False)
    locked_at = models.DateTimeField(
        _("locked"),
        null=True,
        blank=True,
        help_text=_("A locked version is in use and can no longer change; load a new version."),
    )

    class Meta:
        ordering = ["profile", "-number"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = [
            models.UniqueConstraint(fields=["profile", "number"], name="framework_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.number}"

    def is_in_use(self) -> bool:
        """Locked, or referred to by any record other than its own dimensions."""
        if self.locked_at is not None:
            return True
        for relation in self._meta.related_objects:
            if relation.related_model is Dimension or not relation.one_to_many:
                continue
            if relation.related_model._default_manager.filter(
                **{relation.field.name: self}
            ).exists():
                return True
        return False


class Dimension(BilingualNameMixin, models.Model):
    """A dimension of a framework version (Smart Governance, …)."""

    framework = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("framework version"),
        on_delete=models.CASCADE,
        related_name="dimensions",
    )
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"))
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description_id = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["framework", "position"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="dimension_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Element(BilingualNameMixin, models.Model):
    """An element (sub-dimension) of a dimension, with its topic tags."""

    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="elements"
    )
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"))
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description_id = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    tags = models.JSONField(
        _("topic tags"), default=list, blank=True, help_text=_("[{code, id, en}, …]")
    )

    class Meta:
        ordering = ["dimension", "position"]
        verbose_name = _("element")
        verbose_name_plural = _("elements")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="element_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def tag_names(self) -> list[str]:
        lang = (get_language() or "id")[:2]
        return [tag.get(lang) or tag.get("id", "") for tag in self.tags]
