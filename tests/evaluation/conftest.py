from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.utils import translation

from ..conftest import World
from ..planning.conftest import english


@pytest.fixture
def en(world: World) -> Callable[[str], Client]:
    """A signed-in client of a persona, with English pages."""
    return lambda persona: english(world, persona)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Service messages are compared in English, whatever an earlier test left active."""
    with translation.override("en"):
        yield
