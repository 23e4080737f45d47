"""The demo region has monitoring to show: a published masterplan with reports in every state."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kotacerdas.accounts.models import User
from kotacerdas.monitoring.demo import PREVIOUS_TITLE
from kotacerdas.monitoring.models import Indicator, ProgrammeProgress, Realisation, Target
from kotacerdas.planning.models import Masterplan


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (Masterplan, Indicator, Target, Realisation, ProgrammeProgress)
    )


def test_the_demo_has_reports_in_every_state_and_is_seeded_once(db: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    plan = Masterplan.objects.get(title=PREVIOUS_TITLE)
    assert plan.is_published
    states = set(
        Realisation.objects.filter(indicator__masterplan=plan, is_current=True).values_list(
            "state", flat=True
        )
    )
    assert states == {"verified", "reported", "returned"}
    assert Realisation.objects.filter(corrects__isnull=False).exists()
    # The draft demo masterplan carries indicators with targets too.
    assert Indicator.objects.exclude(masterplan=plan).filter(targets__isnull=False).exists()
    client = Client()
    client.force_login(User.objects.get(username="koordinator"))
    stage = client.get(reverse("monitoring:monitoring_current", kwargs={"code": "17.71"}))
    assert stage["Location"] == reverse("monitoring:indicator_list", args=[plan.pk])
    page = client.get(stage["Location"] + "?year=2024")
    assert page.status_code == 200 and "IK-LIV-01" in page.content.decode()
