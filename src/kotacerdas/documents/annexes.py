"""Annexes of the masterplan document that a higher app of the same tier provides.

The public consultation lives in ``portal``, which already reads this app (its public pages
list the published documents through ``documents.queries``): ``documents`` importing
``portal`` back would make the two depend on each other. So ``portal`` registers a provider
here when it starts (``PortalConfig.ready``), and the document asks the registry; without a
provider the annex says no consultation was held.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ConsultationPeriod:
    title: str
    period: str  # "1 Maret 2026 – 31 Maret 2026", in the document's language


@dataclass(frozen=True)
class ConsultationChange:
    """A published aspiration and the programme it changed (no name, no contact)."""

    consultation: str
    text: str
    answer: str
    programme: str  # "P01 Layanan terpadu"


@dataclass(frozen=True)
class ConsultationAnnex:
    periods: list[ConsultationPeriod] = field(default_factory=list)
    changes: list[ConsultationChange] = field(default_factory=list)


ConsultationProvider = Callable[[Any], ConsultationAnnex]
_consultation: list[ConsultationProvider] = []


def provide_consultation(provider: ConsultationProvider) -> None:
    """Register the function that reads a masterplan's consultation annex (one only)."""
    _consultation[:] = [provider]


def consultation_of(masterplan: Any) -> ConsultationAnnex:
    """The consultation annex of ``masterplan``; empty when no app provides one."""
    if not _consultation:
        return ConsultationAnnex()
    return _consultation[0](masterplan)
