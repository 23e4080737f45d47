"""HTML forms for regions and agencies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.forms import Form, ModelForm

from .models import Agency, Region


class RegionFilterForm(Form):
    q = forms.CharField(label=_("Search name or code"), required=False, max_length=100)
    province = forms.ChoiceField(label=_("Province"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Region.Kind.choices]
    )

    def __init__(self, *args: Any, provinces: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province_field: Any = self.fields["province"]
        province_field.choices = [("", _("All provinces"))] + [(p.code, p.name) for p in provinces]


class TimeZoneForm(Form):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=Region.TimeZone.choices)


class AgencyForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Agency
        fields = ["name", "acronym", "kind"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class AgencyMergeForm(Form):
    target = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Agency.objects.none(),
        help_text=_(
            "Everything that refers to this agency moves to the agency chosen here; "
            "this agency is then retired."
        ),
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (  # type: ignore[attr-defined]
            agency.region.agencies.active().exclude(pk=agency.pk).order_by("name")
        )
