"""Rows of the permission matrix (tests/test_permissions.py) for the yearly evaluation.

Kota Bengkulu's 2025 evaluation is built in the state each row needs; the world's
``assessor`` is assigned to it, ``other_assessor`` (of the other region) is not. Another
region's users never see it before it is published; only the assigned assessor verifies;
rounds and their ranking are the national admin's.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation import services
from kotacerdas.evaluation.models import Evaluation, EvaluationRound, FollowUpAction

from ..conftest import World
from ..permissions import LOGIN, PEOPLE, Route, managers, members, national, signed_in
from .factories import evaluation, instrument, open_round


def _evaluation(w: World, status: str) -> Evaluation:
    found = Evaluation.objects.filter(region=w.region, year=2025).first()
    return found or evaluation(w, status)


def _round(w: World) -> EvaluationRound:
    return EvaluationRound.objects.filter(year=2025).first() or open_round(w)


def _filled(w: World) -> Evaluation:
    from .factories import fill

    found = Evaluation.objects.filter(region=w.region, year=2025).first()
    return found or fill(evaluation(w))


def _reported(w: World) -> Evaluation:
    found = _evaluation(w, "submitted")
    for dimension in found.round.instrument.dimension_codes():
        services.save_report_section(
            found,
            actor=SYSTEM,
            dimension=dimension,
            weaknesses="Data tersebar",
            strengths="Komitmen",
            recommendations="Satu data",
        )
    return found


def _follow_up(w: World) -> FollowUpAction:
    found = FollowUpAction.objects.first()
    return found or services.add_follow_up(
        _evaluation(w, "published"), actor=SYSTEM, text="Satu data"
    )


def _url(name: str, obj: Any) -> str:
    return reverse(name, kwargs={"pk": obj.pk})


def _assigned(ok: int, anonymous: Any = LOGIN) -> dict[str, Any]:
    """Only the assessor assigned to the region; its other readers get 403."""
    return {**members(403, anonymous), "assessor": ok}


def _respond(ok: int) -> dict[str, Any]:
    """Published: every signed-in user reads it, only the region's coordinator answers."""
    return {**signed_in(403), "coordinator": ok, "national_admin": ok}


def _sheet(w: World) -> dict[str, Any]:
    found = _evaluation(w, "draft")
    return {
        "version": found.version,
        "score__outcome__living": "3",
        "narrative__outcome__living": "Berjalan",
    }


ROUTES: list[Route] = [
    Route(
        "evaluation:region_evaluations",
        lambda w: (
            _round(w),
            reverse("evaluation:region_evaluations", kwargs={"code": w.region.code}),
        )[1],
        members(),
    ),
    Route(
        "evaluation:region_evaluations",
        lambda w: (
            _round(w),
            reverse("evaluation:region_evaluations", kwargs={"code": w.region.code}),
        )[1],
        managers(302),
        method="post",
        data=lambda w: {"year": "2025"},
    ),
    Route(
        "evaluation:evaluation_detail",
        lambda w: _url("evaluation:evaluation_detail", _evaluation(w, "draft")),
        members(),
    ),
    Route(
        "evaluation:evaluation_detail",
        lambda w: _url("evaluation:evaluation_detail", _evaluation(w, "published")),
        signed_in(),
        label="evaluation:evaluation_detail (published)",
    ),
    Route(
        "evaluation:evaluation_fill",
        lambda w: _url("evaluation:evaluation_fill", _evaluation(w, "draft")),
        managers(),
    ),
    Route(
        "evaluation:evaluation_fill",
        lambda w: _url("evaluation:evaluation_fill", _evaluation(w, "draft")),
        managers(302),
        method="post",
        data=_sheet,
    ),
    Route(
        "evaluation:evaluation_submit",
        lambda w: _url("evaluation:evaluation_submit", _filled(w)),
        managers(302),
        method="post",
    ),
    Route(
        "evaluation:evaluation_verify",
        lambda w: _url("evaluation:evaluation_verify", _evaluation(w, "submitted")),
        _assigned(200),
    ),
    Route(
        "evaluation:evaluation_verify",
        lambda w: _url("evaluation:evaluation_verify", _evaluation(w, "submitted")),
        _assigned(302),
        method="post",
        data=lambda w: {"score__outcome__living": "2", "reason__outcome__living": "Bukti kurang"},
    ),
    Route(
        "evaluation:evaluation_report",
        lambda w: _url("evaluation:evaluation_report", _evaluation(w, "submitted")),
        _assigned(200),
    ),
    Route(
        "evaluation:evaluation_report",
        lambda w: _url("evaluation:evaluation_report", _evaluation(w, "submitted")),
        _assigned(302),
        method="post",
        data=lambda w: {"weaknesses__living": "Data tersebar"},
    ),
    Route(
        "evaluation:evaluation_close",
        lambda w: _url("evaluation:evaluation_close", _reported(w)),
        _assigned(302),
        method="post",
    ),
    Route(
        "evaluation:evaluation_publish",
        lambda w: _url("evaluation:evaluation_publish", _evaluation(w, "verified")),
        {**members(403), "national_admin": 302},
        method="post",
    ),
    Route(
        "evaluation:follow_up_add",
        lambda w: _url("evaluation:follow_up_add", _evaluation(w, "published")),
        _respond(302),
        method="post",
        data=lambda w: {"text": "Bangun satu data", "due": "2026-06-30"},
    ),
    Route(
        "evaluation:follow_up_done",
        lambda w: _url("evaluation:follow_up_done", _follow_up(w)),
        _respond(302),
        method="post",
    ),
    Route("evaluation:round_list", lambda w: reverse("evaluation:round_list"), national()),
    Route(
        "evaluation:round_list",
        lambda w: reverse("evaluation:round_list"),
        national(302),
        method="post",
        data=lambda w: {"year": "2031", "instrument": instrument().pk, "regions": [w.region.pk]},
    ),
    Route(
        "evaluation:round_detail",
        lambda w: _url("evaluation:round_detail", _round(w)),
        {**dict.fromkeys(PEOPLE, 404), "national_admin": 200, "anonymous": LOGIN},
    ),
    Route(
        "evaluation:round_detail",
        lambda w: _url("evaluation:round_detail", _round(w)),
        {**dict.fromkeys(PEOPLE, 404), "national_admin": 302, "anonymous": LOGIN},
        method="post",
        data=lambda w: {"region": w.other_region.pk, "assessor": w.users["other_assessor"].pk},  # type: ignore[union-attr]
    ),
]


