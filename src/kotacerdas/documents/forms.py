"""Forms of the document page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.forms import Form

from .models import GeneratedDocument, GeneratedReport


class ChapterTextForm(Form):
    """One free-text section. The text is a small set of HTML tags (paragraphs ``<p>``,
    headings ``<h3>``/``<h4>``, lists ``<ul>``/``<ol>``/``<li>``, ``<strong>``, ``<em>``,
    links ``<a href>``); anything else is removed when it is saved."""

    html = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "data-richtext": "1"}),
        help_text=_(
            "Allowed: <p>, <h3>, <h4>, <ul>, <ol>, <li>, <strong>, <em>, <a href>. "
            "Anything else is removed."
        ),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class GenerateForm(Form):
    format = forms.ChoiceField(label=_("Format"), choices=GeneratedDocument.Format.choices)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        initial="id",
    )
    version = forms.IntegerField(label=_("Version"), required=False)


class TemplateForm(Form):
    file = forms.FileField(label=_("Word template (.docx)"))


class ReportForm(Form):
    """The monitoring report asked for: the year, the format and the language."""

    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    format = forms.ChoiceField(label=_("Format"), choices=GeneratedReport.Format.choices)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        initial="id",
    )
