"""Every guidance service checks its own permission, whoever calls it.

The services are enumerated from the module, so a new one without a row here fails. Each
row prepares the call (as the system) and names who may make it and the natural outsiders;
an outsider is refused and nothing is written.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import Membership, User
from kotacerdas.guidance import services
from kotacerdas.guidance.checks import AttendanceIn
from kotacerdas.guidance.models import (
    Attendance,
    Cohort,
    CohortRegion,
    Comment,
    Expert,
    ExpertAssignment,
    FollowUp,
    Session,
    SessionFile,
    StagePlan,
)

from ..conftest import World
from .factories import JPEG, closed_campaign, cohort, expert, member, session, session_file

Prepare = Callable[[World], Callable[..., object]]

OTHERS = ("other_coordinator", "other_assessor", "no_role", "superuser")
READERS = ("editor_a", "council", "assessor", "province_viewer")
NATIONAL_OUTSIDERS = ("coordinator", "assessor", "province_viewer", "superuser")


def _assigned_member(w: World) -> CohortRegion:
    """The region's cohort place with the assessor persona assigned as its expert."""
    services.assign_expert(member(w), expert(user=w.users["assessor"]), actor=SYSTEM)
    return member(w)


def _comment(w: World) -> Comment:
    return services.add_comment(_assigned_member(w), actor=SYSTEM, text="Lengkapi SWOT")


@dataclass(frozen=True)
class Case:
    prepare: Prepare
    insider: str
    outsiders: tuple[str, ...]


def _follow_up(w: World) -> FollowUp:
    return services.add_follow_up(
        session(w), actor=SYSTEM, text="Kirim RPJMD", due_on=date(2023, 8, 1)
    )


def _session_in(**fields: Any) -> services.SessionIn:
    return services.SessionIn(
        title="Bimtek Tahap II",
        stage="2",
        starts_on=date(2023, 9, 1),
        ends_on=date(2023, 9, 2),
        **fields,
    )


CASES: dict[str, Case] = {
    "create_cohort": Case(
        lambda w: partial(services.create_cohort, closed_campaign([w.region])),
        "national_admin",
        (*NATIONAL_OUTSIDERS, *OTHERS),
    ),
    "record_cohort": Case(
        lambda w: partial(services.record_cohort, name="Angkatan 2022", year=2022, participants=50),
        "national_admin",
        (*NATIONAL_OUTSIDERS, *OTHERS),
    ),
    "add_cohort_region": Case(
        lambda w: partial(
            services.add_cohort_region,
            services.record_cohort(actor=SYSTEM, name="Angkatan 2022", year=2022, participants=50),
            w.region,
            selected_count=50,
        ),
        "national_admin",
        (*NATIONAL_OUTSIDERS, *OTHERS),
    ),
    "plan_stage": Case(
        lambda w: partial(
            services.plan_stage,
            cohort(w),
            stage="1",
            starts_on=date(2023, 7, 1),
            ends_on=date(2023, 7, 31),
        ),
        "national_admin",
        (*NATIONAL_OUTSIDERS, *OTHERS),
    ),
    "save_expert": Case(
        lambda w: partial(services.save_expert, None, data=services.ExpertIn(name="Ahli Baru")),
        "national_admin",
        (*NATIONAL_OUTSIDERS, *OTHERS),
    ),
    "assign_expert": Case(
        lambda w: partial(services.assign_expert, member(w), expert(user=w.users["no_role"])),
        "national_admin",
        (*NATIONAL_OUTSIDERS, *OTHERS),
    ),
    "schedule_session": Case(
        lambda w: partial(services.schedule_session, member(w), data=_session_in()),
        "coordinator",
        (*READERS, *OTHERS),
    ),
    "update_session": Case(
        lambda w: partial(services.update_session, session(w), data=_session_in(minutes="Notulen")),
        "coordinator",
        (*READERS, *OTHERS),
    ),
    "record_attendance": Case(
        lambda w: partial(
            services.record_attendance,
            session(w),
            rows=[
                AttendanceIn(
                    day=date(2023, 7, 5),
                    group="agency",
                    agency_id=w.agency_a.pk,
                    participant="Kadis",
                )
            ],
        ),
        "coordinator",
        (*READERS, *OTHERS),
    ),
    "add_follow_up": Case(
        lambda w: partial(
            services.add_follow_up, session(w), text="Kirim data", due_on=date(2023, 8, 1)
        ),
        "coordinator",
        (*READERS, *OTHERS),
    ),
    "add_session_file": Case(
        lambda w: partial(
            services.add_session_file,
            session(w),
            kind="photo",
            upload=SimpleUploadedFile("foto.jpg", JPEG),
        ),
        "coordinator",
        (*READERS, *OTHERS),
    ),
    "remove_session_file": Case(
        lambda w: partial(services.remove_session_file, session_file(w)),
        "coordinator",
        (*READERS, *OTHERS),
    ),
    "add_comment": Case(
        lambda w: partial(
            services.add_comment, _assigned_member(w), text="Lengkapi SWOT", stage="1"
        ),
        "assessor",
        ("coordinator", "editor_a", "council", "province_viewer", *OTHERS),
    ),
    "resolve_comment": Case(
        lambda w: partial(services.resolve_comment, _comment(w)),
        "coordinator",
        (*READERS, *OTHERS),
    ),
    "complete_follow_up": Case(
        lambda w: partial(services.complete_follow_up, _follow_up(w)),
        "coordinator",
        (*READERS, *OTHERS),
    ),
}

MODELS = (
    Cohort,
    CohortRegion,
    StagePlan,
    Expert,
    ExpertAssignment,
    Session,
    Attendance,
    FollowUp,
    SessionFile,
    Comment,
)


def _written() -> tuple[object, ...]:
    rows = tuple(
        (model.objects.count(), model.objects.aggregate(v=Sum("version"))["v"]) for model in MODELS
    )
    return (*rows, Membership.objects.count(), LogEntry.objects.count())


def _public_services() -> dict[str, Callable[..., Any]]:
    return {
        name: function
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }


def _actor(world: World, persona: str) -> User:
    user = world.users[persona]
    assert user is not None
    return user


def test_every_service_has_a_case_and_takes_a_required_actor() -> None:
    found = _public_services()
    assert set(found) == set(CASES), "add a row to CASES for each new service"
    for name, function in found.items():
        actor = inspect.signature(function).parameters.get("actor")
        assert actor is not None, name
        assert actor.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert actor.default is inspect.Parameter.empty, name
        assert actor.annotation == "Actor", name


@pytest.mark.parametrize(
    ("name", "persona"), [(name, p) for name, case in CASES.items() for p in case.outsiders]
)
def test_an_outsider_is_refused_and_nothing_is_written(
    world: World, name: str, persona: str
) -> None:
    call = CASES[name].prepare(world)
    before = _written()
    with pytest.raises(PermissionDenied):
        call(actor=_actor(world, persona))
    assert _written() == before


@pytest.mark.parametrize("name", list(CASES))
def test_the_permitted_actor_gets_through(world: World, name: str) -> None:
    call = CASES[name].prepare(world)
    before = _written()
    call(actor=_actor(world, CASES[name].insider))
    assert _written() != before
