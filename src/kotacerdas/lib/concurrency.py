"""Detects a concurrent edit: the version a form was opened with must still be current."""

from __future__ import annotations

from django.utils.translation import gettext as _


class ConcurrentEditError(Exception):
    """Someone else saved the object after this user opened it."""

    def __init__(self, current: object) -> None:
        self.current = current
        super().__init__(
            _(
                "Someone else changed this record after you opened it. "
                "Review the current values below and save again."
            )
        )


def check_version(obj: object, opened_version: int | None) -> None:
    """Raise ``ConcurrentEditError`` when ``obj`` moved on since ``opened_version``."""
    if opened_version is not None and getattr(obj, "version", None) != opened_version:
        raise ConcurrentEditError(obj)
