"""Every accounts service checks its own permission (issue 8 item 1)."""

from __future__ import annotations

import pytest

from kotacerdas.accounts import services
from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import ApiToken, Invitation, Membership, Role, User

from ..conftest import World
from .service_cases import Case, assert_allowed, assert_refused, outsider_params, public_functions


def _invitation(w: World) -> Invitation:
    """An invitation waiting for editor B's answer."""
    invited = w.users["editor_b"]
    assert invited is not None and invited.email
    return services.invite_member(
        w.region, actor=SYSTEM, email=invited.email, role=Role.COUNCIL_MEMBER
    )


def _answer(w: World, invitation: Invitation) -> tuple[str, int]:
    current = Invitation.objects.get(pk=invitation.pk)
    return current.status, Membership.objects.filter(user=current.user).count()


def _token(w: World) -> ApiToken:
    token, _secret = ApiToken.generate(w.users["coordinator"], "sync")  # type: ignore[arg-type]
    token.save()
    return token


REGION_OUTSIDERS = ("other_coordinator", "editor_a", "council", "assessor", "province_viewer")
OTHER_PEOPLE = ("other_coordinator", "national_admin", "editor_a")

CASES: dict[str, Case] = {
    "invite_member": Case(
        prepare=lambda w: w.region,
        call=lambda w, region, actor: services.invite_member(
            region, actor=actor, email="baru@example.test", role=Role.COUNCIL_MEMBER
        ),
        state=lambda w, region: (
            User.objects.filter(email="baru@example.test").count(),
            Invitation.objects.count(),
        ),
        insider="coordinator",
        outsiders=(*REGION_OUTSIDERS, "no_role"),
    ),
    "accept_invitation": Case(
        prepare=_invitation,
        call=lambda w, invitation, actor: services.accept_invitation(invitation, actor=actor),
        state=_answer,
        insider="editor_b",
        outsiders=("coordinator", "national_admin", "editor_a", "other_coordinator"),
    ),
    "decline_invitation": Case(
        prepare=_invitation,
        call=lambda w, invitation, actor: services.decline_invitation(invitation, actor=actor),
        state=_answer,
        insider="editor_b",
        outsiders=("coordinator", "national_admin", "editor_a", "other_coordinator"),
    ),
    "remove_membership": Case(
        prepare=lambda w: Membership.objects.get(user=w.users["council"]),
        call=lambda w, membership, actor: services.remove_membership(membership, actor=actor),
        state=lambda w, membership: Membership.objects.filter(pk=membership.pk).exists(),
        insider="coordinator",
        outsiders=REGION_OUTSIDERS,
    ),
    "grant_assessor": Case(
        prepare=lambda w: w.region,
        call=lambda w, region, actor: services.grant_assessor(
            region, w.users["no_role"], actor=actor
        ),
        state=lambda w, region: Membership.objects.filter(
            user=w.users["no_role"], role=Role.ASSESSOR, region=region
        ).count(),
        insider="national_admin",
        outsiders=("coordinator", "assessor", "province_viewer", "superuser"),
    ),
    "create_token": Case(
        prepare=lambda w: w.users["coordinator"],
        call=lambda w, owner, actor: services.create_token(owner, actor=actor, name="sync"),
        state=lambda w, owner: ApiToken.objects.filter(user=owner).count(),
        insider="coordinator",
        outsiders=OTHER_PEOPLE,
    ),
    "revoke_token": Case(
        prepare=_token,
        call=lambda w, token, actor: services.revoke_token(token, actor=actor),
        state=lambda w, token: ApiToken.objects.get(pk=token.pk).revoked_at,
        insider="coordinator",
        outsiders=OTHER_PEOPLE,
    ),
}


def test_every_public_service_has_a_case() -> None:
    assert public_functions(services) == set(CASES)


@pytest.mark.parametrize(("name", "persona"), outsider_params(CASES))
def test_an_outsider_is_refused_and_nothing_is_written(
    world: World, name: str, persona: str
) -> None:
    assert_refused(world, CASES[name], persona)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_permitted_persona_gets_through(world: World, name: str) -> None:
    assert_allowed(world, CASES[name])
