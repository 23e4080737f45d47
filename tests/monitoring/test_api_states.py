"""Verifying or returning a report that no longer waits answers 409 ``invalid_state``."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kotacerdas.monitoring.models import Realisation

from ..conftest import World
from . import factories as f

pytestmark = pytest.mark.django_db


def _post(world: World, url: str, body: Any = None) -> Any:
    return world.client("coordinator").post(
        url, json.dumps(body or {}), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_verifying_twice_is_409_and_returning_a_verified_report_too(world: World) -> None:
    plan, programme = f.plan_with_programme(world)
    row = f.realisation(f.indicator(plan, programme, agency=world.agency_a), 2025, 50)
    assert _post(world, f"/api/v1/realisations/{row.pk}/verify").status_code == 200
    again = _post(world, f"/api/v1/realisations/{row.pk}/verify")
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "invalid_state"
    assert error["message"].startswith("Only a current report that waits for verification")
    back = _post(world, f"/api/v1/realisations/{row.pk}/return", {"comment": "Perbaiki"})
    assert back.status_code == 409
    assert Realisation.objects.get(pk=row.pk).state == "verified"
