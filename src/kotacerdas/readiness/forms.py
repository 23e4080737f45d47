"""HTML forms of the readiness module: validate, then hand over to a service.

Every form refuses control characters in its text (``lib.forms.Form``).
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotacerdas.framework.models import Dimension, InstrumentAspect, InstrumentItem
from kotacerdas.lib.forms import Form

from .models import Assessment, SwotEntry


class StartAssessmentForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=2017)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.now().year
        self.fields["year"].max_value = timezone.now().year + 1  # type: ignore[attr-defined]


class AnswerForm(Form):
    level = forms.TypedChoiceField(
        label=_("Level"), coerce=int, empty_value=None, required=False, widget=forms.RadioSelect
    )
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, levels: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level = cast(forms.TypedChoiceField, self.fields["level"])
        level.choices = [("", _("Not answered"))] + [(n, f"{n}") for n, _text in levels]


class EvidenceForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")


class ReturnForm(Form):
    comment = forms.CharField(
        label=_("Comments for the region"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SwotForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SwotEntry.Kind.choices)
    text = forms.CharField(
        label=_("Statement"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    aspect = forms.ModelChoiceField(
        label=_("Aspect"), queryset=InstrumentAspect.objects.none(), required=False
    )
    dimension = forms.ModelChoiceField(
        label=_("Dimension"), queryset=Dimension.objects.none(), required=False
    )
    items = forms.ModelMultipleChoiceField(
        label=_("Source items (gaps)"),
        queryset=InstrumentItem.objects.none(),
        required=False,
        help_text=_("The readiness items this entry comes from."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, assessment: Assessment, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        aspect = cast(forms.ModelChoiceField, self.fields["aspect"])
        aspect.queryset = InstrumentAspect.objects.filter(instrument_id=assessment.instrument_id)
        dimension = cast(forms.ModelChoiceField, self.fields["dimension"])
        dimension.queryset = Dimension.objects.filter(
            framework_id=assessment.instrument.framework_id
        )
        items = cast(forms.ModelMultipleChoiceField, self.fields["items"])
        items.queryset = InstrumentItem.objects.filter(instrument_id=assessment.instrument_id)
        items.label_from_instance = lambda item: f"{item.code} · {item.question}"  # type: ignore[method-assign,assignment]
        if editing:
            self.fields["kind"].disabled = True


class AssignForm(Form):
    """One agency choice per dimension × aspect cell ("" leaves it to the coordinator).

    Plain choices built once from the agency list, so 18 selects cost one query.
    """

    def __init__(
        self, *args: Any, cells: list[tuple[str, str, int | None]], agencies: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", str(_("— coordinator only —")))] + [(str(a.pk), str(a)) for a in agencies]
        for key, label, current in cells:
            self.fields[key] = forms.ChoiceField(
                label=label, choices=choices, required=False, initial=current or ""
            )
