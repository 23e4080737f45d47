"""The versioned framework catalogue: profiles, their dimensions and elements.

A catalogue version is data loaded from ``framework/data/*.yaml``. Once a version is in
use (locked) it is never changed in place; a changed file must carry a new version.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.constraints import Check, Unique
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
            Unique(
                fields=["profile", "number"],
                name="framework_version_unique",
                field="number",
                violation_error_message=_("This framework already has a version with this number."),
                violation_error_code="duplicate",
            )
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
            Unique(
                fields=["framework", "code"],
                name="dimension_code_unique",
                field="code",
                violation_error_message=_(
                    "This framework version already has a dimension with this code."
                ),
                violation_error_code="duplicate",
            )
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
            Unique(
                fields=["dimension", "code"],
                name="element_code_unique",
                field="code",
                violation_error_message=_("This dimension already has an element with this code."),
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def tag_names(self) -> list[str]:
        lang = (get_language() or "id")[:2]
        return [tag.get(lang) or tag.get("id", "") for tag in self.tags]


class Instrument(BilingualNameMixin, TrackedModel):
    """One version of a readiness questionnaire (``kominfo_readiness`` 2021.1).

    Items rate one dimension of the framework version on one aspect (structure,
    infrastructure, superstructure). Assessments stay bound to the version they started
    with; a changed questionnaire is a new version, published by the national admin.
    """

    code = models.SlugField(_("code"), max_length=40)
    number = models.CharField(_("version"), max_length=20)
    framework = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("framework version"),
        on_delete=models.PROTECT,
        related_name="instruments",
    )
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description_id = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    scale_min = models.PositiveSmallIntegerField(_("lowest level"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("highest level"), default=5)
    checksum = models.CharField(max_length=64, editable=False)
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("Regions start new assessments on the latest published version."),
    )

    class Meta:
        ordering = ["code", "-number"]
        verbose_name = _("readiness instrument")
        verbose_name_plural = _("readiness instruments")
        constraints = [
            Unique(
                fields=["code", "number"],
                name="instrument_version_unique",
                field="number",
                violation_error_message=_(
                    "This instrument already has a version with this number."
                ),
                violation_error_code="duplicate",
            ),
            Check(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="instrument_scale_ordered",
                field="scale_max",
                violation_error_message=_("The highest level must be above the lowest level."),
                violation_error_code="range_not_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def levels(self) -> range:
        return range(self.scale_min, self.scale_max + 1)

    def is_in_use(self) -> bool:
        """Published, or referred to by any record other than its own aspects and items."""
        if self.published_at is not None:
            return True
        for relation in self._meta.related_objects:
            if relation.related_model in (InstrumentAspect, InstrumentItem):
                continue
            if (
                relation.one_to_many
                and relation.related_model._default_manager.filter(
                    **{relation.field.name: self}
                ).exists()
            ):
                return True
        return False


class InstrumentAspect(BilingualNameMixin, models.Model):
    """A readiness aspect of an instrument: structure, infrastructure, superstructure."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="aspects"
    )
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"))
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description_id = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["instrument", "position"]
        verbose_name = _("aspect")
        verbose_name_plural = _("aspects")
        constraints = [
            Unique(
                fields=["instrument", "code"],
                name="aspect_code_unique",
                field="code",
                violation_error_message=_("This instrument already has an aspect with this code."),
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return self.name


class InstrumentItem(models.Model):
    """One question of an instrument, for one dimension × aspect, with level descriptors."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"))
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="+"
    )
    aspect = models.ForeignKey(
        InstrumentAspect, verbose_name=_("aspect"), on_delete=models.CASCADE, related_name="items"
    )
    element = models.ForeignKey(
        Element,
        verbose_name=_("element"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    question_id = models.TextField(_("question (Indonesian)"))
    question_en = models.TextField(_("question (English)"))
    guidance_id = models.TextField(_("guidance (Indonesian)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    evidence_id = models.TextField(_("evidence required (Indonesian)"), blank=True)
    evidence_en = models.TextField(_("evidence required (English)"), blank=True)
    levels = models.JSONField(
        _("level descriptors"), default=list, help_text=_("[{level, id, en}]")
    )
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    target_level = models.PositiveSmallIntegerField(_("default target level"))

    class Meta:
        ordering = ["instrument", "position"]
        verbose_name = _("readiness item")
        verbose_name_plural = _("readiness items")
        constraints = [
            Unique(
                fields=["instrument", "code"],
                name="item_code_unique",
                field="code",
                violation_error_message=_("This instrument already has an item with this code."),
                violation_error_code="duplicate",
            ),
            Check(
                condition=models.Q(weight__gt=0),
                name="item_weight_positive",
                field="weight",
                violation_error_message=_("The weight must be above zero."),
                violation_error_code="not_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def _text(self, field: str) -> str:
        lang = (get_language() or "id")[:2]
        value = getattr(self, f"{field}_{lang}", "") if lang in {"id", "en"} else ""
        return value or getattr(self, f"{field}_id", "")

    @property
    def question(self) -> str:
        return self._text("question")

    @property
    def guidance(self) -> str:
        return self._text("guidance")

    @property
    def evidence(self) -> str:
        return self._text("evidence")

    def level_descriptors(self) -> list[tuple[int, str]]:
        lang = (get_language() or "id")[:2]
        key = lang if lang in {"id", "en"} else "id"
        return [(entry["level"], entry.get(key) or entry["id"]) for entry in self.levels]
