"""The SPBE indicators each programme raises are part of the masterplan's versions: frozen
with an approved version, compared with the draft, and versions frozen before still
compare."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation import spbe_services
from kotacerdas.evaluation.spbe_models import SpbeIndicator
from kotacerdas.evaluation.spbe_programmes import current_instrument
from kotacerdas.planning.models import Masterplan
from kotacerdas.planning.review import services as review
from kotacerdas.planning.review.models import MasterplanVersion
from kotacerdas.planning.review.queries import compare_versions
from kotacerdas.planning.review.snapshot import take_snapshot

from ..conftest import World
from ..monitoring.factories import plan_with_programme
from ..planning import factories as pf

pytestmark = pytest.mark.django_db


def _indicator(number: int) -> SpbeIndicator:
    instrument = current_instrument()
    assert instrument is not None
    return instrument.indicators.get(number=number)


def _label(number: int, language: str = "id") -> str:
    found = _indicator(number)
    return f"{found.instrument.code} {number}. {getattr(found, f'name_{language}')}"


def _approve_and_redraft(plan: Masterplan) -> None:
    review.submit_for_review(plan, actor=SYSTEM, confirm_incomplete=True)
    review.approve_masterplan(plan, actor=SYSTEM)
    review.start_new_draft(plan, actor=SYSTEM)


def _compare_url(plan: Masterplan) -> str:
    return reverse("planning:version_compare", kwargs={"pk": plan.pk}) + "?a=1&b=current"


def test_a_version_keeps_the_tags_and_the_comparison_shows_their_change(world: World) -> None:
    plan, programme = plan_with_programme(world, status="draft")
    spbe_services.set_programme_spbe_tags(
        programme, actor=SYSTEM, indicators=[_indicator(3), _indicator(11)]
    )
    _approve_and_redraft(plan)
    frozen = MasterplanVersion.objects.get(masterplan=plan, number=1).snapshot
    assert frozen["spbe"] == {
        str(programme.pk): {
            "programme": f"{programme.code} {programme.name}",
            "indicators": [_label(3), _label(11)],
            "indicators_en": [_label(3, "en"), _label(11, "en")],
        }
    }
    spbe_services.set_programme_spbe_tags(
        programme, actor=SYSTEM, indicators=[_indicator(11), _indicator(12)]
    )
    [section] = [s for s in compare_versions(plan, frozen, None) if s.section == "spbe"]
    [change] = section.changed
    assert change.gained == [_label(12)] and change.lost == [_label(3)]
    page = world.client("coordinator").get(_compare_url(plan)).content.decode()
    assert _indicator(12).name_id in page and _indicator(3).name_id in page


def test_a_version_frozen_before_the_tags_were_versioned_still_compares(world: World) -> None:
    plan, programme = plan_with_programme(world, status="draft")
    spbe_services.set_programme_spbe_tags(programme, actor=SYSTEM, indicators=[_indicator(5)])
    old = take_snapshot(plan)
    del old["spbe"]
    sections = {s.section: s for s in compare_versions(plan, old, None)}
    assert sections["spbe"].added == [f"{programme.code} {programme.name}"]
    assert sections["programmes"].is_empty


def _compare_page(world: World, plan: Masterplan, language: str) -> str:
    client = world.client("coordinator")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    response = client.get(_compare_url(plan), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_the_comparison_names_the_indicators_in_the_readers_language(world: World) -> None:
    plan, programme = plan_with_programme(world, status="draft")
    spbe_services.set_programme_spbe_tags(
        programme, actor=SYSTEM, indicators=[_indicator(3), _indicator(11)]
    )
    _approve_and_redraft(plan)
    spbe_services.set_programme_spbe_tags(
        programme, actor=SYSTEM, indicators=[_indicator(11), _indicator(12)]
    )
    for number in (3, 12):
        assert _indicator(number).name_en != _indicator(number).name_id
    english = _compare_page(world, plan, "en")
    assert _label(12, "en") in english and _label(3, "en") in english
    assert _indicator(12).name_id not in english and _indicator(3).name_id not in english
    assert "indicators_en" not in english  # kept in the snapshot, never shown as a change
    indonesian = _compare_page(world, plan, "id")
    assert _label(12) in indonesian and _label(3) in indonesian
    assert _indicator(12).name_en not in indonesian


def test_a_version_frozen_with_only_the_indonesian_names_shows_them_in_english(
    world: World,
) -> None:
    plan, programme = plan_with_programme(world, status="draft")
    spbe_services.set_programme_spbe_tags(programme, actor=SYSTEM, indicators=[_indicator(3)])
    _approve_and_redraft(plan)
    version = MasterplanVersion.objects.get(masterplan=plan, number=1)
    snapshot = version.snapshot
    for row in snapshot["spbe"].values():
        del row["indicators_en"]  # as versions frozen before both names were kept
    MasterplanVersion.objects.filter(pk=version.pk).update(snapshot=snapshot)  # immutable
    spbe_services.set_programme_spbe_tags(programme, actor=SYSTEM, indicators=[_indicator(12)])
    english = _compare_page(world, plan, "en")
    assert _label(3) in english  # the stored (Indonesian) label of the old version
    assert _label(12, "en") in english  # the new draft's indicator in English
    assert "indicators_en" not in english


def _compare_queries(world: World, region: Any, coordinator: str, count: int) -> int:
    plan = pf.masterplan(world, region=region)
    lead = region.agencies.first()
    for i in range(count):
        programme = pf.programme(plan, f"G{i:02d}", lead=lead)
        pf.fund(programme, amount=1_000_000 + i)
        spbe_services.set_programme_spbe_tags(
            programme, actor=SYSTEM, indicators=[_indicator(i + 1), _indicator(i + 2)]
        )
    _approve_and_redraft(plan)
    client = world.client(coordinator)
    client.get(_compare_url(plan))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_compare_url(plan)).status_code == 200
    return len(queries)


def test_the_comparison_with_tags_costs_the_same_however_many(world: World) -> None:
    small = _compare_queries(world, world.region, "coordinator", 1)
    large = _compare_queries(world, world.other_region, "other_coordinator", 12)
    assert small == large <= 15
