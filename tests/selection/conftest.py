from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from kotacerdas.selection import queries


@pytest.fixture(autouse=True)
def _media_and_cache(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = str(tmp_path / "media")
    cache.clear()
    queries._recent.clear()
    yield
    cache.clear()
