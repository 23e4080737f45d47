"""The public region list's search and filter form (apart from forms.py, which holds the
consultation's and the library's forms)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.forms import Form
from kotacerdas.regions.models import Region


class PublicRegionFilterForm(Form):
    q = forms.CharField(label=_("Search name or code"), required=False, max_length=100)
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
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name (A-Z)")),
            ("-name", _("Name (Z-A)")),
            ("code", _("Region code")),
            ("-published", _("Latest published first")),
            ("-evaluation", _("Highest evaluation index first")),
        ],
    )

    def __init__(
        self, *args: Any, provinces: Iterable[tuple[str, str]] = (), **kwargs: Any
    ) -> None:
        """``provinces``: the (code, name) of each province the visitor may choose."""
        super().__init__(*args, **kwargs)
        province_field: Any = self.fields["province"]
        province_field.choices = [("", _("All provinces")), *provinces]

    def filters(self) -> tuple[str, str, str, str]:
        """The search, province, kind and sort asked for, normalised (what the list and
        its cache key depend on): all defaults when any value is invalid."""
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        return (
            " ".join(str(data.get("q") or "").split()),
            data.get("province") or "",
            data.get("kind") or "",
            data.get("sort") or "name",
        )
