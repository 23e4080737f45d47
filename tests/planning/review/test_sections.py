"""The hooks planning offers to the apps above it: a registered snapshot section is frozen and
compared like planning's own, a registered gap check is listed before submitting, a status
listener hears of publication (monitoring's registrations are tested in tests/monitoring)."""

from __future__ import annotations

from typing import Any

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.planning.models import Masterplan
from kotacerdas.planning.review import sections
from kotacerdas.planning.review import services as review
from kotacerdas.planning.review.queries import compare_versions, submission_gaps
from kotacerdas.planning.review.snapshot import take_snapshot

from ...conftest import World
from .. import factories as f


def test_a_registered_section_is_snapshotted_and_compared(world: World, monkeypatch: Any) -> None:
    monkeypatch.setattr(sections, "_sections", {})
    names = {"value": "Before"}
    sections.register_section(
        "extra",
        "Extra things",
        lambda plan: {"1": {"name": names["value"], "things": ["a"]}},
        field_labels={"things": "things kept"},
    )
    plan = f.masterplan(world)
    old = take_snapshot(plan)
    assert old["extra"] == {"1": {"name": "Before", "things": ["a"]}}
    names["value"] = "After"
    [extra] = [s for s in compare_versions(plan, old, None) if s.section == "extra"]
    assert str(extra.label) == "Extra things"
    [change] = extra.changed
    assert (change.old, change.new) == ("Before", "After")


def test_a_registered_gap_check_and_status_listener(world: World, monkeypatch: Any) -> None:
    monkeypatch.setattr(sections, "_gap_checks", {})
    monkeypatch.setattr(sections, "_status_listeners", {})
    heard: list[str] = []
    sections.register_gap_check(
        "extra", "Something missing", lambda plan: [("Thing", "/fix/")], lambda plan: "/all/"
    )
    sections.register_status_listener("test", lambda plan: heard.append(plan.status))
    plan = f.masterplan(world)
    [gap] = [g for g in submission_gaps(plan) if g.key == "extra"]
    assert (gap.title, gap.fix_url, gap.items) == (
        "Something missing",
        "/all/",
        [("Thing", "/fix/")],
    )
    f.programme(plan, "P01", lead=world.agency_a)
    review.submit_for_review(plan, actor=SYSTEM, confirm_incomplete=True)
    review.approve_masterplan(plan, actor=SYSTEM)
    review.publish_masterplan(plan, actor=SYSTEM)
    review.start_new_draft(plan, actor=SYSTEM)
    assert heard == [Masterplan.Status.PUBLISHED, Masterplan.Status.DRAFT]
