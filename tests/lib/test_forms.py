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
