"""Inviting and removing members of a region."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kotacerdas.accounts import services
from kotacerdas.accounts.models import Membership, Role, User

from ..conftest import World


def _invite_url(world: World) -> str:
    return reverse("accounts:member_invite", kwargs={"code": world.region.code})


def test_coordinator_invites_a_new_agency_editor_who_sets_a_password(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _invite_url(world),
            {
                "email": "Staf@Dishub.example",
                "full_name": "Siti Aminah",
                "role": "agency_editor",
                "agency": world.agency_a.pk,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="staf@dishub.example")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, agency=world.agency_a).exists()
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[0].body)
    assert link is not None
    invited = Client()
    form_url = invited.get(link.group(1)).url  # Django redirects to the set-password form
    response = invited.post(
        form_url, {"new_password1": "Bengkulu-2026-aman", "new_password2": "Bengkulu-2026-aman"}
    )
    assert response.status_code == 302
    response = invited.post(
        reverse("accounts:login"), {"username": user.username, "password": "Bengkulu-2026-aman"}
    )
    assert response.status_code == 302
    assert invited.get(reverse("accounts:profile")).context["user"] == user


def test_inviting_an_existing_person_adds_the_role_only(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    existing = world.users["editor_a"]
    assert existing is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(
            world.region, actor=None, email=existing.email or "", role=Role.COUNCIL_MEMBER
        )
    assert set(existing.memberships.values_list("role", flat=True)) == {
        "agency_editor",
        "council_member",
    }
    assert "Set your password" not in mail.outbox[0].body
    assert User.objects.filter(email=existing.email).count() == 1


@pytest.mark.parametrize(
    ("role", "agency", "field"),
    [
        ("agency_editor", None, "agency"),
        ("council_member", "a", "agency"),
        ("province_viewer", None, "role"),
        ("national_admin", None, "role"),
        ("agency_editor", "other", "agency"),
    ],
)
def test_invitation_that_does_not_fit_is_refused(
    world: World, role: str, agency: str | None, field: str
) -> None:
    chosen = {"a": world.agency_a, "other": world.other_region.agencies.first(), None: None}[agency]
    with pytest.raises(ValidationError) as caught:
        services.invite_member(
            world.region, actor=None, email="x@example.test", role=role, agency=chosen
        )
    assert field in caught.value.message_dict
    assert not User.objects.filter(email="x@example.test").exists()


def test_the_same_role_twice_gets_a_clear_message(world: World) -> None:
    client = world.client("coordinator")
    response = client.post(
        _invite_url(world), {"email": "coord@example.test", "role": "region_coordinator"}
    )
    assert response.status_code == 200
    assert (
        "already holds this role" in response.content.decode()
        or "sudah" in response.content.decode()
    )


def test_invite_form_names_the_missing_agency(world: World) -> None:
    client = world.client("coordinator")
    client.cookies.load({"django_language": "en"})
    response = client.post(
        _invite_url(world),
        {"email": "baru@example.test", "role": "agency_editor"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["agency"]
    assert not User.objects.filter(email="baru@example.test").exists()


def test_province_viewer_can_be_invited_on_the_province(world: World) -> None:
    membership = services.invite_member(
        world.province, actor=None, email="p@example.test", role=Role.PROVINCE_VIEWER
    )
    assert membership.region == world.province


def test_coordinator_removes_a_member_but_not_themself(world: World) -> None:
    client = world.client("coordinator")
    council = Membership.objects.get(role=Role.COUNCIL_MEMBER, region=world.region)
    own = Membership.objects.get(user=world.users["coordinator"])
    client.post(
        reverse("accounts:member_remove", kwargs={"code": world.region.code, "pk": council.pk})
    )
    assert not Membership.objects.filter(pk=council.pk).exists()
    client.post(reverse("accounts:member_remove", kwargs={"code": world.region.code, "pk": own.pk}))
    assert Membership.objects.filter(pk=own.pk).exists()


def test_removed_member_loses_access_at_once(world: World) -> None:
    council_client = world.client("council")
    agencies = reverse("regions:agency_list", kwargs={"code": world.region.code})
    assert council_client.get(agencies).status_code == 200
    council = Membership.objects.get(role=Role.COUNCIL_MEMBER, region=world.region)
    services.remove_membership(council, actor=None)
    assert council_client.get(agencies).status_code == 404


def test_member_list_and_history_show_changes(world: World) -> None:
    client = world.client("coordinator")
    services.invite_member(
        world.region,
        actor=world.users["coordinator"],
        email="h@example.test",
        role=Role.COUNCIL_MEMBER,
    )
    membership = Membership.objects.get(user__email="h@example.test")
    page = client.get(reverse("accounts:member_list", kwargs={"code": world.region.code}))
    assert b"h@example.test" in page.content
    history = client.get(
        reverse("accounts:member_history", kwargs={"code": world.region.code, "pk": membership.pk})
    )
    assert history.status_code == 200
    assert list(history.context["page"])[0].actor == world.users["coordinator"]


def test_user_list_search(world: World) -> None:
    client = world.client("national_admin")
    response = client.get(reverse("accounts:user_list"), {"q": "editor_"})
    usernames = {u.username for u in response.context["page"]}
    assert usernames == {"editor_a", "editor_b"}


def test_only_the_programme_office_assigns_assessors(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.invite_member(
            world.region,
            actor=world.users["coordinator"],
            email="a@example.test",
            role=Role.ASSESSOR,
        )
    assert "role" in caught.value.message_dict
    membership = services.invite_member(
        world.region,
        actor=world.users["national_admin"],
        email="a@example.test",
        role=Role.ASSESSOR,
    )
    assert membership.role == Role.ASSESSOR
    form = world.client("coordinator").get(_invite_url(world)).context["form"]
    assert "assessor" not in dict(form.fields["role"].choices)


def test_inviting_again_sends_a_fresh_link_to_who_never_set_a_password(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    services.invite_member(
        world.region, actor=None, email="late@example.test", role="council_member"
    )
    with django_capture_on_commit_callbacks(execute=True):
        again = services.invite_member(
            world.region, actor=None, email="late@example.test", role="council_member"
        )
    assert Membership.objects.filter(user=again.user).count() == 1
    assert "/accounts/password/reset/" in mail.outbox[-1].body
