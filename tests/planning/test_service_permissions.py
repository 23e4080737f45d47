"""Every planning service checks its own permission: called by someone who lacks it, it raises
and writes nothing, whoever calls it (page, API, import or a future worker).

The table below has one row per public function of the planning services; a new service
without a row fails ``test_every_service_has_a_case``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import ModuleType
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils import translation

from kotacerdas.accounts.actors import SYSTEM, Actor
from kotacerdas.planning.exchange import services as exchange
from kotacerdas.planning.exchange.queries import export_programmes
from kotacerdas.planning.exchange.services import ImportRefused
from kotacerdas.planning.masterplans import services as masterplans
from kotacerdas.planning.models import Masterplan, Mission
from kotacerdas.planning.programmes import services as programmes
from kotacerdas.planning.programmes.checks import Attachments
from kotacerdas.planning.quickwins import services as quickwins
from kotacerdas.planning.review import services as review
from kotacerdas.planning.strategy import services as strategy

from ..conftest import World
from . import factories as f
from .exchange.test_exchange import edit, new_programme_row, set_cell

SERVICE_MODULES: tuple[ModuleType, ...] = (
    masterplans,
    strategy,
    programmes,
    quickwins,
    review,
    exchange,
)


@dataclass
class Draft:
    """A draft masterplan of Kota Bengkulu with one of everything; P01 is led by agency A and
    supported by no other agency."""

    world: World
    plan: Masterplan

    def __getattr__(self, name: str) -> Any:
        return getattr(self.world, name)


def _draft(world: World) -> Draft:
    plan = masterplans.create_masterplan(
        world.region, actor=SYSTEM, title="MP", start_year=2025, years=5, framework=f.framework()
    )
    p01 = f.programme(plan, "P01", lead=world.agency_a)
    f.fund(p01)
    f.milestone(p01)
    masterplans.save_team_member(plan, actor=SYSTEM, body="forum", name="Ana")
    masterplans.save_stakeholder(plan, actor=SYSTEM, group="academia", name="UNIB")
    strategy.save_vision(plan, actor=SYSTEM, text="Kota cerdas")
    mission = strategy.save_mission(plan, actor=SYSTEM, text="Layanan digital")
    strategy.save_goal(mission, actor=SYSTEM, text="Perizinan daring")
    strategy.save_policy_direction(plan, actor=SYSTEM, dimension=f.dimension(), text="SPBE")
    programmes.save_ceilings(plan, actor=SYSTEM, ceilings={2025: Decimal(10)})
    review.add_comment(plan, actor=SYSTEM, text="Cek", section="team")
    return Draft(world, Masterplan.objects.get(pk=plan.pk))


def _p01(d: Draft) -> Any:
    return d.plan.programmes.get(code="P01")


def _criteria(d: Draft) -> dict[str, int]:
    return {c.key: c.pk for c in d.plan.quick_win_criteria.all()}


def _export_with(d: Draft, change: Callable[[Any], None]) -> bytes:
    """The masterplan's programme catalogue (in English) with ``change`` made to it."""
    with translation.override("en"):
        return edit(export_programmes(d.plan), change)


def _renamed_p01(d: Draft) -> bytes:
    return _export_with(d, set_cell("Programmes", 2, "Name", "Renamed"))


def _new_row(d: Draft) -> bytes:
    return _export_with(
        d, lambda book: book["Programmes"].append(new_programme_row("P09", lead="diskominfo"))
    )


Call = Callable[[Draft, Actor], object]


@dataclass(frozen=True)
class Case:
    """``call`` runs the service as ``persona``, who lacks the permission, on a masterplan in
    ``status``."""

    service: str
    persona: str
    call: Call
    status: str = "draft"
    raises: type[Exception] = PermissionDenied


