"""Review notices written before the notifications app existed are carried over."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import World
from tests.planning import factories as f

BEFORE = [("planning", "0004_regulation_and_decree_files_named_by_the_upload_module")]
AFTER = [("planning", "0006_notices_move_to_the_notifications_app")]


@pytest.mark.django_db(transaction=True)
def test_old_review_notices_become_notifications_with_their_time_and_read_state(
    world: World,
) -> None:
    try:
        _carry_over(world)
    finally:  # the schema every later test on this database expects
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _carry_over(world: World) -> None:
    plan = f.masterplan(world)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps: Any = executor.loader.project_state(BEFORE).apps
    Old = old_apps.get_model("planning", "Notification")
    council = world.users["council"]
    assert council is not None
    first = Old.objects.create(
        user_id=council.pk,
        masterplan_id=plan.pk,
        kind="returned",
        actor_name="Rina",
        note="Add funding",
    )
    Old.objects.filter(pk=first.pk).update(created="2026-01-02T03:04:05Z")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    from kotacerdas.notifications.models import Notification

    (notice,) = Notification.objects.filter(user=council)
    assert notice.kind == "planning.returned"
    assert notice.params == {"title": plan.title, "who": "Rina", "note": "Add funding"}
    assert notice.created.year == 2026 and notice.created.month == 1
    assert notice.read_at is None
    assert notice.url == plan.get_absolute_url()
    assert "Rina" in notice.text and "Add funding" in notice.text
