"""Comments on a masterplan's sections and programmes, and their resolution."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.planning.models import Programme
from kotacerdas.planning.review import services as review

from ...conftest import World
from .. import factories as f


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def test_comments(world: World) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    f.support(p, world.agency_b)
    p = Programme.objects.prefetch_related("supports").get(pk=p.pk)
    review.add_comment(plan, actor=world.users["editor_b"], text="Siap", programme=p)
    review.add_comment(plan, actor=world.users["council"], text="Perjelas visi", section="strategy")
    with pytest.raises(PermissionDenied):
        review.add_comment(plan, actor=world.users["province_viewer"], text="x", programme=p)
    with pytest.raises(PermissionDenied):
        review.add_comment(plan, actor=world.users["editor_a"], text="x", section="strategy")
    with pytest.raises(ValidationError):
        review.add_comment(plan, actor=world.users["council"], text="  ")
    comment = review.add_comment(plan, actor=SYSTEM, text="x", section="team")
    assert review.resolve_comment(comment, actor=SYSTEM).resolved_at is not None
    assert plan.comments.count() == 3


def test_comments_and_resolution(world: World, en: Any) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    f.support(p, world.agency_b)
    url = reverse("planning:comment_create", kwargs={"pk": plan.pk}) + f"?programme={p.pk}"
    assert en("editor_b").post(url, {"section": "programmes", "text": "Siap"}).status_code == 302
    comment = plan.comments.get()
    en("coordinator").post(
        reverse("planning:comment_resolve", kwargs={"pk": plan.pk, "comment": comment.pk})
    )
    comment.refresh_from_db()
    assert comment.resolved_at is not None
    page = en("assessor").get(p.get_absolute_url()).content.decode()
    assert "Siap" in page and "resolved" in page


def test_comments_on_a_section_show_on_its_page(world: World) -> None:
    plan = f.masterplan(world)
    council = world.client("council")
    url = reverse("planning:comment_create", kwargs={"pk": plan.pk})
    assert (
        council.post(url, {"section": "strategy", "text": "Visi terlalu umum"}).status_code == 302
    )
    strategy = council.get(reverse("planning:strategy_detail", kwargs={"pk": plan.pk}))
    assert "Visi terlalu umum" in strategy.content.decode()
    team = council.get(reverse("planning:team_list", kwargs={"pk": plan.pk}))
    assert "Visi terlalu umum" not in team.content.decode()
    editor = world.client("editor_a").get(
        reverse("planning:strategy_detail", kwargs={"pk": plan.pk})
    )
    assert url not in editor.content.decode()  # agency editors comment on programmes only
