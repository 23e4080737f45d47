"""The project's widget attributes template (``templates/django/forms/widgets/attrs.html``)
writes one ``class`` attribute: Bootstrap's class for the widget, then any class the form
sets. A second ``class`` attribute would be dropped by the browser, and with it the form's
own class (a tick box sized for a thumb, an editor's hook)."""

from __future__ import annotations

import re

from django import forms


class _Form(forms.Form):
    name = forms.CharField(widget=forms.TextInput(attrs={"class": "wide"}))
    plain = forms.CharField()
    kind = forms.ChoiceField(
        choices=[("a", "A")], widget=forms.Select(attrs={"class": "form-select"})
    )
    present = forms.BooleanField(widget=forms.CheckboxInput(attrs={"class": "tick-box"}))
    secret = forms.CharField(widget=forms.HiddenInput(attrs={"class": "marker"}))


def _classes(html: str) -> list[str]:
    return re.findall(r'\sclass="([^"]*)"', html)


def test_a_class_the_form_sets_is_kept_beside_the_bootstrap_class() -> None:
    form = _Form()
    assert _classes(str(form["name"])) == ["form-control wide"]
    assert _classes(str(form["present"])) == ["form-check-input tick-box"]
    assert _classes(str(form["secret"])) == ["marker"]


def test_a_widget_without_its_own_class_gets_the_bootstrap_class_once() -> None:
    form = _Form()
    assert _classes(str(form["plain"])) == ["form-control"]
    # The form repeating Bootstrap's own class does not double it.
    assert _classes(str(form["kind"])) == ["form-select"]
