"""The demo region has an SPBE self-assessment to show, seeded once."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kotacerdas.accounts.models import User
from kotacerdas.evaluation.spbe_models import SpbeAssessment, SpbeProgrammeTag


def test_the_demo_has_one_self_assessment_in_baik(db: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    found = SpbeAssessment.objects.get()
    assert found.region.code == "17.71"
    assert SpbeProgrammeTag.objects.filter(indicator__number=11).exists()
    client = Client()
    client.force_login(User.objects.get(username="koordinator"))
    page = client.get(reverse("spbe:assessment_detail", args=[found.pk])).content.decode()
    assert 'data-testid="predicate">Baik<' in page
    assert "Sangat Baik" in page  # the next band, with the steps to reach it
