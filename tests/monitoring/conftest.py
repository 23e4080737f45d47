"""Fixtures of the monitoring tests: English pages for the personas (``en``)."""

from ..planning.conftest import coordinator, en  # noqa: F401
