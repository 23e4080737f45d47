"""Regions (provinces, kabupaten, kota) and their agencies (OPD)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.models import TrackedModel


class RegionQuerySet(models.QuerySet["Region"]):
    def districts(self) -> RegionQuerySet:
        """Kabupaten and kota: the regions that write masterplans."""
        return self.exclude(kind=Region.Kind.PROVINCE)

    def search(self, text: str) -> RegionQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(models.Q(name__icontains=text) | models.Q(code__startswith=text))


class Region(TrackedModel):
    """A province or a kabupaten/kota, identified by its Kemendagri code (``17``, ``17.71``).

    Reference data loaded by ``load_reference``; a kabupaten/kota is *active* once the
    programme office has taken it into the programme (its agencies are then created).
    """

    class TimeZone(models.TextChoices):
        """Indonesia's three time zones, stored by their IANA names."""

        WIB = "Asia/Jakarta", _("WIB (western Indonesia, UTC+7)")
        WITA = "Asia/Makassar", _("WITA (central Indonesia, UTC+8)")
        WIT = "Asia/Jayapura", _("WIT (eastern Indonesia, UTC+9)")

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        KABUPATEN = "kabupaten", _("Regency (kabupaten)")
        KOTA = "kota", _("City (kota)")

    code = models.CharField(_("Kemendagri code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="districts",
        limit_choices_to={"kind": Kind.PROVINCE},
    )
    is_active = models.BooleanField(
        _("in the programme"),
        default=False,
        help_text=_("Taken into the smart city programme; its agencies have been created."),
    )
    activated_at = models.DateTimeField(_("joined the programme on"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=32,
        choices=TimeZone.choices,
        default=TimeZone.WIB,
        help_text=_("Dates and times on the region's pages are shown in this zone."),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [models.Index(Lower("name"), name="region_name_lower_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="province", province__isnull=True)
                    | (~models.Q(kind="province") & models.Q(province__isnull=False))
                ),
                name="region_province_only_for_districts",
            ),
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{2}(\.[0-9]{2})?$"),
                name="region_code_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_province(self) -> bool:
        return self.kind == self.Kind.PROVINCE

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("regions:region_detail", kwargs={"code": self.code})

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.pk}


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active(self) -> AgencyQuerySet:
        return self.filter(retired_at__isnull=True, merged_into__isnull=True)


class Agency(TrackedModel):
    """A regional agency (OPD / Perangkat Daerah) of one kabupaten/kota.

    Agencies are never deleted once anything refers to them: they are retired, or merged
    into another agency, which moves every reference to the surviving agency.
    """

    class Kind(models.TextChoices):
        SECRETARIAT = "sekretariat", _("Secretariat")
        INSPECTORATE = "inspektorat", _("Inspectorate")
        DINAS = "dinas", _("Agency (dinas)")
        BADAN = "badan", _("Board (badan)")
        BAGIAN = "bagian", _("Secretariat section (bagian)")
        SATUAN = "satuan", _("Unit (satuan)")
        KECAMATAN = "kecamatan", _("District (kecamatan)")
        OTHER = "lainnya", _("Other")

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="agencies"
    )
    code = models.SlugField(_("code"), max_length=40)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DINAS)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="agency_code_unique_in_region"),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("id")),
                name="agency_not_merged_into_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def is_active(self) -> bool:
        return self.retired_at is None and self.merged_into_id is None

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.region_id}
