"""The upload form of the Excel import: the one upload check, with the spreadsheet limit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.lib import files
from kotacerdas.lib.forms import Form


class UploadForm(Form):
    file = forms.FileField(
        label=gettext_lazy("Programme catalogue (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = filesizeformat(files.max_bytes(files.Kind.SPREADSHEET))
        self.fields["file"].help_text = _(
            "The file downloaded here, filled in. At most %(limit)s."
        ) % {"limit": limit}

    def clean_file(self) -> bytes:
        """The file's bytes, once it passed the one upload check (type by content, size)."""
        upload = self.cleaned_data["file"]
        files.check_upload(upload, files.Kind.SPREADSHEET)
        data: bytes = upload.read()
        return data
