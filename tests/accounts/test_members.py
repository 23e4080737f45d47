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
from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import Invitation, Membership, Role, User
from kotacerdas.regions.services import retire_agency

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
    assert not Membership.objects.filter(user=user).exists()  # not before they accept
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
    assert response["Location"] == reverse("accounts:profile")  # where the invitation waits
    invitation = invited.get(reverse("accounts:profile")).context["invitations"][0]
    invited.post(reverse("accounts:invitation_accept", kwargs={"pk": invitation.pk}))
    assert Membership.objects.filter(user=user, agency=world.agency_a).exists()


def test_inviting_an_existing_person_waits_for_their_answer(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    existing = world.users["editor_a"]
    assert existing is not None
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(
            world.region, actor=SYSTEM, email=existing.email or "", role=Role.COUNCIL_MEMBER
        )
    assert invitation.user == existing
    assert not existing.memberships.filter(role=Role.COUNCIL_MEMBER).exists()
    assert "Set your password" not in mail.outbox[0].body
    assert "/accounts/profile/" in mail.outbox[0].body
    assert User.objects.filter(email=existing.email).count() == 1
    services.accept_invitation(invitation, actor=existing)
    assert set(existing.memberships.values_list("role", flat=True)) == {
        "agency_editor",
        "council_member",
    }


def _invite_message(world: World, email: str) -> str:
    client = world.client("coordinator")
    response = client.post(
        _invite_url(world), {"email": email, "role": "council_member"}, follow=True
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1
    return shown[0].replace(email, "<address>")


def test_inviting_another_regions_user_reveals_nothing_and_waits_for_them(world: World) -> None:
    """Issue 9 item 10: no name, no silent membership; the same words as for a new address."""
    other = world.users["other_coordinator"]
    assert other is not None and other.email
    other.first_name, other.last_name = "Rahmat", "Hidayat"
    other.save()
    for_new = _invite_message(world, "belum-ada@example.test")
    for_existing = _invite_message(world, other.email)
    assert for_existing == for_new
    page = world.client("coordinator").get(
        reverse("accounts:member_list", kwargs={"code": world.region.code})
    )
    assert "Rahmat" not in page.content.decode()
    assert not Membership.objects.filter(user=other, region=world.region).exists()
    # They see the invitation after signing in, and may decline it.
    client = world.client("other_coordinator")
    invitation = client.get(reverse("accounts:profile")).context["invitations"][0]
    assert invitation.region == world.region
    client.post(reverse("accounts:invitation_decline", kwargs={"pk": invitation.pk}))
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    assert not Membership.objects.filter(user=other, region=world.region).exists()


def test_only_the_invited_person_answers_and_only_once(world: World) -> None:
    invited = world.users["editor_b"]
    assert invited is not None
    invitation = services.invite_member(
        world.region, actor=SYSTEM, email=invited.email or "", role=Role.COUNCIL_MEMBER
    )
    accept = reverse("accounts:invitation_accept", kwargs={"pk": invitation.pk})
    assert world.client("coordinator").post(accept).status_code == 404
    assert world.client("editor_b").post(accept).status_code == 302
    with pytest.raises(ValidationError):
        services.decline_invitation(invitation, actor=invited)
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.ACCEPTED
    assert Membership.objects.filter(user=invited, role=Role.COUNCIL_MEMBER).count() == 1


def test_an_invitation_to_a_retired_agency_cannot_be_accepted(world: World) -> None:
    invitation = services.invite_member(
        world.region,
        actor=SYSTEM,
        email="baru@example.test",
        role=Role.AGENCY_EDITOR,
        agency=world.agency_b,
    )
    retire_agency(world.agency_b, actor=SYSTEM)
    with pytest.raises(ValidationError):
        services.accept_invitation(invitation, actor=invitation.user)
    assert not Membership.objects.filter(user=invitation.user).exists()


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
            world.region, actor=SYSTEM, email="x@example.test", role=role, agency=chosen
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
    invitation = services.invite_member(
        world.province, actor=SYSTEM, email="p@example.test", role=Role.PROVINCE_VIEWER
    )
    membership = services.accept_invitation(invitation, actor=invitation.user)
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
    services.remove_membership(council, actor=SYSTEM)
    assert council_client.get(agencies).status_code == 404


def test_member_list_and_history_show_changes(world: World) -> None:
    client = world.client("coordinator")
    invitation = services.invite_member(
        world.region,
        actor=world.users["coordinator"],  # type: ignore[arg-type]
        email="h@example.test",
        role=Role.COUNCIL_MEMBER,
    )
    member_list = reverse("accounts:member_list", kwargs={"code": world.region.code})
    assert [i.email for i in client.get(member_list).context["invitations"]] == ["h@example.test"]
    membership = services.accept_invitation(invitation, actor=invitation.user)
    page = client.get(member_list)
    assert b"h@example.test" in page.content
    assert page.context["invitations"] == []
    assert membership.created_by == world.users["coordinator"]
    history = client.get(
        reverse("accounts:member_history", kwargs={"code": world.region.code, "pk": membership.pk})
    )
    assert history.status_code == 200
    assert list(history.context["page"])[0].actor == invitation.user


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
    invitation = services.invite_member(
        world.region,
        actor=world.users["national_admin"],  # type: ignore[arg-type]
        email="a@example.test",
        role=Role.ASSESSOR,
    )
    assert invitation.role == Role.ASSESSOR
    form = world.client("coordinator").get(_invite_url(world)).context["form"]
    assert "assessor" not in dict(form.fields["role"].choices)


def test_inviting_again_sends_a_fresh_link_to_who_never_set_a_password(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    services.invite_member(
        world.region, actor=SYSTEM, email="late@example.test", role="council_member"
    )
    with django_capture_on_commit_callbacks(execute=True):
        again = services.invite_member(
            world.region, actor=SYSTEM, email="late@example.test", role="council_member"
        )
    assert Invitation.objects.filter(user=again.user).count() == 1
    assert "/accounts/password/reset/" in mail.outbox[-1].body
