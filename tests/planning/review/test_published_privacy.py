"""Published means the public content: comments, contacts and versions stay in the region."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kotacerdas.planning.models import Comment, Stakeholder
from tests.conftest import World
from tests.planning import factories as f

pytestmark = pytest.mark.django_db

SECRET_COMMENT = "Catatan dewan: anggaran belum realistis"
EMAIL = "kontak.rahasia@example.test"
PHONE = "0812-3456-7890"


def _published(world: World) -> tuple[str, str, str]:
    plan = f.masterplan(world, status="published")
    Stakeholder.objects.create(
        masterplan=plan, group="business", name="PT Mitra Kota", email=EMAIL, phone=PHONE
    )
    Comment.objects.create(
        masterplan=plan, section="overview", author=world.users["council"], text=SECRET_COMMENT
    )
    detail = plan.get_absolute_url()
    stakeholders = reverse("planning:stakeholder_list", kwargs={"pk": plan.pk})
    versions = reverse("planning:version_list", kwargs={"pk": plan.pk})
    return detail, stakeholders, versions


def test_another_regions_user_reads_the_published_plan_without_what_is_internal(
    world: World,
) -> None:
    detail, stakeholders, versions = _published(world)
    client = world.client("other_coordinator")
    page = client.get(detail)
    assert page.status_code == 200
    assert SECRET_COMMENT not in page.content.decode()
    contacts = client.get(stakeholders)
    body = contacts.content.decode()
    assert contacts.status_code == 200 and "PT Mitra Kota" in body
    assert EMAIL not in body and PHONE not in body
    assert client.get(versions).status_code == 403


def test_the_regions_own_people_still_see_comments_contacts_and_versions(world: World) -> None:
    detail, stakeholders, versions = _published(world)
    client = world.client("coordinator")
    assert SECRET_COMMENT in client.get(detail).content.decode()
    body = client.get(stakeholders).content.decode()
    assert EMAIL in body and PHONE in body
    assert client.get(versions).status_code == 200
