"""Abstract base models shared by every domain app (no tables of their own)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TrackedModel(models.Model):
    """Carries creation/update stamps, the creator and a version column.

    ``version`` grows by one on every save; an edit form sends the version it was opened
    with, and a service compares it to detect a concurrent change (see
    ``lib.concurrency.check_version``).
    """

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version", "updated"}
        super().save(*args, **kwargs)


class BilingualNameMixin:
    """Picks ``name_id`` or ``name_en`` (and descriptions) for the active language."""

    name_id: str
    name_en: str

    def localized(self, field: str) -> str:
        lang = (get_language() or "id")[:2]
        value = getattr(self, f"{field}_{lang}", "") if lang in {"id", "en"} else ""
        return value or getattr(self, f"{field}_id", "")

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def localized_description(self) -> str:
        return self.localized("description")


class MoneyField(models.DecimalField):
    """An amount in Rupiah (two decimals): shown as ``Rp 1.250.000`` wherever a page reads
    the field generically (the audit trail, version comparison).

    Stored and migrated exactly as a ``DecimalField`` (``deconstruct`` names that class), so
    marking a field as money needs no migration.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs
