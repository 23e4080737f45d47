"""Tables of the portal app: public consultation on a draft masterplan, and the link between
a programme copied from the national library and the programme it was copied from.

The public pages, open data and the public API of this app read published data and keep no
tables of their own.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.constraints import Check, Unique
from kotacerdas.lib.models import TrackedModel
from kotacerdas.planning.models import Masterplan, Programme
from kotacerdas.regions.models import Region

# The longest aspiration a citizen may leave (characters).
MAX_ASPIRATION_LENGTH = 5000


class Section(models.TextChoices):
    """The parts of a draft masterplan a consultation may open (besides single programmes)."""

    GENERAL = "general", _("The masterplan as a whole")
    STRATEGY = "strategy", _("Vision, missions and goals")
    PROGRAMMES = "programmes", _("Programmes")
    QUICK_WINS = "quickwins", _("Quick wins")
    ROADMAP = "roadmap", _("Roadmap")


class Consultation(TrackedModel):
    """A draft masterplan, whole or in chosen sections and programmes, open to the public for
    comments from ``opens_at`` to ``closes_at``."""

    masterplan = models.ForeignKey(
        Masterplan,
        verbose_name=_("masterplan"),
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    whole = models.BooleanField(
        _("the whole draft"),
        default=True,
        help_text=_("Otherwise only the sections and programmes chosen below."),
    )
    sections = models.JSONField(_("sections opened"), default=list, blank=True)
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("programmes opened"), blank=True, related_name="consultations"
    )

    class Meta:
        ordering = ["masterplan", "-opens_at", "pk"]
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        constraints = [
            Check(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_it_opens",
                field="closes_at",
                violation_error_message=_("A consultation must close after it opens."),
                violation_error_code="end_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def region(self) -> Region:
        return self.masterplan.region

    def is_open(self, moment: Any = None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at

    def has_ended(self, moment: Any = None) -> bool:
        return (moment or timezone.now()) >= self.closes_at

    def opens_section(self, section: str) -> bool:
        return self.whole or section in self.sections

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.masterplan.region_id, "masterplan_id": self.masterplan_id}


class Aspiration(TrackedModel):
    """What a citizen wrote on a section or a programme of a consultation, with the team's
    moderation and public answer. The contact is for the team's follow-up and never shown."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden")
        SPAM = "spam", _("Spam")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="aspirations",
    )
    section = models.CharField(_("section"), max_length=12, choices=Section.choices)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aspirations",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    contact = models.CharField(_("contact for follow-up"), max_length=200, blank=True)
    text = models.TextField(_("aspiration"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    hide_reason = models.TextField(_("reason for hiding"), blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    answer = models.TextField(_("public answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme it changed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changing_aspirations",
    )

    class Meta:
        ordering = ["consultation", "created", "pk"]
        verbose_name = _("aspiration")
        verbose_name_plural = _("aspirations")
        constraints = [
            Unique(
                fields=["consultation", "fingerprint"],
                name="aspiration_not_repeated",
                field="fingerprint",
                violation_error_message=_(
                    "The same aspiration was already sent on this part of the masterplan."
                ),
                violation_error_code="duplicate",
            ),
            Check(
                condition=~models.Q(state="hidden") | ~models.Q(hide_reason=""),
                name="aspiration_hidden_with_reason",
                field="hide_reason",
                violation_error_message=_("Say why the aspiration is hidden."),
                violation_error_code="required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation} #{self.pk}"

    @property
    def region(self) -> Region:
        return self.consultation.masterplan.region

    @property
    def shown_name(self) -> str:
        return self.name or str(_("Anonymous"))

    def get_additional_data(self) -> dict[str, Any]:
        return {
            "region_id": self.consultation.masterplan.region_id,
            "masterplan_id": self.consultation.masterplan_id,
        }


class ProgrammeCopy(TrackedModel):
    """A programme a coordinator copied from the national library into its own draft, and
    where it came from. Nothing is shared after the copy: this row only remembers the source."""

    copy = models.OneToOneField(
        Programme,
        verbose_name=_("copy"),
        on_delete=models.CASCADE,
        related_name="library_source",
    )
    source = models.ForeignKey(
        Programme,
        verbose_name=_("source programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_copies",
    )
    source_label = models.CharField(_("copied from"), max_length=400)

    class Meta:
        ordering = ["-created", "pk"]
        verbose_name = _("copied programme")
        verbose_name_plural = _("copied programmes")

    def __str__(self) -> str:
        return f"{self.copy} ← {self.source_label}"

    @property
    def region(self) -> Region:
        return self.copy.masterplan.region

    def get_additional_data(self) -> dict[str, Any]:
        return {
            "region_id": self.copy.masterplan.region_id,
            "masterplan_id": self.copy.masterplan_id,
        }
