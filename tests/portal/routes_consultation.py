"""Rows of the permission matrix (tests/test_permissions.py) for public consultation, and the
objects the consultation tests build.

Kota Bengkulu's draft masterplan is open for consultation (whole) with programme P01. The
public pages answer everyone; the moderation pages under ``/regions/<code>/konsultasi/``
are the region's: its readers see them, its coordinator (and national admins) act.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from kotacerdas.planning.models import Masterplan, Programme
from kotacerdas.portal.forms import SALT
from kotacerdas.portal.models import Aspiration, Consultation

from ..conftest import World
from ..permissions import LOGIN, Route, managers, members, public
from ..planning.factories import masterplan, programme


def draft(w: World) -> tuple[Masterplan, Programme]:
    """Kota Bengkulu's draft 2025–2029 with programme P01 led by agency A."""
    found = Masterplan.objects.filter(region=w.region, status="draft").first()
    if found is not None:
        return found, found.programmes.get(code="P01")
    plan = masterplan(w, status="draft")
    return plan, programme(plan, "P01", lead=w.agency_a, description="Layanan terpadu")


def consultation(
    w: World,
    *,
    state: str = "open",
    whole: bool = True,
    sections: list[str] | None = None,
    programmes: list[Programme] | None = None,
    plan: Masterplan | None = None,
) -> Consultation:
    """A consultation on the draft: ``open`` now, ``ended`` yesterday, or ``future``."""
    plan = plan or draft(w)[0]
    now = timezone.now()
    opens, closes = {
        "open": (now - dt.timedelta(days=1), now + dt.timedelta(days=13)),
        "ended": (now - dt.timedelta(days=15), now - dt.timedelta(days=1)),
        "future": (now + dt.timedelta(days=1), now + dt.timedelta(days=15)),
    }[state]
    found = Consultation.objects.create(
        masterplan=plan,
        title="Konsultasi publik Masterplan",
        opens_at=opens,
        closes_at=closes,
        whole=whole,
        sections=sections or [],
    )
    if programmes:
        found.programmes.set(programmes)
    return found


def open_consultation(w: World) -> Consultation:
    return Consultation.objects.filter(masterplan__region=w.region).first() or consultation(w)


def aspiration(
    c: Consultation, text: str = "Tambahkan layanan malam hari", **fields: Any
) -> Aspiration:
    values: dict[str, Any] = {"section": "general", "fingerprint": text, **fields}
    return Aspiration.objects.create(consultation=c, text=text, **values)


def stamp(seconds_ago: float = 60) -> str:
    """The signed time of a form shown ``seconds_ago``."""
    return signing.dumps(time.time() - seconds_ago, salt=SALT)


def aspiration_form(
    target: str = "general", text: str = "Perluas jaringan Wi-Fi publik", **extra: str
) -> dict[str, str]:
    return {
        "target": target,
        "text": text,
        "name": "",
        "contact": "",
        "website": "",
        "stamp": stamp(),
        **extra,
    }


def _public_post(w: World) -> dict[str, str]:
    # Every persona posts from the same test address; the counter lives in the cache, which
    # the savepoint does not roll back: start each persona's request with a fresh one.
    cache.clear()
    return aspiration_form()


def _pending(w: World) -> Aspiration:
    c = open_consultation(w)
    return c.aspirations.first() or aspiration(c)


def _region_url(name: str, **kwargs: Any) -> Any:
    return lambda w: reverse(
        name, kwargs={"code": w.region.code, **{k: f(w) for k, f in kwargs.items()}}
    )


def _create_form(w: World) -> dict[str, Any]:
    plan, _prog = draft(w)
    return {
        "masterplan": plan.pk,
        "title": "Konsultasi Bab Program",
        "opens_at": "2026-12-01T08:00",
        "closes_at": "2026-12-31T17:00",
        "whole": "on",
    }


ROUTES: list[Route] = [
    Route("consultation:public_list", lambda w: reverse("consultation:public_list"), public()),
    Route(
        "consultation:public_detail",
        lambda w: reverse("consultation:public_detail", kwargs={"pk": open_consultation(w).pk}),
        public(),
    ),
    Route(
        "consultation:public_detail",
        lambda w: reverse("consultation:public_detail", kwargs={"pk": open_consultation(w).pk}),
        public(302),
        method="post",
        data=_public_post,
    ),
    Route(
        "consultation:consultation_list",
        _region_url("consultation:consultation_list"),
        members(),
    ),
    Route(
        "consultation:consultation_create",
        _region_url("consultation:consultation_create"),
        managers(),
    ),
    Route(
        "consultation:consultation_create",
        _region_url("consultation:consultation_create"),
        managers(302),
        method="post",
        data=_create_form,
    ),
    Route(
        "consultation:consultation_moderate",
        _region_url("consultation:consultation_moderate", pk=lambda w: _pending(w).consultation_id),
        members(),
    ),
    Route(
        "consultation:consultation_close",
        _region_url("consultation:consultation_close", pk=lambda w: open_consultation(w).pk),
        managers(302),
        method="post",
    ),
    Route(
        "consultation:aspiration_moderate",
        _region_url("consultation:aspiration_moderate", pk=lambda w: _pending(w).pk),
        managers(302),
        method="post",
        data=lambda w: {"state": "published"},
    ),
    Route(
        "consultation:aspiration_answer",
        _region_url("consultation:aspiration_answer", pk=lambda w: _pending(w).pk),
        managers(302),
        method="post",
        data=lambda w: {"answer": "Terima kasih, sudah kami masukkan."},
    ),
    Route(
        "consultation:aspiration_link",
        _region_url("consultation:aspiration_link", pk=lambda w: _pending(w).pk),
        managers(302),
        method="post",
        data=lambda w: {"programme": str(draft(w)[1].pk)},
    ),
    Route(
        "api:list_public_consultations",
        lambda w: reverse("api:list_public_consultations"),
        public(),
    ),
    Route(
        "api:list_consultation_aspirations",
        lambda w: reverse(
            "api:list_consultation_aspirations",
            kwargs={"consultation_id": _pending(w).consultation_id},
        ),
        public(),
    ),
]

__all__ = ["LOGIN", "ROUTES"]
