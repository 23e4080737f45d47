"""A region's masterplan with its legal basis, team and stakeholder register."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotacerdas.framework.models import FrameworkVersion
from kotacerdas.lib.constraints import Check, Unique
from kotacerdas.lib.files import upload_to
from kotacerdas.lib.models import TrackedModel
from kotacerdas.regions.models import Agency, Region

MIN_YEARS, MAX_YEARS = 5, 10


class Masterplan(TrackedModel):
    """A region's smart city masterplan for one period (5–10 years)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    class RegulationType(models.TextChoices):
        PERBUP = "perbup", _("Regent regulation (Perbup)")
        PERWAL = "perwal", _("Mayor regulation (Perwal)")
        PERDA = "perda", _("Regional regulation (Perda)")
        SK = "sk", _("Decree (SK)")
        OTHER = "other", _("Other")

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="masterplans"
    )
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    years = models.PositiveSmallIntegerField(
        _("number of years"),
        default=5,
        validators=[MinValueValidator(MIN_YEARS), MaxValueValidator(MAX_YEARS)],
        help_text=_("5 to 10 years, often the RPJMD period."),
    )
    framework = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("framework version"),
        on_delete=models.PROTECT,
        related_name="masterplans",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    regulation_type = models.CharField(
        _("regulation type"), max_length=10, choices=RegulationType.choices, blank=True
    )
    regulation_number = models.CharField(_("regulation number"), max_length=100, blank=True)
    regulation_date = models.DateField(_("regulation date"), null=True, blank=True)
    regulation_file = models.FileField(
        _("regulation file"), upload_to=upload_to, blank=True, max_length=200
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["region", "-start_year", "pk"]
        verbose_name = _("masterplan")
        verbose_name_plural = _("masterplans")
        constraints = [
            Check(
                condition=models.Q(years__gte=MIN_YEARS, years__lte=MAX_YEARS),
                name="masterplan_years_5_to_10",
                field="years",
                violation_error_message=_("The number of years must be between 5 and 10."),
                violation_error_code="out_of_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}–{self.end_year})"

    @property
    def end_year(self) -> int:
        return self.start_year + self.years - 1

    @property
    def period(self) -> range:
        return range(self.start_year, self.end_year + 1)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def adopted(self) -> bool:
        """Approved (or published) and enacted by a regulation with its number and date."""
        return (
            self.status in (self.Status.APPROVED, self.Status.PUBLISHED)
            and bool(self.regulation_number)
            and self.regulation_date is not None
        )

    @property
    def regulation_short(self) -> str:
        """The regulation's usual short name (Perwal, Perbup, Perda, SK)."""
        short = {"perwal": "Perwal", "perbup": "Perbup", "perda": "Perda", "sk": "SK"}
        return short.get(self.regulation_type) or self.get_regulation_type_display()

    def get_absolute_url(self) -> str:
        return reverse("planning:masterplan_detail", kwargs={"pk": self.pk})

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.region_id, "masterplan_id": self.pk}


class MasterplanPart(TrackedModel):
    """Anything that belongs to one masterplan: reaches its region through it."""

    masterplan: models.ForeignKey[Masterplan, Masterplan]
    masterplan_id: int

    class Meta:
        abstract = True

    @property
    def region(self) -> Region:
        return self.masterplan.region

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.masterplan.region_id, "masterplan_id": self.masterplan_id}


class TeamMember(MasterplanPart):
    """A member of the Smart City Council, the implementation team or the forum."""

    class Body(models.TextChoices):
        COUNCIL = "council", _("Smart City Council (Dewan)")
        IMPLEMENTATION_TEAM = "implementation_team", _("Implementation team (Tim Pelaksana)")
        FORUM = "forum", _("Smart City Forum")

    masterplan = models.ForeignKey(
        Masterplan, verbose_name=_("masterplan"), on_delete=models.CASCADE, related_name="team"
    )
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="team_members",
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=150,
        blank=True,
        help_text=_("For members from outside the government."),
    )
    role_in_body = models.CharField(_("role in the body"), max_length=100, blank=True)
    decree_number = models.CharField(_("decree (SK) number"), max_length=100, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    decree_file = models.FileField(
        _("decree file"), upload_to=upload_to, blank=True, max_length=200
    )

    class Meta:
        ordering = ["masterplan", "body", "name"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_body_display()})"


class Stakeholder(MasterplanPart):
    """A partner in the pentahelix register."""

    class Group(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        ACADEMIA = "academia", _("Academia")
        BUSINESS = "business", _("Business")
        COMMUNITY = "community", _("Community")
        MEDIA = "media", _("Media")

    masterplan = models.ForeignKey(
        Masterplan,
        verbose_name=_("masterplan"),
        on_delete=models.CASCADE,
        related_name="stakeholders",
    )
    group = models.CharField(_("pentahelix group"), max_length=12, choices=Group.choices)
    name = models.CharField(_("name"), max_length=200)
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["masterplan", "group", "name"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            Unique(
                fields=["masterplan", "name"],
                name="stakeholder_name_unique_in_masterplan",
                field="name",
                violation_error_message=_(
                    "A stakeholder with this name is already in this masterplan."
                ),
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return self.name
