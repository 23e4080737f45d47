"""Review, approval, publication, frozen versions and the notices they send."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.notifications.models import Notification
from kotacerdas.planning.models import MasterplanVersion
from kotacerdas.planning.programmes.checks import Attachments
from kotacerdas.planning.programmes.services import update_programme
from kotacerdas.planning.review import services as review

from ...conftest import World
from .. import factories as f


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def test_the_whole_review_cycle(world: World, django_capture_on_commit_callbacks: Any) -> None:
    plan = f.masterplan(world)
    with pytest.raises(ValidationError, match="at least one programme"):
        review.submit_for_review(plan, actor=world.users["coordinator"], confirm_incomplete=True)
    p = f.programme(plan, "G01", lead=world.agency_a)
    f.fund(p)
    with pytest.raises(PermissionDenied):
        review.submit_for_review(plan, actor=world.users["editor_a"], confirm_incomplete=True)
    with django_capture_on_commit_callbacks(execute=True):
        plan = review.submit_for_review(
            plan, actor=world.users["coordinator"], confirm_incomplete=True
        )
    assert plan.status == "in_review"
    assert sorted(m.to[0] for m in mail.outbox) == ["assessor@example.test", "council@example.test"]
    assert Notification.objects.filter(
        user=world.users["council"], kind="planning.submitted"
    ).exists()

    with pytest.raises(ValidationError):
        review.return_to_draft(plan, actor=world.users["assessor"], reason=" ")
    plan = review.return_to_draft(plan, actor=world.users["assessor"], reason="Add funding")
    assert plan.status == "draft" and plan.return_reason == "Add funding"
    plan = review.submit_for_review(plan, actor=world.users["coordinator"], confirm_incomplete=True)

    for persona in ("coordinator", "national_admin", "editor_a", "assessor"):
        with pytest.raises(PermissionDenied):
            review.approve_masterplan(plan, actor=world.users[persona])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        version = review.approve_masterplan(plan, actor=world.users["council"])
    assert version.number == 1
    assert version.snapshot["programmes"][str(p.pk)]["code"] == "G01"
    assert [m.to[0] for m in mail.outbox] == ["coord@example.test"]
    plan.refresh_from_db()
    assert plan.status == "approved"

    with pytest.raises(PermissionDenied):
        review.publish_masterplan(plan, actor=world.users["council"])
    plan = review.publish_masterplan(plan, actor=world.users["coordinator"])
    assert plan.status == "published" and plan.published_at

    plan = review.start_new_draft(plan, actor=world.users["coordinator"])
    assert plan.status == "draft" and plan.versions.count() == 1
    update_programme(
        p, actor=SYSTEM, opened_version=None, fields={"name": "Renamed"}, parts=Attachments()
    )
    review.submit_for_review(plan, actor=world.users["coordinator"], confirm_incomplete=True)
    second = review.approve_masterplan(plan, actor=world.users["council"])
    assert second.number == 2
    assert version.snapshot["programmes"][str(p.pk)]["name"] == "Programme G01"
    assert second.snapshot["programmes"][str(p.pk)]["name"] == "Renamed"


def test_a_version_is_immutable(world: World) -> None:
    plan = f.masterplan(world)
    version = MasterplanVersion.objects.create(masterplan=plan, number=1, snapshot={})
    version.snapshot = {"team": {}}
    with pytest.raises(ValueError, match="immutable"):
        version.save()


def test_wrong_status_is_refused(world: World) -> None:
    plan = f.masterplan(world, status="approved")
    with pytest.raises(PermissionDenied):
        review.submit_for_review(plan, actor=world.users["coordinator"], confirm_incomplete=True)
    with pytest.raises(ValidationError):
        review.submit_for_review(plan, actor=SYSTEM, confirm_incomplete=True)


def test_notifications_page(world: World) -> None:
    plan = f.masterplan(world)
    f.programme(plan)
    review.submit_for_review(plan, actor=world.users["coordinator"], confirm_incomplete=True)
    client = world.client("council")
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("notifications:notification_list")).content.decode()
    assert "submitted the masterplan" in page and plan.title in page
    client.post(reverse("notifications:notification_read"))
    assert not Notification.objects.filter(user=world.users["council"], read_at=None).exists()
    assert (
        "submitted"
        not in world.client("editor_a")
        .get(reverse("notifications:notification_list"))
        .content.decode()
    )
