"""Forms of the SPBE pages (on ``lib.forms``: control characters refused)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.forms import Form
from kotacerdas.regions.models import Agency

from .spbe_models import SpbeIndicator

LEVELS = [(n, str(n)) for n in range(0, 6)]


class StartForm(Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=2018, max_value=2100, initial=lambda: timezone.now().year
    )


class ScoreForm(Form):
    level = forms.TypedChoiceField(label=_("Level"), choices=LEVELS, coerce=int)
    explanation = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, indicator: SpbeIndicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [  # type: ignore[attr-defined]
            (n, f"{n} · {indicator.level_name(n)}") for n in range(0, 6)
        ]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        self.fields["level"].widget.attrs["class"] = "form-select"


class AgencyForm(Form):
    agency = forms.ModelChoiceField(
        label=_("Responsible agency"), queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args: Any, region_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = Agency.objects.filter(region_id=region_id).active()  # type: ignore[attr-defined]
        field.widget.attrs["class"] = "form-select"


class EvidenceForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class TagForm(Form):
    """The indicators one programme raises; choices are read once for every programme."""

    indicators = forms.TypedMultipleChoiceField(
        label=_("SPBE indicators it raises"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = choices  # type: ignore[attr-defined]


def indicator_choices(instrument_id: int) -> list[tuple[int, str]]:
    return [
        (indicator.pk, str(indicator))
        for indicator in SpbeIndicator.objects.filter(instrument_id=instrument_id).order_by(
            "number"
        )
    ]
