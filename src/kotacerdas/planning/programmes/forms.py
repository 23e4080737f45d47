"""HTML forms of programmes, their milestones, and the budget ceilings.

Choice lists are read once per page and handed to every row of a formset, so a form with
many rows costs no more queries than one with a single row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.forms import Form

from ..masterplans.forms import VersionedForm
from ..masterplans.models import Masterplan
from .models import QUARTERS, FundingLine, Programme


class ProgrammeFilterForm(Form):
    dimension = forms.TypedChoiceField(
        label=_("Dimension"), required=False, coerce=int, empty_value=None
    )
    agency = forms.TypedChoiceField(label=_("Agency"), required=False, coerce=int, empty_value=None)
    horizon = forms.ChoiceField(
        label=_("Horizon"),
        required=False,
        choices=[("", _("All horizons")), *Programme.Horizon.choices],
    )
    q = forms.CharField(label=_("Search code or name"), required=False, max_length=100)

    def __init__(self, *args: Any, dimensions: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        dim: Any = self.fields["dimension"]
        dim.choices = [("", _("All dimensions"))] + [(d.pk, d.name) for d in dimensions]
        ag: Any = self.fields["agency"]
        ag.choices = [("", _("All agencies"))] + [(a.pk, str(a)) for a in agencies]


class ProgrammeForm(VersionedForm):
    """The programme's own fields; choices come ready-made from the view (no extra queries)."""

    dimension = forms.TypedChoiceField(label=_("Dimension"), coerce=int)
    element = forms.TypedChoiceField(
        label=_("Element"), coerce=int, required=False, empty_value=None
    )
    lead_agency = forms.TypedChoiceField(
        label=_("Lead agency"), coerce=int, required=False, empty_value=None
    )
    partners = forms.TypedMultipleChoiceField(
        label=_("Partners"),
        coerce=int,
        required=False,
        help_text=_("From the stakeholder register."),
    )
    depends_on = forms.TypedMultipleChoiceField(
        label=_("Depends on"),
        coerce=int,
        required=False,
        help_text=_("Programmes that must come first."),
    )
    goals = forms.TypedMultipleChoiceField(
        label=_("Goals served"),
        coerce=int,
        required=False,
        help_text=_("The goals (sasaran) of the strategy this programme answers, by mission."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Programme
        fields = [
            "code",
            "name",
            "horizon",
            "start_year",
            "end_year",
            "start_quarter",
            "end_quarter",
            "status",
            "problem",
            "description",
            "innovation",
            "rpjmd_code",
            "months_to_first_result",
            "is_quick_win",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "innovation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, choices: dict[str, Any], lead_required: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["dimension"].choices = choices["dimensions"]
        fields["element"].choices = choices["elements"]
        fields["lead_agency"].choices = choices["lead_agencies"]
        fields["lead_agency"].required = lead_required
        fields["partners"].choices = choices["partners"]
        fields["depends_on"].choices = choices["programmes"]
        fields["goals"].choices = choices["goals"]
        if self.instance.pk:
            self.initial.update(
                dimension=self.instance.dimension_id,
                element=self.instance.element_id,
                lead_agency=self.instance.lead_agency_id,
                partners=choices["partners_chosen"],
                depends_on=choices["programmes_chosen"],
                goals=choices["goals_served"],
            )


class MilestoneForm(Form):
    name = forms.CharField(label=_("Milestone"), max_length=200)
    year = forms.IntegerField(label=_("Year"))
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Whole year")), *QUARTERS],
    )
    done = forms.BooleanField(label=_("Reached"), required=False)


class SupportForm(Form):
    agency = forms.TypedChoiceField(
        label=_("Supporting agency"), coerce=int, required=False, empty_value=None
    )
    role = forms.CharField(label=_("Role"), required=False, max_length=200)

    def __init__(self, *args: Any, agencies: list[tuple[Any, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["agency"]
        field.choices = agencies


class FundingForm(Form):
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", "---------"), *FundingLine.Source.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False)
    amount = forms.DecimalField(
        label=_("Amount (Rp)"), required=False, max_digits=18, decimal_places=2
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [data.get(k) not in (None, "") for k in ("source", "year", "amount")]
        if any(filled) and not all(filled):
            raise ValidationError(_("Give the source, the year and the amount."))
        return data


SupportFormSet = forms.formset_factory(SupportForm, extra=2, max_num=60)
FundingFormSet = forms.formset_factory(FundingForm, extra=3, max_num=200)


def funding_rows(formset: Any) -> list[dict[str, Any]]:
    return [
        {
            "source": f.cleaned_data["source"],
            "year": f.cleaned_data["year"],
            "amount": Decimal(f.cleaned_data["amount"]),
        }
        for f in formset.forms
        if f.cleaned_data.get("source")
    ]


class CeilingForm(Form):
    """One field per year of the period."""

    def __init__(self, *args: Any, masterplan: Masterplan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {c.year: c.amount for c in masterplan.ceilings.all()}
        for year in masterplan.period:
            self.fields[f"year_{year}"] = forms.DecimalField(
                label=str(year),
                required=False,
                max_digits=18,
                decimal_places=2,
                initial=current.get(year),
            )

    def ceilings(self) -> dict[int, Decimal | None]:
        return {int(name.removeprefix("year_")): value for name, value in self.cleaned_data.items()}
