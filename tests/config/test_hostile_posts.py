"""Every main form of a region, posted with hostile values in each of its fields, answers
without a server error; a refused value is named on its field and nothing is saved.

The crawl (``test_crawl.py``) only follows links; this posts. On the seeded demo, as the
demo coordinator (and as an anonymous visitor for a public consultation's comment), each
form is read from its page (the fields it really has, with the values it offers), then
posted once per (field, hostile value) with every other field left valid, each time in a
savepoint that is rolled back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import User
from kotacerdas.monitoring.models import Indicator
from kotacerdas.planning.models import Masterplan
from kotacerdas.portal import services as portal
from kotacerdas.portal.models import Aspiration
from kotacerdas.readiness.models import Assessment

CONTROL = ("\x00", "a\x0bb")  # inside text: a lone one is whitespace and stripped
HOSTILE: tuple[str, ...] = (
    *CONTROL,
    "x" * 100_000,
    "<script>alert(1)</script>",
    "=1+1",
    "1e400",
    "²",
    str(2**63 + 7),
    "-1",
)
NOT_POSTED = {"csrfmiddlewaretoken"}


class _Rollback(Exception):
    pass


@dataclass
class FormShape:
    """One ``<form method=post>`` of a page: its action and each field's offered value."""

    action: str
    values: dict[str, list[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)


class FormReader(HTMLParser):
    """The POST forms of a page, with a valid value for each field where the page offers
    one (the value shown, the option selected or else the first non-empty option)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[FormShape] = []
        self._form: FormShape | None = None
        self._select: str | None = None
        self._first_option: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = FormShape(a.get("action", ""))
            self.forms.append(self._form)
            return
        form, name = self._form, a.get("name", "")
        if tag == "option" and form is not None and self._select:
            value = a.get("value", "")
            if value and self._select not in self._first_option:
                self._first_option[self._select] = value
            if "selected" in a and value:
                form.values[self._select] = [value]
            return
        if form is None or not name or name in NOT_POSTED:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            form.kinds.setdefault(name, kind)
            if kind in ("checkbox", "radio"):
                if "checked" in a or kind == "radio" and name not in form.values:
                    form.values[name] = [a.get("value", "on")]
                return
            form.values[name] = [a.get("value", "")]
        elif tag == "select":
            self._select = name
            form.kinds[name] = "select"
            form.values.setdefault(name, [])
        elif tag == "textarea":
            self._textarea = name
            form.kinds[name] = "textarea"
            form.values[name] = [""]

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.values[self._textarea] = [self._form.values[self._textarea][0] + data]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form is not None:
            if not self._form.values.get(self._select) and self._select in self._first_option:
                self._form.values[self._select] = [self._first_option[self._select]]
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_on(client: Client, page: str, action: str) -> FormShape:
    """The form of ``page`` posting to ``action``, every empty field filled with a plain value
    of its kind (so that only the hostile value can be the reason of a refusal)."""
    response = client.get(page)
    assert response.status_code == 200, (page, response.status_code)
    reader = FormReader()
    reader.feed(response.content.decode())
    shapes = [f for f in reader.forms if (f.action or page) == action]
    assert shapes, f"no form posting to {action} on {page}"
    shape = shapes[0]
    plain = {"number": "1", "date": "2027-01-01", "email": "uji@example.org", "url": ""}
    for name, values in shape.values.items():
        if not values or not "".join(values).strip():
            kind = shape.kinds.get(name, "text")
            if kind == "hidden":
                shape.values[name] = values or [""]
            elif "year" in name:
                shape.values[name] = ["2026"]
            elif any(word in name for word in NUMBERS):
                shape.values[name] = ["1"]
            else:
                shape.values[name] = [plain.get(kind, "Uji")]
    return shape


# Fields shown as text but read as numbers (written in the user's language).
NUMBERS = ("value", "range", "amount", "budget", "progress", "weight", "level")


def fingerprint() -> tuple[int, int]:
    """What a saved change leaves: an audit entry (every tracked model) or an aspiration."""
    return LogEntry.objects.count(), Aspiration.objects.count()


def error_fields(response: Any) -> set[str]:
    """The fields named by the errors of every form the refused page shows."""
    named: set[str] = set()
    for context in response.context or []:
        for value in context.dicts if hasattr(context, "dicts") else [context]:
            for item in value.values() if isinstance(value, dict) else []:
                for form in [item, *getattr(item, "forms", [])]:
                    errors = getattr(form, "errors", None)
                    prefix = getattr(form, "prefix", None)
                    if isinstance(errors, dict):
                        named |= {f"{prefix}-{k}" if prefix else k for k in errors}
                if getattr(item, "forms", None) is not None and item.non_form_errors():
                    named |= {f"{item.prefix}-TOTAL_FORMS", f"{item.prefix}-INITIAL_FORMS"}
    return named


@dataclass(frozen=True)
class Case:
    """A form: who posts it, the page it is on and where it posts (both from the demo)."""

    name: str
    persona: str | None
    urls: Callable[[], tuple[str, str]]


def _draft() -> Masterplan:
    return Masterplan.objects.filter(region__code="17.71", status="draft").latest("pk")


def _programme_edit() -> tuple[str, str]:
    url = reverse("planning:programme_edit", kwargs={"pk": _draft().programmes.first().pk})  # type: ignore[union-attr]
    return url, url


def _at(name: str, **kwargs: Any) -> Callable[[], tuple[str, str]]:
    def urls() -> tuple[str, str]:
        url = reverse(name, kwargs={"pk": _draft().pk, **kwargs})
        return url, url

    return urls


def _mission() -> tuple[str, str]:
    page = reverse("planning:strategy_detail", kwargs={"pk": _draft().pk})
    return page, reverse("planning:mission_create", kwargs={"pk": _draft().pk})


def _swot() -> tuple[str, str]:
    assessment = Assessment.objects.filter(region__code="17.71").latest("pk")
    url = reverse("readiness:swot_list", kwargs={"pk": assessment.pk})
    return url, url


def _realisation() -> tuple[str, str]:
    indicator = Indicator.objects.filter(
        masterplan__region__code="17.71", masterplan__status="published"
    ).first()
    assert indicator is not None
    url = reverse("monitoring:realisation_report", kwargs={"pk": indicator.pk})
    return url, url


def _indicator() -> tuple[str, str]:
    url = reverse("monitoring:indicator_create", kwargs={"pk": _draft().pk})
    return url, url


def _comment() -> tuple[str, str]:
    now = timezone.now()
    period = portal.Period(now - dt.timedelta(days=1), now + dt.timedelta(days=30))
    consultation = portal.open_consultation(
        _draft(), actor=SYSTEM, title="Konsultasi publik", period=period
    )
    url = reverse("consultation:public_detail", kwargs={"pk": consultation.pk})
    return url, url


CASES = [
    Case("programme create", "koordinator", _at("planning:programme_create")),
    Case("programme edit", "koordinator", _programme_edit),
    Case("mission", "koordinator", _mission),
    Case("SWOT entry", "koordinator", _swot),
    Case("stakeholder", "koordinator", _at("planning:stakeholder_create")),
    Case("team member", "koordinator", _at("planning:team_create")),
    Case("indicator", "koordinator", _indicator),
    Case("realisation", "koordinator", _realisation),
    Case("consultation comment", None, _comment),
]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The seeded demo, rolled back after the module."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                call_command("seed_demo", stdout=StringIO())
                yield
                raise _Rollback
        except _Rollback:
            pass


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_values_never_break_a_form(demo: None, settings: Any, case: Case, db: None) -> None:
    settings.CONSULTATION_ASPIRATIONS_PER_ADDRESS = 0  # every post comes from one address
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    if case.persona:
        client.force_login(User.objects.get(username=case.persona))
    page, action = case.urls()
    shape = form_on(client, page, action)
    assert shape.values, f"{case.name}: the form has no fields"
    problems: list[str] = []
    baseline = _post(client, action, shape.values)[1]
    for name in shape.values:
        for value in HOSTILE:
            problem = _try(client, action, shape, name, value, error_fields(baseline))
            if problem:
                problems.append(f"{case.name} · {name}={value[:20]!r}: {problem}")
    assert not problems, "\n".join(problems)


def _post(client: Client, action: str, data: dict[str, list[str]]) -> tuple[bool, Any]:
    """Post ``data`` in a savepoint rolled back; whether anything was saved, and the answer."""
    try:
        with transaction.atomic():
            before = fingerprint()
            response = client.post(action, data)
            saved = fingerprint() != before
            raise _Rollback
    except _Rollback:
        pass
    return saved, response


def _try(
    client: Client,
    action: str,
    shape: FormShape,
    name: str,
    value: str,
    baseline: set[str],
) -> str | None:
    """Post ``value`` in field ``name``, every other field as the form offers it; what is
    wrong with the answer, if anything (``baseline``: the fields refused without it)."""
    saved, response = _post(client, action, {**shape.values, name: [value]})
    if response.status_code >= 500:
        return f"server error {response.status_code}"
    if response.status_code in (301, 302, 303):
        if value in CONTROL and saved:
            return "a control character was saved"
        return None
    if saved:
        return f"refused ({response.status_code}) but something was saved"
    named = error_fields(response)
    if response.status_code == 200 and name not in named and named != baseline:
        return f"refused without naming the field (errors on {sorted(named)})"
    return None
