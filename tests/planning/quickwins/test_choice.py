"""Choosing the quick wins."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.planning.quickwins.services import set_quick_wins

from ...conftest import World
from .. import factories as f


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def test_quick_wins_are_marked(world: World) -> None:
    plan = f.masterplan(world)
    a, b = f.programme(plan, "A"), f.programme(plan, "B")
    assert set_quick_wins(plan, actor=SYSTEM, chosen=[a.pk]) == 1
    assert set_quick_wins(plan, actor=SYSTEM, chosen=[b.pk]) == 2
    assert list(plan.programmes.filter(is_quick_win=True)) == [b]
