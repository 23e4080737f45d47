"""The filter of the regions table (province and national dashboards)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.forms import Form
from kotacerdas.regions.models import Region

from .dashboards import SORTS

SORT_CHOICES = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]
SELECT = {"class": "form-select form-select-sm"}
KIND_CHOICES = [
    ("", _("Kabupaten and kota")),
    (Region.Kind.KABUPATEN, Region.Kind.KABUPATEN.label),
    (Region.Kind.KOTA, Region.Kind.KOTA.label),
]


class RegionTableForm(Form):
    """Province (national dashboard only), kind, sort and page of the regions table."""

    province = forms.ChoiceField(label=_("Province"), required=False, widget=forms.Select(SELECT))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=KIND_CHOICES, required=False, widget=forms.Select(SELECT)
    )
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1)

    def __init__(self, *args: Any, provinces: list[Region] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if provinces is None:
            del self.fields["province"]
        else:
            field = cast(forms.ChoiceField, self.fields["province"])
            field.choices = [("", _("All provinces"))] + [(p.code, p.name) for p in provinces]

    def value(self, name: str, default: Any = "") -> Any:
        if not self.is_valid():
            return default
        return self.cleaned_data.get(name) or default