CASES = [
    Case(
        "create_masterplan",
        "other_coordinator",
        lambda d, a: masterplans.create_masterplan(
            d.region, actor=a, title="X", start_year=2025, years=5, framework=f.framework()
        ),
    ),
    Case(
        "update_masterplan",
        "council",
        lambda d, a: masterplans.update_masterplan(d.plan, actor=a, opened_version=None, title="X"),
    ),
    Case(
        "save_team_member",
        "editor_a",
        lambda d, a: masterplans.save_team_member(d.plan, actor=a, body="forum", name="X"),
    ),
    Case(
        "delete_team_member",
        "other_coordinator",
        lambda d, a: masterplans.delete_team_member(d.plan.team.get(), actor=a),
    ),
    Case(
        "save_stakeholder",
        "assessor",
        lambda d, a: masterplans.save_stakeholder(d.plan, actor=a, group="media", name="RRI"),
    ),
    Case(
        "delete_stakeholder",
        "editor_b",
        lambda d, a: masterplans.delete_stakeholder(d.plan.stakeholders.get(), actor=a),
    ),
    Case(
        "save_vision",
        "province_viewer",
        lambda d, a: strategy.save_vision(d.plan, actor=a, text="X"),
    ),
    Case(
        "save_mission",
        "editor_a",
        lambda d, a: strategy.save_mission(d.plan, actor=a, text="X"),
    ),
    Case(
        "delete_mission",
        "council",
        lambda d, a: strategy.delete_mission(d.plan.missions.get(), actor=a),
    ),
    Case(
        "save_goal",
        "other_coordinator",
        lambda d, a: strategy.save_goal(d.plan.missions.get(), actor=a, text="X"),
    ),
    Case(
        "delete_goal",
        "assessor",
        lambda d, a: strategy.delete_goal(Mission.objects.get().goals.get(), actor=a),
    ),
    Case(
        "save_policy_direction",
        "editor_b",
        lambda d, a: strategy.save_policy_direction(
            d.plan, actor=a, dimension=f.dimension(), text=""
        ),
    ),
    Case(
        "save_ceilings",
        "editor_a",
        lambda d, a: programmes.save_ceilings(d.plan, actor=a, ceilings={2025: None}),
    ),
    Case(
        "add_comment",
        "province_viewer",
        lambda d, a: review.add_comment(d.plan, actor=a, text="X", programme=_p01(d)),
    ),
    Case(
        "resolve_comment",
        "council",
        lambda d, a: review.resolve_comment(d.plan.comments.get(), actor=a),
    ),
    Case(
        "create_programme",
        "editor_b",
        lambda d, a: programmes.create_programme(
            d.plan,
            actor=a,
            fields={
                "code": "P09",
                "name": "X",
                "dimension": f.dimension(),
                "horizon": "short",
                "start_year": 2025,
                "end_year": 2025,
                "lead_agency": d.agency_a,
            },
        ),
    ),
    Case(
        "update_programme",
        "editor_b",
        lambda d, a: programmes.update_programme(
            _p01(d), actor=a, opened_version=None, fields={"name": "X"}, parts=Attachments()
        ),
    ),
    Case(
        "delete_programme",
        "editor_b",
        lambda d, a: programmes.delete_programme(_p01(d), actor=a),
    ),
    Case(
        "create_milestone",
        "council",
        lambda d, a: programmes.create_milestone(_p01(d), actor=a, name="X", year=2025),
    ),
    Case(
        "delete_milestone",
        "editor_b",
        lambda d, a: programmes.delete_milestone(_p01(d).milestones.get(), actor=a),
    ),
    Case(
        "set_quick_wins",
        "editor_a",
        lambda d, a: quickwins.set_quick_wins(d.plan, actor=a, chosen=[_p01(d).pk]),
    ),
    Case(
        # Scores its agency may give, with a choice only the coordinator makes.
        "save_quick_win_sheet",
        "editor_a",
        lambda d, a: quickwins.save_quick_win_sheet(
            d.plan, actor=a, scores={}, chosen=[_p01(d).pk]
        ),
    ),
    Case(
        "ensure_criteria",
        "other_coordinator",
        lambda d, a: quickwins.ensure_criteria(d.plan, actor=a),
    ),
    Case(
        "save_weights",
        "editor_a",
        lambda d, a: quickwins.save_weights(d.plan, actor=a, weights={"cost": 3.0}),
    ),
    Case(
        "save_ahp",
        "assessor",
        lambda d, a: quickwins.save_ahp(d.plan, actor=a, judgements={("cost", "visibility"): 3}),
    ),
    Case(
        # Agency B neither leads nor supports P01: its editor may not score it.
        "save_scores",
        "editor_b",
        lambda d, a: quickwins.save_scores(
            d.plan, actor=a, scores={(_p01(d).pk, _criteria(d)["cost"]): 4}
        ),
    ),
    Case(
        "submit_for_review",
        "editor_a",
        lambda d, a: review.submit_for_review(d.plan, actor=a, confirm_incomplete=True),
    ),
    Case(
        "return_to_draft",
        "editor_b",
        lambda d, a: review.return_to_draft(d.plan, actor=a, reason="X"),
        status="in_review",
    ),
    Case(
        "approve_masterplan",
        "coordinator",
        lambda d, a: review.approve_masterplan(d.plan, actor=a),
        status="in_review",
    ),
    Case(
        "publish_masterplan",
        "council",
        lambda d, a: review.publish_masterplan(d.plan, actor=a),
        status="approved",
    ),
    Case(
        "record_adoption",
        "council",
        lambda d, a: masterplans.record_adoption(
            d.region,
            actor=a,
            regulation_type="perwal",
            regulation_number="12 Tahun 2024",
            regulation_date=date(2024, 3, 1),
        ),
        status="approved",
    ),
    Case(
        "start_new_draft",
        "assessor",
        lambda d, a: review.start_new_draft(d.plan, actor=a),
        status="published",
    ),
    Case(
        # The import refuses through the programme services, row by row.
        "apply_import",
        "editor_b",
        lambda d, a: exchange.apply_import(d.plan, _renamed_p01(d), actor=a),
        raises=ImportRefused,
    ),
]
# More outsiders where a rule is easy to get wrong.
CASES += [
    Case(
        "record_adoption",
        "other_coordinator",
        lambda d, a: masterplans.record_adoption(
            d.region,
            actor=a,
            regulation_type="perwal",
            regulation_number="12 Tahun 2024",
            regulation_date=date(2024, 3, 1),
        ),
        status="published",
    ),
    Case(
        "queue_import",
        "council",
        lambda d, a: exchange.queue_import(d.plan, _renamed_p01(d), actor=a),
    ),
    Case(
        "apply_import",
        "editor_b",
        lambda d, a: exchange.apply_import(d.plan, _new_row(d), actor=a),
        raises=ImportRefused,
    ),
    Case(
        "approve_masterplan",
        "national_admin",
        lambda d, a: review.approve_masterplan(d.plan, actor=a),
        status="in_review",
    ),
    Case(
        "add_comment",
        "editor_a",
        lambda d, a: review.add_comment(d.plan, actor=a, text="X", section="strategy"),
    ),
]


def _services() -> set[str]:
    return {
        name
        for module in SERVICE_MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }


def _everything() -> list[Any]:
    """Every row of every planning table and the audit trail, read afresh from the database."""
    rows = [
        list(model._default_manager.order_by("pk").values())
        for model in apps.get_app_config("planning").get_models()
    ]
    return [*rows, LogEntry.objects.count()]


def test_every_service_has_a_case() -> None:
    missing = _services() - {case.service for case in CASES}
    assert not missing, f"services without a permission case: {sorted(missing)}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.service}-{c.persona}")
def test_a_service_refuses_who_lacks_the_permission(world: World, case: Case) -> None:
    draft = _draft(world)
    Masterplan.objects.filter(pk=draft.plan.pk).update(status=case.status)
    draft.plan.refresh_from_db()
    actor = world.users[case.persona]
    assert actor is not None
    before = _everything()
    with pytest.raises(case.raises):
        case.call(draft, actor)
    assert _everything() == before
