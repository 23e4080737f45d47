"""HTML forms of the strategy: a piece of text with the SWOT entries it answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.forms import Form


class StrategyTextForm(Form):
    """Text, the RPJMD mission and (given ``swot``, the region's entries) the SWOT it answers."""

    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    rpjmd_reference = forms.CharField(
        label=_("RPJMD mission answered"), required=False, max_length=300
    )
    swot_entries = forms.TypedMultipleChoiceField(
        label=_("SWOT entries answered"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Entries of the region's SWOT (readiness assessment); hold Ctrl to pick more."),
    )

    def __init__(self, *args: Any, swot: list[tuple[int, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["swot_entries"]
        if swot is None:
            del self.fields["swot_entries"]
        else:
            field.choices = swot


class PolicyForm(StrategyTextForm):
    text = forms.CharField(
        label=_("Policy direction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Leave empty to remove it."),
    )
