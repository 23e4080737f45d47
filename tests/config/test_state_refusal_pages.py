"""A page asking for a change that the object's state refuses (not the user's role) answers
409 with a page saying why and a link back; 403 stays for roles never allowed."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kotacerdas.planning.models import Masterplan, Programme
from kotacerdas.readiness.models import Assessment, SwotEntry

from ..conftest import World
from ..planning import factories as f
from ..readiness.conftest import assessment  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _refused(response: Any, reason: str, back: str) -> None:
    assert response.status_code == 409
    page = response.content.decode()
    assert reason in page
    assert f'href="{back}"' in page


def test_editing_a_masterplan_in_review_explains_why(world: World) -> None:
    plan = f.masterplan(world, status="in_review")
    url = reverse("planning:masterplan_edit", kwargs={"pk": plan.pk})
    detail = reverse("planning:masterplan_detail", kwargs={"pk": plan.pk})
    client = world.client("coordinator")
    reason = "Tindakan ini tidak dapat dilakukan selama masterplan berstatus"
    _refused(client.get(url, HTTP_ACCEPT_LANGUAGE="id"), reason, detail)
    # From a link on the plan's page, back goes where the user came from.
    response = client.post(
        url, {"title": "Baru"}, HTTP_REFERER=f"http://testserver{detail}", HTTP_ACCEPT_LANGUAGE="id"
    )
    _refused(response, reason, f"http://testserver{detail}")
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    _refused(english, "This cannot be done while the masterplan is in review.", detail)
    assert Masterplan.objects.get(pk=plan.pk).title == "Masterplan Smart City"
    # The council member never edits a masterplan: 403, whatever the status.
    assert world.client("council").get(url).status_code == 403


def test_editing_a_programme_of_a_published_plan_explains_why(world: World) -> None:
    plan = f.masterplan(world, status="published")
    programme = f.programme(plan, "P01", lead=world.agency_a)
    url = reverse("planning:programme_edit", kwargs={"pk": programme.pk})
    response = world.client("editor_a").post(url, {"name": "Baru"}, HTTP_ACCEPT_LANGUAGE="en")
    _refused(
        response,
        "This cannot be done while the masterplan is published.",
        f"/programmes/{programme.pk}/",
    )
    assert Programme.objects.get(pk=programme.pk).name == programme.name
    # An agency that neither leads nor supports it may never edit it: 403.
    assert world.client("editor_b").get(url).status_code == 403


def test_adding_to_the_swot_of_a_submitted_assessment_explains_why(
    world: World,
    assessment: Assessment,  # noqa: F811
) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    url = reverse("readiness:swot_list", kwargs={"pk": assessment.pk})
    client = world.client("coordinator")
    response = client.post(url, {"kind": "strength", "text": "Jaringan"}, HTTP_ACCEPT_LANGUAGE="en")
    reason = "This assessment has been submitted and is read-only until an assessor returns it."
    _refused(response, reason, f"/readiness/{assessment.pk}/")
    assert not SwotEntry.objects.filter(assessment=assessment).exists()
    # Reading the SWOT stays possible; an agency editor never adds to it: 403.
    assert client.get(url).status_code == 200
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.DRAFT)
    response = world.client("editor_a").post(url, {"kind": "strength", "text": "Jaringan"})
    assert response.status_code == 403
