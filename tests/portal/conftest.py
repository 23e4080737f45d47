"""Fixtures of the portal tests: the published region with its draft-only markers."""

from __future__ import annotations

import pytest

from ..conftest import World
from .factories import Published, published_region


@pytest.fixture
def published(world: World) -> Published:
    return published_region(world)
