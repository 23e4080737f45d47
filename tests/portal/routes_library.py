"""Rows of the permission matrix (tests/test_permissions.py) for the national programme
library: the search and a programme are public; copying takes a region coordinator's
membership (with a draft to copy into)."""

from __future__ import annotations

from django.urls import reverse

from kotacerdas.planning.models import Masterplan, Programme

from ..conftest import World
from ..permissions import LOGIN, PEOPLE, Route, public
from ..planning.factories import masterplan, programme, support
from .routes_consultation import draft


def published_programme(w: World) -> Programme:
    """Kota Bukittinggi's published programme TM01 (tele-medicine, led by Dinkes)."""
    found = Programme.objects.filter(
        masterplan__region=w.other_region, masterplan__status="published"
    ).first()
    if found is not None:
        return found
    agencies = {a.code: a for a in w.other_region.agencies.all()}
    plan = masterplan(w, status="published", region=w.other_region, start_year=2022)
    found = programme(
        plan,
        "TM01",
        lead=agencies["dinkes"],
        dim="living",
        name="Tele-medicine puskesmas",
        description="Konsultasi dokter jarak jauh",
    )
    support(found, agencies["diskominfo"], role="Jaringan")
    return found


def _copy_form(w: World) -> dict[str, int]:
    plan: Masterplan = draft(w)[0]
    return {"masterplan": plan.pk}


ROUTES: list[Route] = [
    Route("library:programme_list", lambda w: reverse("library:programme_list"), public()),
    Route(
        "library:programme_detail",
        lambda w: reverse("library:programme_detail", kwargs={"pk": published_programme(w).pk}),
        public(),
    ),
    Route(
        "library:programme_copy",
        lambda w: reverse("library:programme_copy", kwargs={"pk": published_programme(w).pk}),
        {
            **dict.fromkeys(PEOPLE, 403),
            "anonymous": LOGIN,
            "coordinator": 302,
            # Coordinators of another region: the draft offered is not theirs.
            "other_coordinator": 400,
            "two_regions": 400,
        },
        method="post",
        data=_copy_form,
    ),
    Route(
        "api:list_library_programmes", lambda w: reverse("api:list_library_programmes"), public()
    ),
    Route(
        "api:get_library_programme",
        lambda w: reverse(
            "api:get_library_programme", kwargs={"programme_id": published_programme(w).pk}
        ),
        public(),
    ),
]
