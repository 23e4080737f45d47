"""Forms of the monitoring pages. Numbers are read as typed in the user's language
(``1.250,5`` in Indonesian) by ``lib.numbers.LocalDecimalField``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotacerdas.framework.models import Dimension
from kotacerdas.lib.forms import Form, ModelForm
from kotacerdas.lib.numbers import LocalDecimalField
from kotacerdas.planning.models import FundingLine, Masterplan, Programme
from kotacerdas.regions.models import Agency

from . import periods, tags, weights
from .models import Indicator, Quality


def _value(label: Any, **kwargs: Any) -> LocalDecimalField:
    return LocalDecimalField(label=label, max_digits=20, decimal_places=4, **kwargs)


class IndicatorForm(ModelForm):
    """An indicator of a programme (output, outcome) or a dimension (impact)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    range_min = _value(_("Range minimum"), required=False)
    range_max = _value(_("Range maximum"), required=False)
    baseline_value = _value(_("Baseline value"), required=False)
    tags = forms.MultipleChoiceField(
        label=_("Tags"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("ISO 37120 / ISO 37122 themes, U4SSC categories and SDG goals."),
    )

    class Meta:
        model = Indicator
        fields = [
            "programme",
            "dimension",
            "level",
            "code",
            "name",
            "definition",
            "unit",
            "direction",
            "range_min",
            "range_max",
            "baseline_value",
            "baseline_year",
            "data_source",
            "responsible_agency",
            "frequency",
            "tags",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "programme": _("For an output or outcome indicator."),
            "dimension": _("For an impact indicator (leave the programme empty)."),
        }

    def __init__(self, *args: Any, masterplan: Masterplan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.masterplan = masterplan
        self.fields["programme"].queryset = Programme.objects.filter(  # type: ignore[attr-defined]
            masterplan=masterplan
        ).order_by("code")
        self.fields["dimension"].queryset = Dimension.objects.filter(  # type: ignore[attr-defined]
            framework_id=masterplan.framework_id
        ).order_by("position")
        self.fields["responsible_agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            region_id=masterplan.region_id, retired_at__isnull=True
        ).order_by("name")
        cast(forms.ChoiceField, self.fields["tags"]).choices = tags.choices()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class TargetsForm(Form):
    """A target for each year of the period; for an indicator reported more often than
    yearly, optional targets per quarter."""

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {(t.year, t.quarter): t.value for t in indicator.targets.all()}
        quarters = range(1, 5) if indicator.frequency != "yearly" else range(0)
        self.rows: list[tuple[int, list[str]]] = []
        for year in indicator.masterplan.period:
            names = [f"y{year}"]
            self.fields[f"y{year}"] = _value(
                str(year), required=False, initial=current.get((year, None))
            )
            for quarter in quarters:
                name = f"y{year}q{quarter}"
                names.append(name)
                self.fields[name] = _value(
                    f"{year} Q{quarter}", required=False, initial=current.get((year, quarter))
                )
            self.rows.append((year, names))

    def targets(self) -> dict[tuple[int, int | None], Decimal | None]:
        found: dict[tuple[int, int | None], Decimal | None] = {}
        for name, value in self.cleaned_data.items():
            year, _sep, quarter = name.removeprefix("y").partition("q")
            found[(int(year), int(quarter) if quarter else None)] = value
        return found


class EvidenceFields(Form):
    evidence_title = forms.CharField(label=_("Evidence title"), max_length=200, required=False)
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, image, office document, CSV or text."),
    )
    evidence_url = forms.URLField(
        label=_("Evidence link"), required=False, max_length=500, assume_scheme="https"
    )


def period_choices(indicator: Indicator, taken: set[tuple[int, int]]) -> list[tuple[str, str]]:
    """The periods of the schedule that have started and have no current report."""
    today = timezone.localdate()
    return [
        (f"{p.year}-{p.sub}", p.label(indicator.frequency))
        for p in periods.schedule(indicator.frequency, indicator.masterplan.period)
        if (p.year, p.sub) not in taken and periods.bounds(indicator.frequency, p)[0] <= today
    ]


class ReportForm(EvidenceFields):
    """A realisation of one period, with a note, a data-quality flag and evidence."""

    period = forms.ChoiceField(label=_("Period"))
    value = _value(_("Value"))
    quality = forms.ChoiceField(
        label=_("Data quality"), choices=Quality.choices, initial="measured"
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    field_order = ["period", "value", "quality", "note"]

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["period"]).choices = choices

    def chosen_period(self) -> tuple[int, int]:
        year, sub = self.cleaned_data["period"].split("-")
        return int(year), int(sub)


class CorrectForm(EvidenceFields):
    """A new value for a period already reported, with the reason."""

    value = _value(_("Corrected value"))
    quality = forms.ChoiceField(label=_("Data quality"), choices=Quality.choices)
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    field_order = ["value", "quality", "reason", "note"]


class ReturnForm(Form):
    comment = forms.CharField(
        label=_("What should the agency fix?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")


class ProgressForm(Form):
    """A programme's progress in one year, with the money realised per funding line."""

    physical_progress = LocalDecimalField(
        label=_("Physical progress (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    beneficiaries = forms.IntegerField(
        label=_("Citizens reached"),
        required=False,
        min_value=0,
        max_value=1_000_000_000,
        help_text=_("How many citizens the programme reached in the year (penerima manfaat)."),
    )
    narrative = forms.CharField(
        label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(
        self, *args: Any, lines: list[FundingLine], correcting: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        if correcting:  # the year's progress is verified: a correction says why
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3})
            )
        for line in lines:
            self.fields[f"spending_{line.pk}"] = LocalDecimalField(
                label=_("Realised (Rp): %(source)s") % {"source": line.get_source_display()},
                max_digits=18,
                decimal_places=2,
                min_value=0,
                required=False,
                help_text=_("Planned: %(amount)s") % {"amount": line.amount},
            )

    def spending(self) -> dict[int, Decimal]:
        return {
            int(name.removeprefix("spending_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("spending_") and value is not None
        }


class ThresholdsForm(Form):
    on_track = LocalDecimalField(
        label=_("On track from (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    at_risk = LocalDecimalField(
        label=_("At risk from (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )


class WeightsForm(Form):
    """One weight per dimension (within the masterplan) and per programme (within its
    dimension); the service checks that they are not all 0."""

    def __init__(
        self, *args: Any, dimensions: list[Dimension], programmes: list[Programme], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for dimension in dimensions:
            self.fields[weights.dimension_field(dimension.pk)] = self._field(
                _("Dimension: %(name)s") % {"name": dimension.name},
                dimension.rollup_weight,  # type: ignore[attr-defined]
            )
        for programme in programmes:
            self.fields[weights.programme_field(programme.pk)] = self._field(
                _("Programme %(code)s %(name)s (within its dimension)")
                % {"code": programme.code, "name": programme.name},
                programme.rollup_weight,  # type: ignore[attr-defined]
            )

    @staticmethod
    def _field(label: str, initial: Decimal) -> LocalDecimalField:
        return LocalDecimalField(
            label=label,
            max_digits=6,
            decimal_places=2,
            min_value=0,
            max_value=weights.MAX_WEIGHT - Decimal("0.01"),
            initial=initial,
        )

    def chosen(self, prefix: str) -> dict[int, Decimal]:
        return {
            int(name.removeprefix(prefix)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix) and value is not None
        }


class YearForm(Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args: Any, masterplan: Masterplan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            (y, str(y)) for y in masterplan.period
        ]


class GapsForm(Form):
    days = forms.IntegerField(
        label=_("No report for (days)"), min_value=1, max_value=3650, required=False
    )
