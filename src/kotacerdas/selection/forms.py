"""HTML forms of selection campaigns."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.models import User
from kotacerdas.framework.models import Instrument
from kotacerdas.lib import forms as base
from kotacerdas.lib.files import DOCUMENT_TYPES, Kind, max_bytes
from kotacerdas.readiness.models import Assessment
from kotacerdas.regions.models import Region

from .models import Application, Campaign, CampaignCriterion


class DateInput(forms.DateInput):
    input_type = "date"


class CampaignForm(base.ModelForm):
    invited = forms.CharField(
        label=_("Invited regions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Kemendagri codes of the invited kabupaten/kota, separated by commas or spaces "
            "(e.g. 17.71, 13.75). Used when the campaign is not open to every kabupaten/kota."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Campaign
        fields = [
            "name",
            "year",
            "instrument",
            "quota",
            "deadline",
            "open_to_all",
            "readiness_weight",
        ]
        widgets = {"deadline": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instrument: Any = self.fields["instrument"]
        instrument.queryset = Instrument.objects.filter(published_at__isnull=False)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            codes = self.instance.invited_regions.order_by("code").values_list("code", flat=True)
            self.fields["invited"].initial = ", ".join(codes)

    def clean_invited(self) -> list[Region]:
        codes = [c for c in re.split(r"[\s,;]+", self.cleaned_data["invited"]) if c]
        regions = {r.code: r for r in Region.objects.districts().filter(code__in=codes)}
        unknown = [c for c in codes if c not in regions]
        if unknown:
            raise forms.ValidationError(
                _("Not a kabupaten/kota code: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return list(regions.values())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("open_to_all") and not data.get("invited") and not self.errors:
            self.add_error("invited", _("Invite at least one region, or open the campaign to all."))
        return data


class CriterionForm(base.ModelForm):
    class Meta:
        model = CampaignCriterion
        fields = [
            "code",
            "name",
            "weight",
            "value_min",
            "value_max",
            "lower_is_better",
            "requires_document",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("value_min"), data.get("value_max")
        if low is not None and high is not None and high <= low:
            self.add_error("value_max", _("The highest value must be above the lowest."))
        return data

    def validate_unique(self) -> None:
        """Uniqueness within the campaign is checked by the service."""


class ImportForm(base.Form):
    file = forms.FileField(
        label=_("XLSX or CSV file"),
        help_text=_(
            "First column: region code (e.g. 17.71); other columns headed by criterion "
            "codes. Nothing is saved if any row is wrong."
        ),
    )


def document_help() -> str:
    """The accepted types and size of a document, as the upload check has them."""
    return _("Accepted: %(types)s; at most %(limit)s.") % {
        "types": ", ".join(sorted(DOCUMENT_TYPES)),
        "limit": filesizeformat(max_bytes(Kind.DOCUMENT)),
    }


class ApplyForm(base.Form):
    assessment: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Readiness assessment"), queryset=Assessment.objects.none()
    )

    def __init__(
        self, *args: Any, assessments: Any, criteria: list[CampaignCriterion], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = assessments  # type: ignore[attr-defined]
        self.criteria = criteria
        for criterion in criteria:
            if criterion.requires_document:
                self.fields[f"doc_{criterion.pk}"] = forms.FileField(
                    label=_("Document: %(name)s") % {"name": criterion.name},
                    required=False,
                    help_text=document_help(),
                )

    def documents(self) -> dict[int, Any]:
        return {
            c.pk: self.cleaned_data[f"doc_{c.pk}"]
            for c in self.criteria
            if self.cleaned_data.get(f"doc_{c.pk}")
        }


class AssignForm(base.Form):
    application: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Application"), queryset=Application.objects.none()
    )
    assessor: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Assessor"), queryset=User.objects.none()
    )

    def __init__(self, *args: Any, applications: Any, assessors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications  # type: ignore[attr-defined]
        self.fields["application"].label_from_instance = lambda a: f"{a.region.code} {a.region}"  # type: ignore[attr-defined]
        self.fields["assessor"].queryset = assessors  # type: ignore[attr-defined]


STATUS_FILTERS = [
    ("", _("All applicants")),
    ("selected", _("Selected")),
    ("not_selected", _("Not selected")),
    (Application.Status.SUBMITTED, _("Not yet verified")),
    (Application.Status.VERIFIED, _("Verified")),
]


class RankingFilterForm(base.Form):
    province = forms.ChoiceField(label=_("Province"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("", _("All kinds")),
            (Region.Kind.KABUPATEN, Region.Kind.KABUPATEN.label),
            (Region.Kind.KOTA, Region.Kind.KOTA.label),
        ],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTERS)
    sort = forms.CharField(required=False, max_length=42, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        provinces: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        province: Any = self.fields["province"]
        province.choices = [("", _("All provinces")), *provinces]
