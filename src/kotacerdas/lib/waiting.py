"""What waits for a user, as each app reports it to the home page.

Every app that has work for someone offers ``queries.waiting_for(user)`` returning ``Waiting``
rows; the home page (``config.views.home``) groups them by region. Each app words its own rows
(in the reader's language) and keeps its query count fixed whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Waiting:
    """One piece of work: what it is (``text``), how many, and the page where it is done.
    ``region_id`` is ``None`` for national work (campaigns)."""

    region_id: int | None
    kind: str
    text: str
    url: str
    count: int = 1
