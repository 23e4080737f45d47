"""Every regions service checks its own permission (issue 8 item 1)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import Membership
from kotacerdas.regions import services
from kotacerdas.regions.models import Agency, Region

from ..accounts.service_cases import (
    Case,
    assert_allowed,
    assert_refused,
    outsider_params,
    public_functions,
)
from ..conftest import World

# Everyone but the region's coordinator and the programme office.
OUTSIDERS = ("other_coordinator", "editor_a", "editor_b", "council", "assessor", "province_viewer")


def _agency_state(w: World, agency: Agency) -> tuple[object, ...]:
    current = Agency.objects.get(pk=agency.pk)
    return current.name, current.retired_at, current.merged_into_id, current.version


def _retired_b(w: World) -> Agency:
    return services.retire_agency(w.agency_b, actor=SYSTEM)


def _merge_state(w: World, pair: tuple[Agency, Agency]) -> tuple[object, ...]:
    editor = Membership.objects.get(user=w.users["editor_b"])
    return _agency_state(w, pair[0]), editor.agency_id


CASES: dict[str, Case] = {
    "set_time_zone": Case(
        prepare=lambda w: w.region,
        call=lambda w, region, actor: services.set_time_zone(
            region, actor=actor, time_zone=Region.TimeZone.WITA
        ),
        state=lambda w, region: Region.objects.get(pk=region.pk).time_zone,
        insider="national_admin",
        outsiders=("coordinator", *OUTSIDERS, "no_role"),
    ),
    "activate_region": Case(
        prepare=lambda w: Region.objects.get(code="13.06"),  # not yet in the programme
        call=lambda w, region, actor: services.activate_region(region, actor=actor),
        state=lambda w, region: (
            Region.objects.get(pk=region.pk).is_active,
            Agency.objects.filter(region=region).count(),
        ),
        insider="national_admin",
        outsiders=("coordinator", *OUTSIDERS, "no_role"),
    ),
    "create_agency": Case(
        prepare=lambda w: w.region,
        call=lambda w, region, actor: services.create_agency(
            region, actor=actor, name="Kecamatan Ratu Agung", acronym="", kind="kecamatan"
        ),
        state=lambda w, region: Agency.objects.filter(region=region).count(),
        insider="coordinator",
        outsiders=OUTSIDERS,
    ),
    "update_agency": Case(
        prepare=lambda w: w.agency_b,
        call=lambda w, agency, actor: services.update_agency(
            agency, actor=actor, opened_version=None, name="Dinas Kesehatan Kota"
        ),
        state=_agency_state,
        insider="coordinator",
        outsiders=OUTSIDERS,
    ),
    "retire_agency": Case(
        prepare=lambda w: w.agency_b,
        call=lambda w, agency, actor: services.retire_agency(agency, actor=actor),
        state=_agency_state,
        insider="coordinator",
        outsiders=OUTSIDERS,
    ),
    "reinstate_agency": Case(
        prepare=_retired_b,
        call=lambda w, agency, actor: services.reinstate_agency(agency, actor=actor),
        state=_agency_state,
        insider="coordinator",
        outsiders=OUTSIDERS,
    ),
    "merge_agencies": Case(
        prepare=lambda w: (w.agency_b, w.agency_a),
        call=lambda w, pair, actor: services.merge_agencies(*pair, actor=actor),
        state=_merge_state,
        insider="coordinator",
        outsiders=OUTSIDERS,
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


def test_a_merge_into_another_regions_agency_is_refused_to_its_coordinator(world: World) -> None:
    """Both agencies are checked: the other region's coordinator may not pull one in."""
    foreign = world.other_region.agencies.first()
    assert foreign is not None
    with pytest.raises(PermissionDenied):
        services.merge_agencies(foreign, world.agency_a, actor=world.users["other_coordinator"])
    assert Agency.objects.get(pk=foreign.pk).merged_into is None
