"""The demo region has published evaluations to show, seeded once."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kotacerdas.accounts.models import User
from kotacerdas.evaluation.models import Evaluation, FollowUpAction, ReportSection, Score


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Evaluation, Score, ReportSection, FollowUpAction))


def test_the_demo_has_two_published_years_and_is_seeded_once(db: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    evaluations = list(Evaluation.objects.filter(region__code="17.71").order_by("year"))
    assert [(e.year, e.status) for e in evaluations] == [(2023, "published"), (2024, "published")]
    client = Client()
    client.force_login(User.objects.get(username="koordinator"))
    page = client.get(reverse("evaluation:evaluation_detail", args=[evaluations[1].pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Bukti kebijakan belum ditetapkan" in text
    assert "2023" in text and "2024" in text  # year over year
    assert "Menyusun peraturan wali kota" in text
