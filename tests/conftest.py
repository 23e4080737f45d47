"""Personas and reference data shared by every test (STYLE.md §19).

The reference data (552 regions, framework catalogue) is loaded once per test database;
each test runs in a transaction that is rolled back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from pytest_django.plugin import blocking_manager_key

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import ApiToken, Membership, Role, User
from kotacerdas.regions.models import Agency, Region
from kotacerdas.regions.services import activate_region

from . import hypothesis_profiles

hypothesis_profiles.load()

ACTIVE_REGIONS = ("17.71", "13.75")  # Kota Bengkulu and Kota Bukittinggi
PASSWORD = "correct-horse-battery-staple"  # noqa: S105


def _load_reference() -> None:
    call_command("load_reference", stdout=StringIO())
    for code in ACTIVE_REGIONS:
        activate_region(Region.objects.get(code=code), actor=SYSTEM)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        _load_reference()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A transactional test ends by emptying every table, reference data included. Tests are
    usually ordered so that such a test comes last, but a parallel worker that takes over
    another's remaining tests may run more after it: the reference data is loaded again."""
    yield
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        with item.config.stash[blocking_manager_key].unblock():
            _load_reference()


@pytest.fixture(scope="session", autouse=True)
def _static_root(tmp_path_factory: Any) -> None:
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def _media_dir(tmp_path_factory: Any) -> Path:
    return tmp_path_factory.mktemp("media")  # type: ignore[no-any-return]


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings: Any, _media_dir: Path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "id"
    # Every test client builds its own middleware, and WhiteNoise would index each of the
    # ~8,600 static files every time (half the cost of a page in the permission table);
    # in tests it looks a file up when one is asked for.
    settings.WHITENOISE_AUTOREFRESH = True
    # Uploads never land in the working tree; files are served from where they are stored.
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = str(_media_dir)
    # Each test starts with an empty cache: rate-limit counters, cached rankings and rows of an
    # earlier, rolled-back test (which may come back with the same ids) never carry over.
    cache.clear()


# The persona who holds the API token of ``token_client``.
TOKEN_OWNER = "coordinator"


@dataclass
class World:
    """One active region with two agencies, another region, and a user per persona.

    ``token_client`` is not a user of its own: it is an API client that authenticates with
    a personal token of the coordinator (``users["token_client"]`` is the coordinator); the
    token is made when its client is first asked for, so tests that count tokens see none.
    """

    region: Region
    other_region: Region
    province: Region
    agency_a: Agency
    agency_b: Agency
    users: dict[str, User | None]
    _token: str = field(default="", repr=False)

    def client(self, persona: str) -> Client:
        if persona == "token_client":
            return Client(headers={"Authorization": f"Bearer {self.token}"})
        client = Client()
        user = self.users[persona]
        if user is not None:
            client.force_login(user)
        return client

    @property
    def other_province(self) -> Region:
        return self.other_region.province  # type: ignore[return-value]

    @property
    def token(self) -> str:
        """The secret text of the coordinator's API token (``kc_…``)."""
        if not self._token:
            token, self._token = ApiToken.generate(self.users[TOKEN_OWNER], "persona")  # type: ignore[arg-type]
            token.save()
        return self._token


PERSONAS = (
    "national_admin",  # a national_admin membership, no superuser flag
    "coordinator",
    "editor_a",
    "editor_b",
    "council",
    "assessor",
    "province_viewer",
    "other_coordinator",  # coordinator of the other region (another province)
    "other_assessor",  # assessor of the other region only
    "other_province_viewer",  # viewer of the other region's province
    "two_regions",  # coordinator of the other region and editor of agency B here
    "token_client",  # the coordinator's personal API token, no session
    "superuser",  # Django superuser and staff, no membership
    "no_role",
    "anonymous",
)


def make_user(username: str, *memberships: tuple[Role, Region | None, Agency | None]) -> User:
    user = User.objects.create_user(username, f"{username}@example.test", PASSWORD)
    for role, region, agency in memberships:
        Membership.objects.create(user=user, role=role, region=region, agency=agency)
    return user


Grant = tuple[Role, Region | None, Agency | None]


def _make_personas(grants: dict[str, tuple[str, list[Grant]]]) -> dict[str, User]:
    """Users and their memberships in two queries (the world is built for every test)."""
    password = make_password(PASSWORD)
    users = {
        persona: User(username=name, email=f"{name}@example.test", password=password)
        for persona, (name, _grants) in grants.items()
    }
    superuser = users["superuser"]
    superuser.is_superuser = superuser.is_staff = True
    User.objects.bulk_create(users.values())
    Membership.objects.bulk_create(
        Membership(user=users[persona], role=role, region=region, agency=agency)
        for persona, (_name, persona_grants) in grants.items()
        for role, region, agency in persona_grants
    )
    return users


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def build_world() -> World:
    regions = Region.objects.select_related("province").in_bulk(ACTIVE_REGIONS, field_name="code")
    region = regions["17.71"]  # Kota Bengkulu
    other = regions["13.75"]  # Kota Bukittinggi, another province
    agencies = {a.code: a for a in region.agencies.filter(code__in=["diskominfo", "dinkes"])}
    agency_a, agency_b = agencies["diskominfo"], agencies["dinkes"]
    coordinator, editor, assessor, viewer = (
        Role.REGION_COORDINATOR,
        Role.AGENCY_EDITOR,
        Role.ASSESSOR,
        Role.PROVINCE_VIEWER,
    )
    grants: dict[str, tuple[str, list[Grant]]] = {
        "national_admin": ("nadmin", [(Role.NATIONAL_ADMIN, None, None)]),
        "coordinator": ("coord", [(coordinator, region, None)]),
        "editor_a": ("editor_a", [(editor, region, agency_a)]),
        "editor_b": ("editor_b", [(editor, region, agency_b)]),
        "council": ("council", [(Role.COUNCIL_MEMBER, region, None)]),
        "assessor": ("assessor", [(assessor, region, None)]),
        "province_viewer": ("prov", [(viewer, region.province, None)]),
        "other_coordinator": ("other", [(coordinator, other, None)]),
        "other_assessor": ("other_assessor", [(assessor, other, None)]),
        "other_province_viewer": ("other_prov", [(viewer, other.province, None)]),
        "two_regions": ("two", [(coordinator, other, None), (editor, region, agency_b)]),
        "superuser": ("superuser", []),
        "no_role": ("norole", []),
    }
    users: dict[str, User | None] = {**_make_personas(grants), "anonymous": None}
    users["token_client"] = users[TOKEN_OWNER]
    return World(region, other, region.province, agency_a, agency_b, users)  # type: ignore[arg-type]
