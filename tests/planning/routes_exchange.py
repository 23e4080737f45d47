"""Permission rows for the Excel round trip of the programme catalogue.

Anyone who may read the masterplan downloads the catalogue; the coordinator and the region's
agency editors (who add programmes) may upload one, while the masterplan is a draft.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from ..conftest import World
from ..permissions import EDITORS_B, LOGIN, Route, members
from . import factories as f

OUTSIDERS = {"other_coordinator": 404, "no_role": 404, "anonymous": LOGIN}
IMPORTERS = ("national_admin", "coordinator", "editor_a", *EDITORS_B)


def _url(name: str, status: str = "draft") -> Callable[[World], str]:
    def url(w: World) -> str:
        plan = f.masterplan(w, status=status)
        programme = f.programme(plan, "P01", lead=w.agency_a)
        f.support(programme, w.agency_b)
        f.fund(programme)
        return reverse(name, kwargs={"pk": plan.pk})

    return url


ROUTES: list[Route] = [
    Route("planning:programme_export", _url("planning:programme_export"), members()),
    Route(
        "planning:programme_import",
        _url("planning:programme_import"),
        {**members(403), **dict.fromkeys(IMPORTERS, 200), **OUTSIDERS},
    ),
    Route(
        "planning:programme_import",
        _url("planning:programme_import", "approved"),
        {**members(403), **dict.fromkeys(IMPORTERS, 409), **OUTSIDERS},  # the state refuses
        label="no import into an approved masterplan",
    ),
    Route(
        "planning:programme_import",
        _url("planning:programme_import"),
        {**members(403), **dict.fromkeys(IMPORTERS, 400), **OUTSIDERS},
        method="post",
        label="upload without a file",
    ),
]