def _api(name: str, **kwargs: Any) -> str:
    return reverse(f"api:{name}", kwargs=kwargs)


def _evaluation_api(name: str, status: str) -> Any:
    return lambda w: _api(name, evaluation_id=_evaluation(w, status).pk)


ROUTES += [
    Route(
        "api:list_evaluation_instruments",
        lambda w: _api("list_evaluation_instruments"),
        signed_in(anonymous=401),
    ),
    Route(
        "api:list_region_evaluations",
        lambda w: _api("list_region_evaluations", code=w.region.code),
        members(anonymous=401),
    ),
    Route(
        "api:start_region_evaluation",
        lambda w: (_round(w), _api("start_region_evaluation", code=w.region.code))[1],
        managers(201, anonymous=401),
        method="post",
        data=lambda w: {"year": 2025},
    ),
    Route(
        "api:get_evaluation",
        _evaluation_api("get_evaluation", "draft"),
        members(anonymous=401),
    ),
    Route(
        "api:get_evaluation",
        _evaluation_api("get_evaluation", "published"),
        signed_in(anonymous=401),
        label="api:get_evaluation (published)",
    ),
    Route(
        "api:update_evaluation",
        _evaluation_api("update_evaluation", "draft"),
        managers(200, anonymous=401),
        method="patch",
        data=lambda w: {"scores": [{"component": "outcome", "dimension": "living", "score": 3}]},
    ),
    Route(
        "api:update_evaluation",
        _evaluation_api("update_evaluation", "submitted"),
        _assigned(200, anonymous=401),
        method="patch",
        data=lambda w: {
            "adjustments": [
                {"component": "outcome", "dimension": "living", "score": 2, "reason": "Kurang"}
            ],
            "report": [{"dimension": "living", "weaknesses": "Data tersebar"}],
        },
        label="api:update_evaluation (verification)",
    ),
    Route(
        "api:submit_evaluation",
        lambda w: _api("submit_evaluation", evaluation_id=_filled(w).pk),
        managers(200, anonymous=401),
        method="post",
    ),
    Route(
        "api:verify_evaluation",
        lambda w: _api("verify_evaluation", evaluation_id=_reported(w).pk),
        _assigned(200, anonymous=401),
        method="post",
    ),
    Route(
        "api:publish_evaluation",
        _evaluation_api("publish_evaluation", "verified"),
        {**members(403, anonymous=401), "national_admin": 200},
        method="post",
    ),
    Route(
        "evaluation:round_deadlines",
        lambda w: _url("evaluation:round_deadlines", _round(w)),
        {**dict.fromkeys(PEOPLE, 404), "national_admin": 302, "anonymous": LOGIN},
        method="post",
        data=lambda w: {"self_assessment_due": "2099-06-30", "verification_due": "2099-09-30"},
    ),
    Route(
        "evaluation:round_close",
        lambda w: _url("evaluation:round_close", _round(w)),
        {**dict.fromkeys(PEOPLE, 404), "national_admin": 302, "anonymous": LOGIN},
        method="post",
    ),
]
