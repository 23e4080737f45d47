from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from ..conftest import World
from ..planning.conftest import english


@pytest.fixture
def en(world: World) -> Callable[[str], Client]:
    """A signed-in client of a persona, with English pages."""
    return lambda persona: english(world, persona)
