"""Experts comment on the regions assigned to them; the region's coordinator sees the comments
and resolves them."""

from __future__ import annotations

from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import User
from kotacerdas.guidance import services
from kotacerdas.guidance.models import Comment

from ..conftest import World
from .factories import cohort, expert, member, session


def _assign(world: World) -> None:
    services.assign_expert(member(world), expert(user=world.users["assessor"]), actor=SYSTEM)


def test_an_assigned_expert_comments_and_the_coordinator_resolves(world: World) -> None:
    _assign(world)
    s = session(world)
    ta = world.client("assessor")
    ta.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    region_url = reverse("guidance:region_guidance", kwargs={"code": world.region.code})
    page = ta.get(region_url).content.decode()
    assert reverse("guidance:comment_add", kwargs={"code": world.region.code}) in page
    ta.post(
        reverse("guidance:comment_add", kwargs={"code": world.region.code}),
        {"stage": "2", "text": "Misi belum dipetakan ke tujuan"},
    )
    ta.post(
        reverse("guidance:session_comment_add", kwargs={"pk": s.pk}),
        {"text": "Unggah notulen <b>hari kedua</b>"},
    )
    assert Comment.objects.count() == 2
    on_session = Comment.objects.get(session=s)
    assert on_session.stage == "1" and on_session.created_by == world.users["assessor"]

    coordinator = world.client("coordinator")
    coordinator.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = coordinator.get(region_url).content.decode()
    assert "Misi belum dipetakan ke tujuan" in page
    assert "Unggah notulen &lt;b&gt;hari kedua&lt;/b&gt;" in page  # text stays text
    assert page.count("Mark resolved") == 2
    assert "Add comment" not in page  # the coordinator resolves, the experts comment
    session_page = coordinator.get(reverse("guidance:session_detail", kwargs={"pk": s.pk}))
    assert session_page.content.decode().count('data-testid="comment"') == 1
    response = coordinator.post(
        reverse("guidance:comment_resolve", kwargs={"pk": on_session.pk}), {"back": "session"}
    )
    assert response["Location"] == reverse("guidance:session_detail", kwargs={"pk": s.pk})
    on_session.refresh_from_db()
    assert on_session.resolved_at is not None
    assert on_session.resolved_by == world.users["coordinator"]
    page = coordinator.get(region_url).content.decode()
    assert page.count("Mark resolved") == 1 and "Resolved" in page


def test_an_assessor_not_assigned_as_expert_cannot_comment(world: World) -> None:
    member(world)  # the assessor reads the region but guides nothing here
    response = world.client("assessor").post(
        reverse("guidance:comment_add", kwargs={"code": world.region.code}), {"text": "Catatan"}
    )
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_an_expert_sees_only_the_regions_assigned_to_them(world: World) -> None:
    made = cohort(world, [world.region, world.other_region])
    elsewhere = User.objects.create_user("ahli_lain", password="x")
    services.assign_expert(
        made.members.get(region=world.other_region),
        expert("Ahli Lain", user=elsewhere),
        actor=SYSTEM,
    )
    client = world.client("assessor")
    client.force_login(elsewhere)
    own = reverse("guidance:region_guidance", kwargs={"code": world.other_region.code})
    assert client.get(own).status_code == 200
    other = reverse("guidance:region_guidance", kwargs={"code": world.region.code})
    assert client.get(other).status_code == 404
    response = client.post(
        reverse("guidance:comment_add", kwargs={"code": world.region.code}), {"text": "Catatan"}
    )
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_an_empty_comment_is_refused_with_a_message(world: World) -> None:
    _assign(world)
    client = world.client("assessor")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(
        reverse("guidance:comment_add", kwargs={"code": world.region.code}),
        {"text": "  "},
        follow=True,
    )
    assert "Comment: This field is required." in response.content.decode()
    assert not Comment.objects.exists()
