"""Review pages: returning a masterplan, comparing versions."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM

from ...conftest import World
from .. import factories as f


def test_editing_a_masterplan_in_review_is_refused(world: World, coordinator: Any) -> None:
    plan = f.masterplan(world, status="in_review")
    assert (
        coordinator.get(reverse("planning:vision_edit", kwargs={"pk": plan.pk})).status_code == 409
    )
    page = coordinator.get(reverse("planning:masterplan_detail", kwargs={"pk": plan.pk}))
    assert reverse("planning:masterplan_return", kwargs={"pk": plan.pk}) in page.content.decode()
    response = coordinator.post(
        reverse("planning:masterplan_return", kwargs={"pk": plan.pk}), {"reason": "Lengkapi tim"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "draft" and plan.return_reason == "Lengkapi tim"
    detail = coordinator.get(reverse("planning:masterplan_detail", kwargs={"pk": plan.pk}))
    assert "Lengkapi tim" in detail.content.decode()
    submit = coordinator.post(
        reverse("planning:masterplan_submit", kwargs={"pk": plan.pk}), {"confirm_incomplete": "1"}
    )
    assert submit.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "draft"  # no programme yet: refused with a message


def test_a_new_draft_is_compared_with_the_approved_version(world: World, en: Any) -> None:
    from kotacerdas.planning.programmes.checks import Attachments
    from kotacerdas.planning.programmes.services import update_programme
    from kotacerdas.planning.review import services as review

    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    gone = f.programme(plan, "G02")
    review.submit_for_review(plan, actor=world.users["coordinator"], confirm_incomplete=True)
    review.approve_masterplan(plan, actor=world.users["council"])
    review.start_new_draft(plan, actor=world.users["coordinator"])
    update_programme(
        p, actor=SYSTEM, opened_version=None, fields={"name": "Smart clinic"}, parts=Attachments()
    )
    gone.delete()
    f.programme(plan, "G03", name="New one")
    client = en("assessor")
    versions = client.get(reverse("planning:version_list", kwargs={"pk": plan.pk}))
    assert "Compare with the current draft" in versions.content.decode()
    url = reverse("planning:version_compare", kwargs={"pk": plan.pk}) + "?a=1&b=current"
    page = client.get(url).content.decode()
    assert "Smart clinic" in page and "Programme G01" in page
    assert "G03 New one" in page and "G02 Programme G02" in page
    assert client.get(url.replace("a=1", "a=7")).status_code == 404
