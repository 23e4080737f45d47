"""The filter of the regions table (province and national dashboards)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, ClassVar, cast

from django import forms
from django.utils.safestring import SafeString
from django.utils.translation import get_language
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


class RememberedSelect(forms.Select):
    """A select whose HTML is rendered by the template engine once per process for each of
    its inputs (name, value, attributes, choices, language) and remembered: it is a function
    of those alone, and the province filter's 39 options cost the regions table pages
    several milliseconds at every request."""

    LIMIT = 64
    _rendered: ClassVar[OrderedDict[Any, SafeString]] = OrderedDict()

    def _key(self, name: str, value: Any, attrs: dict[str, Any] | None, renderer: Any) -> Any:
        choices = []
        for choice, label in self.choices:
            if isinstance(label, list | tuple):
                return None  # option groups: rendered every time
            choices.append((str(choice), str(label)))
        return (
            type(self),
            type(renderer),
            get_language(),
            name,
            tuple(self.format_value(value)),
            tuple(sorted({**self.attrs, **(attrs or {})}.items())),
            tuple(choices),
            self.is_required,
        )

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        try:
            key = self._key(name, value, attrs, renderer)
            hash(key)
        except TypeError:
            key = None  # an attribute that cannot be a key: rendered every time
        if key is None:
            return super().render(name, value, attrs, renderer)
        html = self._rendered.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            self._rendered[key] = html
            while len(self._rendered) > self.LIMIT:
                self._rendered.popitem(last=False)
        return html


class RegionTableForm(Form):
    """Province (national dashboard only), kind, sort and page of the regions table."""

    province = forms.ChoiceField(
        label=_("Province"), required=False, widget=RememberedSelect(SELECT)
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=KIND_CHOICES, required=False, widget=RememberedSelect(SELECT)
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
