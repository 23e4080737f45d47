"""HTML forms of masterplans, their team and stakeholders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotacerdas.framework.models import FrameworkVersion
from kotacerdas.framework.queries import default_version
from kotacerdas.lib import files
from kotacerdas.lib.forms import ModelForm

from .models import Masterplan, Stakeholder, TeamMember
from .services import MASTERPLAN_FIELDS, STAKEHOLDER_FIELDS, TEAM_FIELDS


class StoredFileInput(forms.ClearableFileInput):
    """A file input that shows the stored file as a link to the view serving it (set
    ``download_url``), never to the file's storage URL."""

    download_url = ""

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if widget["is_initial"]:
            widget["value"] = _Served(self.download_url, PurePath(str(value)).suffix.upper()[1:])
        return context


@dataclass(frozen=True)
class _Served:
    """What the input template shows of a stored file: ``url`` to the serving view."""

    url: str
    kind: str

    def __str__(self) -> str:
        return str(_("Stored file (%(kind)s)") % {"kind": self.kind or "?"})


def _serve_stored(form: forms.ModelForm, name: str, url_name: str, **kwargs: int) -> None:
    """Link the form's stored file ``name`` to the page that serves it."""
    if getattr(form.instance, name):
        widget: Any = form.fields[name].widget
        widget.download_url = reverse(url_name, kwargs=kwargs)


class VersionedForm(ModelForm):
    """Carries the version the form was opened with, for conflict detection."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class WithDocumentsForm(VersionedForm):
    """Every file newly given in the form passes the one upload check (documents)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            if isinstance(value, UploadedFile):
                try:
                    files.check_upload(value, files.Kind.DOCUMENT)
                except ValidationError as exc:
                    self.add_error(name, exc)
        return data


class MasterplanCreateForm(ModelForm):
    class Meta:
        model = Masterplan
        fields = ["title", "start_year", "years", "framework"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["framework"]
        field.queryset = FrameworkVersion.objects.order_by("profile", "-number")
        field.empty_label = None
        if not self.is_bound and "framework" not in self.initial:
            self.initial["framework"] = default_version()


class MasterplanEditForm(WithDocumentsForm):
    class Meta:
        model = Masterplan
        fields = list(MASTERPLAN_FIELDS)
        widgets = {
            "regulation_date": forms.DateInput(attrs={"type": "date"}),
            "regulation_file": StoredFileInput,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _serve_stored(
            self, "regulation_file", "planning:masterplan_regulation", pk=self.instance.pk
        )


class TeamMemberForm(WithDocumentsForm):
    class Meta:
        model = TeamMember
        fields = list(TEAM_FIELDS)
        widgets = {
            "decree_date": forms.DateInput(attrs={"type": "date"}),
            "decree_file": StoredFileInput,
        }

    def __init__(self, *args: Any, masterplan: Masterplan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["agency"]
        field.queryset = masterplan.region.agencies.active().order_by("name")
        _serve_stored(
            self, "decree_file", "planning:team_decree", pk=masterplan.pk, member=self.instance.pk
        )


class StakeholderForm(VersionedForm):
    class Meta:
        model = Stakeholder
        fields = list(STAKEHOLDER_FIELDS)
