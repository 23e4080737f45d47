"""Forms of public consultation and the programme library (on ``lib.forms``: control
characters are refused in every text)."""

from __future__ import annotations

import time
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.forms import Form
from kotacerdas.planning.masterplans.queries import drafts_of_region
from kotacerdas.planning.programmes.queries import programmes_of_masterplans
from kotacerdas.regions.models import Agency, Region

from .models import MAX_ASPIRATION_LENGTH, Aspiration, Section

SALT = "kotacerdas.portal.aspiration-form"
# A form shown longer ago than this is refused (sent again from a fresh page).
FORM_MAX_AGE = 24 * 3600


def form_stamp() -> str:
    """The signed time the form was shown, checked when it is sent."""
    return signing.dumps(time.time(), salt=SALT)


class AspirationForm(Form):
    """A citizen's aspiration. ``website`` is a honeypot (people never see it, robots fill it);
    ``stamp`` is the signed time the form was shown: sent too fast, it is a robot's."""

    target = forms.ChoiceField(label=_("On"))
    text = forms.CharField(
        label=_("Your aspiration or comment"),
        max_length=MAX_ASPIRATION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("At most %(limit)s characters.") % {"limit": MAX_ASPIRATION_LENGTH},
    )
    name = forms.CharField(
        label=_("Your name (optional, shown with your aspiration)"),
        max_length=100,
        required=False,
    )
    contact = forms.CharField(
        label=_("E-mail or phone for follow-up (optional, never published)"),
        max_length=200,
        required=False,
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = targets
        if not self.is_bound:
            self.fields["stamp"].initial = form_stamp()

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Your aspiration could not be accepted."))
        return ""

    def clean_stamp(self) -> float:
        try:
            shown = float(
                signing.loads(self.cleaned_data["stamp"], salt=SALT, max_age=FORM_MAX_AGE)
            )
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                _("This form has expired. Reload the page and send your aspiration again.")
            ) from None
        if time.time() - shown < settings.CONSULTATION_MIN_SECONDS:
            raise forms.ValidationError(
                _("The form was sent too quickly. Wait a few seconds and send it again.")
            )
        return shown

    def target_of(self) -> tuple[str, int | None]:
        """The section, or the programme id, the aspiration is on."""
        target = self.cleaned_data["target"]
        if target.startswith("programme:"):
            return Section.PROGRAMMES, int(target.partition(":")[2])
        return target, None


class ConsultationForm(Form):
    """Opening a consultation: the draft, the period (in the region's time zone), the parts."""

    masterplan: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Draft masterplan"), queryset=None
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction for the public"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    whole = forms.BooleanField(label=_("Open the whole draft"), required=False, initial=True)
    sections = forms.MultipleChoiceField(
        label=_("Or only these sections"),
        choices=Section.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    programmes: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("And these programmes"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        drafts = drafts_of_region(region)
        self.fields["masterplan"].queryset = drafts  # type: ignore[attr-defined]
        self.fields["programmes"].queryset = programmes_of_masterplans(drafts)  # type: ignore[attr-defined]


class ModerateForm(Form):
    state = forms.ChoiceField(
        label=_("Decision"),
        choices=[c for c in Aspiration.State.choices if c[0] != Aspiration.State.PENDING],
    )
    reason = forms.CharField(label=_("Reason for hiding"), required=False, max_length=1000)


class AnswerForm(Form):
    answer = forms.CharField(
        label=_("Public answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class LinkForm(Form):
    programme: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Programme it changed"), queryset=None, required=False
    )

    def __init__(self, *args: Any, masterplan_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes_of_masterplans([masterplan_id])  # type: ignore[attr-defined]


class LibraryFilterForm(Form):
    """The library's search, every field optional."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    dimension = forms.ChoiceField(label=_("Dimension"), required=False)
    element = forms.ChoiceField(label=_("Element"), required=False)
    tag = forms.ChoiceField(label=_("Topic"), required=False)
    agency_kind = forms.ChoiceField(
        label=_("Lead agency kind"),
        required=False,
        choices=[("", _("Any")), *Agency.Kind.choices],
    )
    region_kind = forms.ChoiceField(
        label=_("Region kind"),
        required=False,
        choices=[
            ("", _("Any")),
            (Region.Kind.KABUPATEN, Region.Kind.KABUPATEN.label),
            (Region.Kind.KOTA, Region.Kind.KOTA.label),
        ],
    )

    def __init__(
        self,
        *args: Any,
        dimensions: list[tuple[str, str]],
        elements: list[tuple[str, str]],
        tags: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["dimension"].choices = anything + dimensions  # type: ignore[attr-defined]
        self.fields["element"].choices = anything + elements  # type: ignore[attr-defined]
        self.fields["tag"].choices = anything + tags  # type: ignore[attr-defined]


class CopyForm(Form):
    masterplan: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Copy into the draft"), queryset=None
    )

    def __init__(self, *args: Any, drafts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["masterplan"].queryset = drafts  # type: ignore[attr-defined]
