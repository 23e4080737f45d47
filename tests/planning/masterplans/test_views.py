"""Pages of masterplans, their team and stakeholders."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kotacerdas.planning.models import (
    Masterplan,
    Stakeholder,
    TeamMember,
)

from ...conftest import World
from .. import factories as f


def test_drafts_never_leak_to_other_regions(world: World) -> None:
    f.masterplan(world, title="Secret draft")
    f.masterplan(world, title="Published plan", status="published")
    url = reverse("planning:masterplan_list", kwargs={"code": world.region.code})
    page = world.client("other_coordinator").get(url).content.decode()
    assert "Published plan" in page and "Secret draft" not in page
    page = world.client("council").get(url).content.decode()
    assert "Published plan" in page and "Secret draft" in page


def test_cycle_stage_goes_to_the_current_masterplan(world: World) -> None:
    client = world.client("editor_a")
    url = reverse("planning:team_current", kwargs={"code": world.region.code})
    assert client.get(url)["Location"] == reverse(
        "planning:masterplan_list", kwargs={"code": world.region.code}
    )
    plan = f.masterplan(world)
    assert client.get(url)["Location"] == reverse("planning:team_list", kwargs={"pk": plan.pk})


def test_create_and_edit_masterplan(world: World, en: Any) -> None:
    client = en("coordinator")
    response = client.post(
        reverse("planning:masterplan_create", kwargs={"code": world.region.code}),
        {"title": "MP 2025", "start_year": 2025, "years": 5, "framework": f.framework().pk},
    )
    plan = Masterplan.objects.get(title="MP 2025")
    assert response["Location"] == plan.get_absolute_url()
    edit = reverse("planning:masterplan_edit", kwargs={"pk": plan.pk})
    data = {"title": "MP 2025–2029", "start_year": 2025, "years": 5, "version": plan.version}
    assert client.post(edit, data).status_code == 302
    stale = client.post(edit, {**data, "title": "Stale"}).content.decode()
    assert 'data-testid="conflict"' in stale and "MP 2025–2029" in stale
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("perwal.pdf", b"MZ not a pdf", content_type="application/pdf")
    plan.refresh_from_db()
    bad = client.post(edit, {**data, "version": plan.version, "regulation_file": fake})
    assert "does not contain what its name says" in bad.content.decode()


def test_team_pages(world: World, coordinator: Any) -> None:
    plan = f.masterplan(world)
    url = reverse("planning:team_create", kwargs={"pk": plan.pk})
    response = coordinator.post(
        url,
        {
            "body": "council",
            "name": "Helmi Hasan",
            "position": "Wali Kota",
            "agency": world.agency_a.pk,
            "role_in_body": "Pembina",
        },
    )
    assert response.status_code == 302
    member = TeamMember.objects.get(masterplan=plan)
    page = coordinator.get(reverse("planning:team_list", kwargs={"pk": plan.pk})).content.decode()
    assert "Helmi Hasan" in page and "Pembina" in page
    edit = reverse("planning:team_edit", kwargs={"pk": plan.pk, "member": member.pk})
    assert coordinator.get(edit).status_code == 200
    stale = coordinator.post(
        edit, {"body": "council", "name": "Other", "version": member.version + 5}
    )
    assert 'data-testid="conflict"' in stale.content.decode()
    assert (
        coordinator.post(
            edit, {"body": "forum", "name": "Helmi", "version": member.version}
        ).status_code
        == 302
    )
    missing = reverse("planning:team_edit", kwargs={"pk": plan.pk, "member": 999999})
    assert coordinator.get(missing).status_code == 404
    coordinator.post(reverse("planning:team_delete", kwargs={"pk": plan.pk, "member": member.pk}))
    assert not TeamMember.objects.filter(masterplan=plan).exists()
    assert "body" in coordinator.post(url, {"name": "No body"}).content.decode()


def test_stakeholder_pages(world: World, coordinator: Any) -> None:
    plan = f.masterplan(world)
    url = reverse("planning:stakeholder_create", kwargs={"pk": plan.pk})
    data = {"group": "academia", "name": "Universitas Bengkulu", "email": "lppm@unib.ac.id"}
    assert coordinator.post(url, data).status_code == 302
    duplicate = coordinator.post(url, data)
    assert duplicate.status_code == 200
    s = Stakeholder.objects.get(masterplan=plan)
    p = f.programme(plan, "G01")
    p.partners.add(s)
    page = coordinator.get(
        reverse("planning:stakeholder_list", kwargs={"pk": plan.pk})
    ).content.decode()
    assert "Universitas Bengkulu" in page and "G01" in page
    edit = reverse("planning:stakeholder_edit", kwargs={"pk": plan.pk, "stakeholder": s.pk})
    assert coordinator.get(edit).status_code == 200
    assert (
        'data-testid="conflict"'
        in coordinator.post(edit, {**data, "version": s.version + 1}).content.decode()
    )
    assert (
        coordinator.post(edit, {**data, "phone": "0736", "version": s.version}).status_code == 302
    )
    coordinator.post(
        reverse("planning:stakeholder_delete", kwargs={"pk": plan.pk, "stakeholder": s.pk})
    )
    assert not Stakeholder.objects.filter(masterplan=plan).exists()
