"""Every form of the application applies the one text rule (``lib.forms``)."""

from __future__ import annotations

import importlib
import pkgutil

from django import forms

import kotacerdas
from kotacerdas.lib.forms import CleanTextMixin


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(kotacerdas.__path__, "kotacerdas."):
        if ".migrations" not in module.name and not module.name.endswith("management.commands"):
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    stack: list[type] = [forms.BaseForm]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("kotacerdas.") and not cls.__module__.startswith(
            "kotacerdas.lib.forms"
        ):
            found.append(cls)
    return found


def test_the_project_has_forms_to_check() -> None:
    assert len(_project_forms()) > 20


def test_every_form_refuses_control_characters() -> None:
    missing = sorted(
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in _project_forms()
        if not issubclass(cls, CleanTextMixin)
    )
    assert missing == []


def test_a_chosen_id_beyond_64_bits_is_an_invalid_choice_not_a_server_error(db: None) -> None:
    from kotacerdas.lib.forms import Form
    from kotacerdas.regions.models import Region

    class Choice(Form):
        region = forms.ModelChoiceField(queryset=Region.objects.all())
        regions = forms.ModelMultipleChoiceField(queryset=Region.objects.all())

    huge = str(2**63 + 7)
    form = Choice({"region": huge, "regions": [huge]})
    assert not form.is_valid()
    assert set(form.errors) == {"region", "regions"}
    assert all(
        code == "invalid_choice" for e in form.errors.as_data().values() for code in [e[0].code]
    )
