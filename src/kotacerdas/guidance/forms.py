"""Forms of the guidance pages (on ``lib.forms``: control characters refused)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.files import Kind, check_upload
from kotacerdas.lib.forms import Form
from kotacerdas.planning.masterplans.services import ADOPTING_REGULATIONS
from kotacerdas.regions.models import Agency, Region
from kotacerdas.selection.models import Campaign

from .models import Expert, Group, Session, SessionFile, Stage
from .services import ExpertIn, SessionIn

ADOPTING_CHOICES = [(t.value, t.label) for t in ADOPTING_REGULATIONS]

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


def _styled(form: forms.Form) -> None:
    for bound in form.fields.values():
        widget = bound.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class CohortForm(Form):
    campaign = forms.ModelChoiceField(
        label=_("Closed selection campaign"), queryset=Campaign.objects.none()
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)

    def __init__(self, *args: Any, campaigns: QuerySet[Campaign], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        _styled(self)


class StagePlanForm(Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    starts_on = forms.DateField(label=_("Starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class ExpertForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Expert.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=150)
    institution = forms.CharField(label=_("University or unit"), max_length=200, required=False)
    field = forms.CharField(label=_("Field"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)

    def data_in(self, user_id: int | None = None) -> ExpertIn:
        return ExpertIn(**self.cleaned_data, user_id=user_id)


class AssignForm(Form):
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=Expert.objects.order_by("name"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class SessionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Session.Kind.choices)
    stage = forms.ChoiceField(label=_("Stage"), choices=[("", "—"), *Stage.choices], required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)
    format = forms.ChoiceField(label=_("Format"), choices=Session.Format.choices)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    opened_by = forms.CharField(
        label=_("Opened by (role)"),
        max_length=150,
        required=False,
        help_text=_("A role, such as the deputy mayor; not a name."),
    )
    experts = forms.ModelMultipleChoiceField(
        label=_("Experts and ministry staff"),
        queryset=Expert.objects.order_by("name"),
        required=False,
    )
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    regulation_type = forms.ChoiceField(
        label=_("Adopting regulation"),
        choices=[("", "—"), *ADOPTING_CHOICES],
        required=False,
        help_text=_(
            "For the adoption event: the regulation becomes the legal basis of the region's "
            "approved masterplan."
        ),
    )
    regulation_number = forms.CharField(
        label=_("Regulation number"), max_length=100, required=False
    )
    regulation_date = forms.DateField(label=_("Regulation date"), widget=DATE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("A session cannot end before it starts."))
        if data.get("kind") == Session.Kind.STAGE and not data.get("stage"):
            self.add_error("stage", _("A Bimtek session names its stage."))
        regulation = [data.get(f"regulation_{n}") for n in ("type", "number", "date")]
        if any(regulation) and data.get("kind") != Session.Kind.ADOPTION:
            self.add_error("regulation_number", _("Only the adoption event names a regulation."))
        return data

    def data_in(self) -> SessionIn:
        data = dict(self.cleaned_data)
        experts = data.pop("experts")
        data.pop("version", None)
        return SessionIn(**data, expert_ids=[e.pk for e in experts])

    @classmethod
    def initial_of(cls, session: Session) -> dict[str, Any]:
        names = [
            *("kind", "stage", "title", "starts_on", "ends_on", "format"),
            *("venue", "city", "opened_by", "agenda", "minutes"),
            *("regulation_type", "regulation_number", "regulation_date"),
        ]
        return {
            **{n: getattr(session, n) for n in names},
            "experts": list(session.experts.all()),
            "version": session.version,
        }


class ImportForm(Form):
    file = forms.FileField(
        label=_("Sign-in sheet (XLSX or CSV)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_upload(upload, Kind.SPREADSHEET)
        return upload


class TickRowForm(Form):
    """One line of the door tick list: a participant already known for the session (an
    agency's seat, or someone recorded on another day or from the sign-in sheet), ticked
    present or not; or a new line (``known`` unset) for someone not yet listed, recorded
    when a name is given."""

    known = forms.BooleanField(required=False, widget=forms.HiddenInput)
    group = forms.ChoiceField(label=_("Group"), choices=Group.choices)
    agency = forms.TypedChoiceField(label=_("Agency"), coerce=int, required=False, empty_value=None)
    organisation = forms.CharField(
        label=_("Sub-district, village or partner"), max_length=200, required=False
    )
    participant = forms.CharField(label=_("Who (name or position)"), max_length=150, required=False)
    present = forms.BooleanField(label=_("Present"), required=False)
    online = forms.BooleanField(label=_("Online"), required=False)
    substitute = forms.BooleanField(label=_("Substitute"), required=False)

    def __init__(self, *args: Any, agencies: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency_names = agencies
        self.fields["agency"].choices = [("", "—"), *agencies.items()]  # type: ignore[attr-defined]
        _styled(self)

    def value_of(self, name: str) -> Any:
        """The field's value as sent (or as first shown), for the line's heading."""
        bound = self[name]
        return bound.field.to_python(bound.value()) if name != "agency" else bound.value()

    @property
    def is_known(self) -> bool:
        return bool(self["known"].field.to_python(self["known"].value()))

    @property
    def heading(self) -> str:
        """The agency's name or the organisation, for a known line."""
        if self.value_of("group") == Group.AGENCY:
            try:
                return self.agency_names.get(int(self.value_of("agency")), "")
            except (TypeError, ValueError):
                return ""
        return str(self.value_of("organisation") or "")

    @property
    def group_label(self) -> str:
        return str(dict(Group.choices).get(self.value_of("group"), ""))

    def recorded(self) -> bool:
        """Whether the line is someone present: ticked, or a new line with a name."""
        data = self.cleaned_data
        if data.get("known"):
            return bool(data.get("present"))
        return bool(data.get("present") or (data.get("participant") or "").strip())


TickFormSet = forms.formset_factory(TickRowForm, extra=3, max_num=2000, absolute_max=2000)


class FollowUpForm(Form):
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Agency.objects.none(), required=False)
    due_on = forms.DateField(label=_("Due"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            region=region, retired_at__isnull=True
        ).order_by("name")
        _styled(self)


class PipelineFilterForm(Form):
    """Filters of the pipeline; the choices come from the rows shown (no query)."""

    province = forms.TypedChoiceField(
        label=_("Province"), coerce=int, required=False, empty_value=None
    )
    expert = forms.TypedChoiceField(label=_("Expert"), coerce=int, required=False, empty_value=None)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("rank", _("Rank")),
            ("-rank", _("Rank, last first")),
            ("region", _("Region")),
            ("province", _("Province")),
            ("-completed", _("Most stages complete")),
            ("completed", _("Fewest stages complete")),
            ("-behind", _("Behind schedule first")),
        ],
    )

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provinces = {
            r.member.region.province_id: r.member.region.province.name
            for r in rows
            if r.member.region.province_id
        }
        experts = {pk: name for r in rows for pk, name in r.experts}
        everyone = [("", "—")]
        self.fields["province"].choices = everyone + sorted(  # type: ignore[attr-defined]
            provinces.items(), key=lambda c: c[1]
        )
        self.fields["expert"].choices = everyone + sorted(  # type: ignore[attr-defined]
            experts.items(), key=lambda c: c[1]
        )
        _styled(self)


class SessionFileForm(Form):
    """A material (a document) or a photo (JPEG/PNG) for a session; the service checks the
    file against its kind."""

    kind = forms.ChoiceField(label=_("Kind"), choices=SessionFile.Kind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("The file's name when left empty."),
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class CommentForm(Form):
    """An expert's comment on a stage of the region (on a session page, that session's)."""

    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("The whole guidance")), *Stage.choices], required=False
    )
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, with_stage: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_stage:
            del self.fields["stage"]
        _styled(self)
