"""Rows of the permission matrix (tests/test_permissions.py) for the readiness module."""

from __future__ import annotations

from ..permissions import Route

ROUTES: list[Route] = []
