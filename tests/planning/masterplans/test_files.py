"""The masterplan's regulation file and the team's decree files: uploaded through the one
upload check under generated names, served only by the views that check the masterplan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kotacerdas.planning.models import Masterplan, TeamMember

from ...conftest import World
from .. import factories as f

PDF = b"%PDF-1.4\n% a regulation\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SENDFILE_ROOT = str(tmp_path)


def _pdf(name: str = "Perwal 12 tahun 2025.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _regulation(plan: Masterplan, w: World) -> str:
    """The coordinator uploads the regulation on the masterplan's edit page."""
    edit = reverse("planning:masterplan_edit", kwargs={"pk": plan.pk})
    data = {"title": plan.title, "start_year": 2025, "years": 5, "version": plan.version}
    extra = {"regulation_type": "perwal", "regulation_number": "12", "regulation_file": _pdf()}
    assert w.client("coordinator").post(edit, {**data, **extra}).status_code == 302
    return reverse("planning:masterplan_regulation", kwargs={"pk": plan.pk})


def _decree(plan: Masterplan, w: World) -> str:
    """The coordinator adds a council member with the decree appointing them."""
    data = {"body": "council", "name": "Helmi Hasan", "decree_number": "100/45"}
    create = reverse("planning:team_create", kwargs={"pk": plan.pk})
    response = w.client("coordinator").post(create, {**data, "decree_file": _pdf("SK.pdf")})
    assert response.status_code == 302
    member = TeamMember.objects.get(masterplan=plan)
    return reverse("planning:team_decree", kwargs={"pk": plan.pk, "member": member.pk})


@dataclass(frozen=True)
class Stored:
    """A kind of stored file: how it gets there, where it is stored, the page linking it."""

    name: str
    upload: Callable[[Masterplan, World], str]
    stored: Callable[[Masterplan], Any]
    page: str


FILES = [
    Stored("regulation", _regulation, lambda plan: plan.regulation_file, "masterplan_detail"),
    Stored("decree", _decree, lambda plan: plan.team.get().decree_file, "team_list"),
]
# An anonymous visitor is sent to log in (as for every page and file); another region's
# user learns nothing.
FETCHES = [("anonymous", 302), ("other_coordinator", 404), ("council", 200)]


@pytest.mark.parametrize("kind", FILES, ids=lambda k: k.name)
@pytest.mark.parametrize(("persona", "status"), FETCHES)
def test_a_file_is_served_only_to_those_who_may_read_the_masterplan(
    world: World, kind: Stored, persona: str, status: int
) -> None:
    plan = f.masterplan(world)
    url = kind.upload(plan, world)
    response = world.client(persona).get(url)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    if status != 200:
        assert PDF not in response.getvalue()
        return
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.getvalue() == PDF


@pytest.mark.parametrize("kind", FILES, ids=lambda k: k.name)
def test_a_file_is_stored_under_a_generated_name_and_linked_to_its_view(
    world: World, kind: Stored
) -> None:
    plan = f.masterplan(world)
    url = kind.upload(plan, world)
    stored = kind.stored(Masterplan.objects.get(pk=plan.pk))
    assert stored.name.startswith("planning/") and "Perwal" not in stored.name
    assert not stored.name.endswith("SK.pdf")
    page = world.client("council").get(reverse(f"planning:{kind.page}", kwargs={"pk": plan.pk}))
    body = page.content.decode()
    assert url in body
    assert stored.name not in body and settings.MEDIA_URL not in body


def test_the_edit_form_links_the_stored_file_to_its_view(world: World) -> None:
    plan = f.masterplan(world)
    url = _regulation(plan, world)
    page = world.client("coordinator").get(
        reverse("planning:masterplan_edit", kwargs={"pk": plan.pk})
    )
    body = page.content.decode()
    assert f'href="{url}"' in body and settings.MEDIA_URL not in body


def test_a_team_member_without_a_decree_has_no_file(world: World) -> None:
    plan = f.masterplan(world)
    member = TeamMember.objects.create(masterplan=plan, body="forum", name="Ana")
    url = reverse("planning:team_decree", kwargs={"pk": plan.pk, "member": member.pk})
    assert world.client("coordinator").get(url).status_code == 404


def test_a_file_that_is_not_what_its_name_says_is_refused(world: World) -> None:
    plan = f.masterplan(world)
    create = reverse("planning:team_create", kwargs={"pk": plan.pk})
    fake = SimpleUploadedFile("SK.pdf", b"MZ not a pdf", content_type="application/pdf")
    client = world.client("coordinator")
    client.post(reverse("set_language"), {"language": "en"})
    response = client.post(create, {"body": "council", "name": "X", "decree_file": fake})
    assert response.status_code == 200
    assert "does not contain what its name says" in response.content.decode()
    assert not TeamMember.objects.filter(masterplan=plan).exists()
