"""Experts' comments through the API, with the same rules as the pages: an assigned expert
comments and the region's coordinator is notified; the coordinator resolves and the expert
is notified; the pipeline counts each region's open comments."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.guidance import services
from kotacerdas.guidance.models import Comment
from kotacerdas.notifications.models import Notification

from ..conftest import World
from .factories import cohort, expert, member, session


def _assign(world: World) -> None:
    services.assign_expert(member(world), expert(user=world.users["assessor"]), actor=SYSTEM)


def _comments_url(world: World) -> str:
    return reverse("api:list_guidance_comments", kwargs={"code": world.region.code})


def test_an_expert_comments_the_coordinator_is_told_and_resolves(world: World) -> None:
    _assign(world)
    s = session(world)
    response = world.client("assessor").post(
        _comments_url(world),
        {"text": "Notulen hari kedua belum diunggah", "session_id": s.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["stage"] == "1" and body["session_id"] == s.pk and body["resolved"] is False
    notice = Notification.objects.get(user=world.users["coordinator"])
    assert notice.kind == "guidance.commented"
    assert notice.params["text"] == "Notulen hari kedua belum diunggah"

    coordinator = world.client("coordinator")
    listed = coordinator.get(_comments_url(world)).json()
    assert [c["text"] for c in listed["items"]] == ["Notulen hari kedua belum diunggah"]
    resolve = reverse("api:resolve_guidance_comment", kwargs={"comment_id": body["id"]})
    resolved = coordinator.post(resolve)
    assert resolved.status_code == 200 and resolved.json()["resolved"] is True
    told = Notification.objects.get(user=world.users["assessor"])
    assert told.kind == "guidance.comment_resolved"
    again = coordinator.post(resolve)
    assert again.status_code == 409


def test_an_unassigned_assessor_and_an_empty_comment_are_refused(world: World) -> None:
    member(world)
    response = world.client("assessor").post(
        _comments_url(world), {"text": "Catatan"}, content_type="application/json"
    )
    assert response.status_code == 403
    _assign(world)
    blank = world.client("assessor").post(
        _comments_url(world),
        {"text": "   "},
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    assert blank.status_code == 400
    assert blank.json()["error"]["details"][0]["field"] == "text"
    assert not Comment.objects.exists()
    assert not Notification.objects.exists()


def test_a_session_of_another_region_is_refused(world: World) -> None:
    made = cohort(world, [world.region, world.other_region])
    other = services.schedule_session(
        made.members.get(region=world.other_region),
        actor=SYSTEM,
        data=services.SessionIn(
            title="Bimtek I",
            stage="1",
            starts_on=session(world).starts_on,
            ends_on=session(world).ends_on,
        ),
    ).session
    response = world.client("national_admin").post(
        _comments_url(world),
        {"text": "Catatan", "session_id": other.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_the_comment_list_costs_the_same_for_5_and_50(world: World) -> None:
    _assign(world)
    client = world.client("coordinator")
    counts = []
    for n in (5, 45):
        for i in range(n):
            services.add_comment(member(world), actor=SYSTEM, text=f"Catatan {i}", stage="2")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_comments_url(world), {"limit": 100})
        assert response.status_code == 200
        counts.append(len(queries))
    assert response.json()["count"] == 50
    assert counts[0] == counts[1]


def test_the_pipeline_counts_open_comments_and_the_badge_says_awaiting(world: World) -> None:
    _assign(world)
    made = cohort(world)
    services.add_comment(member(world), actor=world.users["assessor"], text="Lengkapi SWOT")
    done = services.add_comment(member(world), actor=world.users["assessor"], text="Unggah foto")
    services.resolve_comment(done, actor=world.users["coordinator"])
    admin = world.client("national_admin")
    api = admin.get(reverse("api:cohort_pipeline", kwargs={"cohort_id": made.pk})).json()
    assert api["items"][0]["open_comments"] == 1
    admin.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = admin.get(reverse("guidance:pipeline", kwargs={"pk": made.pk})).content.decode()
    assert "1 awaiting a response" in page
    reader = world.client("assessor")
    reader.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    region_page = reader.get(
        reverse("guidance:region_guidance", kwargs={"code": world.region.code})
    ).content.decode()
    assert "Belum ditanggapi" in region_page
    assert "Dibuka" not in region_page
