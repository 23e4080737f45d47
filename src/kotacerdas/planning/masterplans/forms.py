"""HTML forms of masterplans, their team and stakeholders."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kotacerdas.framework.models import FrameworkVersion
from kotacerdas.framework.queries import default_version

from .models import Masterplan, Stakeholder, TeamMember
from .services import MASTERPLAN_FIELDS, STAKEHOLDER_FIELDS, TEAM_FIELDS

MAX_UPLOAD = 10 * 1024 * 1024
UPLOAD_TYPES = {".pdf": b"%PDF", ".png": b"\x89PNG", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8"}


def check_upload(upload: Any) -> Any:
    """A PDF or image of at most 10 MB, checked by its first bytes, not only its name."""
    if not upload or not hasattr(upload, "size"):
        return upload
    if upload.size > MAX_UPLOAD:
        raise ValidationError(_("The file is larger than 10 MB."))
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    magic = UPLOAD_TYPES.get(suffix)
    head = upload.read(8)
    upload.seek(0)
    if magic is None or not head.startswith(magic):
        raise ValidationError(_("Upload a PDF, PNG or JPEG file."))
    return upload


class VersionedForm(forms.ModelForm):
    """Carries the version the form was opened with, for conflict detection."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class MasterplanCreateForm(forms.ModelForm):
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


class MasterplanEditForm(VersionedForm):
    class Meta:
        model = Masterplan
        fields = list(MASTERPLAN_FIELDS)
        widgets = {"regulation_date": forms.DateInput(attrs={"type": "date"})}

    def clean_regulation_file(self) -> Any:
        return check_upload(self.cleaned_data.get("regulation_file"))


class TeamMemberForm(VersionedForm):
    class Meta:
        model = TeamMember
        fields = list(TEAM_FIELDS)
        widgets = {"decree_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, masterplan: Masterplan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["agency"]
        field.queryset = masterplan.region.agencies.active().order_by("name")

    def clean_decree_file(self) -> Any:
        return check_upload(self.cleaned_data.get("decree_file"))


class StakeholderForm(VersionedForm):
    class Meta:
        model = Stakeholder
        fields = list(STAKEHOLDER_FIELDS)
