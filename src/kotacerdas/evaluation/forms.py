"""The evaluation's HTML forms (on ``lib.forms``: control characters refused).

The score sheets have one field per criterion, named by ``scoring.cell_key`` so a service's
refusal lands next to the criterion it names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.models import Role, User
from kotacerdas.lib.forms import Form
from kotacerdas.regions.models import Agency, Region

from . import queries, scoring
from .models import Evaluation, EvaluationInstrument, EvaluationRound
from .services import AdjustmentIn, ScoreIn


def _scale(instrument: EvaluationInstrument, blank: str) -> list[tuple[str, str]]:
    return [("", blank), *((str(v), str(v)) for v in instrument.scale())]


def _number(value: str | None) -> int | None:
    return int(value) if value else None


class StartForm(Form):
    """Start the self-assessment of an open round the region takes part in."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rounds = queries.open_rounds_for(region)
        self.fields["year"].choices = [(r.year, str(r)) for r in rounds]  # type: ignore[attr-defined]


class ScoreSheetForm(Form):
    """The region's score, narrative and evidence for every criterion."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, sheet: queries.Sheet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instrument = sheet.evaluation.round.instrument
        self.fields["version"].initial = sheet.evaluation.version
        for row in sheet.rows:
            score = scoring.cell_key(row.cell)
            self.fields[score] = forms.ChoiceField(
                label=_("Score"),
                choices=_scale(instrument, str(_("Not scored yet"))),
                required=False,
                initial=row.score.self_score,
            )
            self.fields[scoring.cell_key(row.cell, "narrative")] = forms.CharField(
                label=_("Narrative"),
                required=False,
                initial=row.score.narrative,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[scoring.cell_key(row.cell, "evidence")] = forms.CharField(
                label=_("Evidence"),
                required=False,
                # What monitoring knows is offered as evidence until the region writes its own.
                initial=row.score.evidence or "\n".join(row.facts),
                help_text=_("Links or document names, one per line."),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.rows = sheet.rows

    def lines(self) -> list[tuple[queries.Row, list[forms.BoundField]]]:
        """Each criterion with its score, narrative and evidence fields, for the page."""
        return [
            (row, [self[scoring.cell_key(row.cell, p)] for p in ("score", "narrative", "evidence")])
            for row in self.rows
        ]

    def scores(self) -> dict[tuple[str, str], ScoreIn]:
        data = self.cleaned_data
        return {
            row.cell: ScoreIn(
                _number(data.get(scoring.cell_key(row.cell))),
                data.get(scoring.cell_key(row.cell, "narrative")) or "",
                data.get(scoring.cell_key(row.cell, "evidence")) or "",
            )
            for row in self.rows
        }


class VerifyForm(Form):
    """The assessor's scores (blank: the region's stands), a reason for each change, notes."""

    notes = forms.CharField(
        label=_("Interview or visit notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, sheet: queries.Sheet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instrument = sheet.evaluation.round.instrument
        self.fields["notes"].initial = sheet.evaluation.verification_notes
        for row in sheet.rows:
            self.fields[scoring.cell_key(row.cell)] = forms.ChoiceField(
                label=_("Verified score"),
                choices=_scale(instrument, str(_("As the region scored"))),
                required=False,
                initial=row.score.verified_score,
            )
            self.fields[scoring.cell_key(row.cell, "reason")] = forms.CharField(
                label=_("Reason for the change"),
                required=False,
                initial=row.score.reason,
            )
        self.rows = sheet.rows

    def lines(self) -> list[tuple[queries.Row, list[forms.BoundField]]]:
        return [
            (row, [self[scoring.cell_key(row.cell, p)] for p in ("score", "reason")])
            for row in self.rows
        ]

    def adjustments(self) -> dict[tuple[str, str], AdjustmentIn]:
        data = self.cleaned_data
        return {
            row.cell: AdjustmentIn(
                _number(data.get(scoring.cell_key(row.cell))),
                data.get(scoring.cell_key(row.cell, "reason")) or "",
            )
            for row in self.rows
        }


PARTS = ("weaknesses", "strengths", "recommendations")


class ReportForm(Form):
    """The three-part report for every dimension."""

    def __init__(self, *args: Any, sheet: queries.Sheet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "weaknesses": _("Weaknesses (Kelemahan)"),
            "strengths": _("Strengths (Kekuatan)"),
            "recommendations": _("Recommendations (Rekomendasi)"),
        }
        self.sections = sheet.sections
        for section in sheet.sections:
            for part in PARTS:
                self.fields[f"{part}__{section.code}"] = forms.CharField(
                    label=labels[part],
                    required=False,
                    initial=getattr(section.report, part, ""),
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def lines(self) -> list[tuple[queries.Section, list[forms.BoundField]]]:
        return [
            (section, [self[f"{part}__{section.code}"] for part in PARTS])
            for section in self.sections
        ]

    def parts(self, dimension: str) -> dict[str, str]:
        return {part: self.cleaned_data.get(f"{part}__{dimension}") or "" for part in PARTS}


class FollowUpForm(Form):
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    dimension = forms.ChoiceField(label=_("Dimension"), required=False)
    agency = forms.ModelChoiceField(
        label=_("Responsible agency"), queryset=Agency.objects.none(), required=False
    )
    due = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, sheet: queries.Sheet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dimension"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((s.code, s.name) for s in sheet.sections),
        ]
        self.fields["agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            region_id=sheet.evaluation.region_id
        ).order_by("name")


class RoundForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    instrument = forms.ModelChoiceField(
        label=_("Instrument"), queryset=EvaluationInstrument.objects.order_by("-year")
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions taking part"),
        queryset=Region.objects.exclude(kind=Region.Kind.PROVINCE).order_by("code"),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    self_assessment_due = forms.DateField(
        label=_("Self-assessment due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    verification_due = forms.DateField(
        label=_("Verification due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class DeadlinesForm(Form):
    """The national admin changes a round's deadlines on its page."""

    self_assessment_due = forms.DateField(
        label=_("Self-assessment due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    verification_due = forms.DateField(
        label=_("Verification due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class LongSelect(forms.Select):
    """A drop-down of hundreds of options (every kabupaten and kota) written out in one pass:
    the same markup as the site's selects, without a template per option. Labels and
    values are escaped."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        extra = final.pop("class", "")
        final["class"] = f"form-select {extra}".strip()
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(key), " selected" if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), options)


class RoundFilterForm(Form):
    """Which regions of a round the national admin looks at: by status and by province."""

    status = forms.ChoiceField(label=_("Status"), required=False, widget=LongSelect)
    province = forms.ChoiceField(label=_("Province"), required=False, widget=LongSelect)

    def __init__(self, *args: Any, provinces: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        statuses = [(queries.NOT_STARTED, _("Not started")), *Evaluation.Status.choices]
        self.fields["status"].choices = [("", _("All statuses")), *statuses]  # type: ignore[attr-defined]
        self.fields["province"].choices = [  # type: ignore[attr-defined]
            ("", _("All provinces")),
            *((name, name) for name in provinces),
        ]


class AssignForm(Form):
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), widget=LongSelect
    )
    assessor = forms.ModelChoiceField(
        label=_("Assessor"), queryset=User.objects.none(), widget=LongSelect
    )

    def __init__(self, *args: Any, evaluation_round: EvaluationRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = evaluation_round.regions.order_by("code")  # type: ignore[attr-defined]
        self.fields["assessor"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(memberships__role=Role.ASSESSOR, is_active=True)
            .distinct()
            .order_by("username")
        )
