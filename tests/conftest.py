"""Personas and reference data shared by every test (STYLE.md §19).

The reference data (552 regions, framework catalogue) is loaded once per test database;
each test runs in a transaction that is rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import Membership, Role, User
from kotacerdas.regions.models import Agency, Region
from kotacerdas.regions.services import activate_region

ACTIVE_REGIONS = ("17.71", "13.75")  # Kota Bengkulu and Kota Bukittinggi
PASSWORD = "correct-horse-battery-staple"  # noqa: S105


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        call_command("load_reference", stdout=StringIO())
        for code in ACTIVE_REGIONS:
            activate_region(Region.objects.get(code=code), actor=SYSTEM)


@pytest.fixture(scope="session", autouse=True)
def _static_root(tmp_path_factory: Any) -> None:
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "id"


@dataclass
class World:
    """One active region with two agencies, another region, and a user per persona."""

    region: Region
    other_region: Region
    province: Region
    agency_a: Agency
    agency_b: Agency
    users: dict[str, User | None]

    def client(self, persona: str) -> Client:
        client = Client()
        user = self.users[persona]
        if user is not None:
            client.force_login(user)
        return client


PERSONAS = (
    "national_admin",
    "coordinator",
    "editor_a",
    "editor_b",
    "council",
    "assessor",
    "province_viewer",
    "other_coordinator",
    "no_role",
    "anonymous",
)


def make_user(username: str, *memberships: tuple[Role, Region | None, Agency | None]) -> User:
    user = User.objects.create_user(username, f"{username}@example.test", PASSWORD)
    for role, region, agency in memberships:
        Membership.objects.create(user=user, role=role, region=region, agency=agency)
    return user


@pytest.fixture
def world(db: Any) -> World:
    region = Region.objects.get(code="17.71")  # Kota Bengkulu
    other = Region.objects.get(code="13.75")  # Kota Bukittinggi, another province
    agency_a = Agency.objects.get(region=region, code="diskominfo")
    agency_b = Agency.objects.get(region=region, code="dinkes")
    users: dict[str, User | None] = {
        "national_admin": make_user("nadmin", (Role.NATIONAL_ADMIN, None, None)),
        "coordinator": make_user("coord", (Role.REGION_COORDINATOR, region, None)),
        "editor_a": make_user("editor_a", (Role.AGENCY_EDITOR, region, agency_a)),
        "editor_b": make_user("editor_b", (Role.AGENCY_EDITOR, region, agency_b)),
        "council": make_user("council", (Role.COUNCIL_MEMBER, region, None)),
        "assessor": make_user("assessor", (Role.ASSESSOR, region, None)),
        "province_viewer": make_user("prov", (Role.PROVINCE_VIEWER, region.province, None)),
        "other_coordinator": make_user("other", (Role.REGION_COORDINATOR, other, None)),
        "no_role": make_user("norole"),
        "anonymous": None,
    }
    return World(region, other, region.province, agency_a, agency_b, users)  # type: ignore[arg-type]
