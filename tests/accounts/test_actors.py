"""Roles decide domain actions; the superuser flag opens only the admin site."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM, acting, allowed, require
from kotacerdas.accounts.models import Role, User
from kotacerdas.regions.models import Agency
from tests.conftest import World, make_user
from tests.planning import factories as f

pytestmark = pytest.mark.django_db


def _superuser(**extra: Any) -> User:
    return User.objects.create_superuser("root", "root@example.invalid", "x", **extra)


def test_a_superuser_without_a_membership_cannot_approve_a_masterplan(world: World) -> None:
    plan = f.masterplan(world, status="in_review")
    root = _superuser()
    assert not root.has_perm("planning.approve_masterplan", plan)
    with pytest.raises(PermissionDenied):
        require(root, "planning.approve_masterplan", plan)
    client = Client()
    client.force_login(root)
    response = client.post(reverse("planning:masterplan_approve", kwargs={"pk": plan.pk}))
    assert response.status_code == 404  # not even visible: no role in the region
    plan.refresh_from_db()
    assert plan.status == "in_review"


def test_only_the_council_member_approves_not_a_national_admin(world: World) -> None:
    plan = f.masterplan(world, status="in_review")
    assert world.users["council"].has_perm("planning.approve_masterplan", plan)
    assert not world.users["national_admin"].has_perm("planning.approve_masterplan", plan)


def test_a_superuser_still_opens_the_admin_site(world: World) -> None:
    client = Client()
    client.force_login(_superuser())
    assert client.get(reverse("admin:regions_agency_changelist")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_system_actor_is_explicit_and_allowed(world: World) -> None:
    plan = f.masterplan(world, status="in_review")
    assert allowed(SYSTEM, "planning.approve_masterplan", plan)
    require(SYSTEM, "planning.approve_masterplan", plan)


def test_an_inactive_user_loses_every_domain_permission(world: World) -> None:
    plan = f.masterplan(world)
    coordinator = world.users["coordinator"]
    assert allowed(coordinator, "planning.change_masterplan", plan)
    coordinator.is_active = False
    assert not allowed(coordinator, "planning.change_masterplan", plan)


def test_audit_entries_keep_the_client_address_of_the_request(world: World) -> None:
    coordinator = world.users["coordinator"]
    client = world.client("coordinator")
    agency = Agency.objects.filter(region=world.region).first()
    assert agency is not None
    url = reverse("regions:agency_edit", kwargs={"code": world.region.code, "pk": agency.pk})
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(name="Dinas Komunikasi dan Informatika (baru)", version=agency.version)
    client.post(url, data, REMOTE_ADDR="203.0.113.9")
    entry = LogEntry.objects.get_for_object(agency).latest("timestamp")
    assert entry.actor == coordinator
    assert entry.remote_addr == "203.0.113.9"


def test_acting_as_the_system_records_no_user(world: World) -> None:
    agency = Agency.objects.filter(region=world.region).first()
    assert agency is not None
    with acting(SYSTEM):
        agency.name = "Renamed by a command"
        agency.save()
    entry = LogEntry.objects.get_for_object(agency).latest("timestamp")
    assert entry.actor is None


def test_make_user_holds_no_superuser_flag(world: World) -> None:
    user = make_user("plain", (Role.NATIONAL_ADMIN, None, None))
    assert not user.is_superuser
    assert user.has_perm("accounts.manage_users")
