"""Rows of the permission matrix (tests/test_permissions.py) for the planning module.

The world holds a draft masterplan of Kota Bengkulu unless a row says otherwise; its
programme P01 is led by agency A (editor_a) and supported by agency B (editor_b).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse

from kotacerdas.planning.models import (
    Comment,
    Goal,
    Masterplan,
    MasterplanVersion,
    Mission,
    Stakeholder,
    TeamMember,
)

from ..conftest import World
from ..permissions import EDITORS_B, LOGIN, PEOPLE, Route, managers, members, signed_in
from ..permissions import OUTSIDERS as NOT_IN_REGION
from . import factories as f

OUTSIDERS = {"other_coordinator": 404, "no_role": 404, "anonymous": LOGIN}


def _plan(w: World, status: str = "draft") -> Masterplan:
    plan = f.masterplan(w, status=status)
    p = f.programme(plan, "P01", lead=w.agency_a)
    f.support(p, w.agency_b)
    f.fund(p)
    return plan


def _mp(name: str, status: str = "draft", query: str = "") -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"pk": _plan(w, status).pk}) + query


def _prog(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"pk": _plan(w).programmes.get().pk})


def _child(
    name: str, make: Callable[[Masterplan, World], dict[str, Any]]
) -> Callable[[World], str]:
    def url(w: World) -> str:
        plan = _plan(w)
        return reverse(name, kwargs={"pk": plan.pk, **make(plan, w)})

    return url


def _milestone(w: World) -> str:
    programme = _plan(w).programmes.get()
    milestone = f.milestone(programme)
    return reverse(
        "planning:milestone_delete", kwargs={"pk": programme.pk, "milestone": milestone.pk}
    )


def _member(plan: Masterplan, w: World) -> dict[str, Any]:
    return {"member": TeamMember.objects.create(masterplan=plan, body="forum", name="Ana").pk}


def _stakeholder(plan: Masterplan, w: World) -> dict[str, Any]:
    s = Stakeholder.objects.create(masterplan=plan, group="academia", name="Universitas")
    return {"stakeholder": s.pk}


def _mission(plan: Masterplan, w: World) -> dict[str, Any]:
    return {"mission": Mission.objects.create(masterplan=plan, text="Misi").pk}


def _goal(plan: Masterplan, w: World) -> dict[str, Any]:
    mission = Mission.objects.create(masterplan=plan, text="Misi")
    return {"mission": mission.pk, "goal": Goal.objects.create(mission=mission, text="Goal").pk}


def _dimension(plan: Masterplan, w: World) -> dict[str, Any]:
    return {"dimension": f.dimension().pk}


def _comment(plan: Masterplan, w: World) -> dict[str, Any]:
    return {"comment": Comment.objects.create(masterplan=plan, text="Cek").pk}


def _code(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"code": w.region.code})


def _versioned(w: World) -> str:
    plan = _plan(w)
    MasterplanVersion.objects.create(masterplan=plan, number=1, snapshot={"programmes": {}})
    return reverse("planning:version_compare", kwargs={"pk": plan.pk}) + "?a=1&b=current"


def _api(name: str, status: str = "draft") -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"masterplan_id": _plan(w, status).pk})


def _api_prog(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"programme_id": _plan(w).programmes.get().pk})


def _api_stakeholder(name: str) -> Callable[[World], str]:
    def url(w: World) -> str:
        plan = _plan(w)
        partner = Stakeholder.objects.create(masterplan=plan, group="business", name="PT Mitra")
        return reverse(name, kwargs={"stakeholder_id": partner.pk})

    return url


def _programme_body(w: World) -> dict[str, Any]:
    return {
        "code": "P09",
        "name": "Telemedicine",
        "dimension_id": f.dimension("living").pk,
        "horizon": "short",
        "start_year": 2025,
        "end_year": 2026,
        "lead_agency_id": w.agency_a.pk,
    }


def _programme_form(w: World, code: str, supports: tuple[int, ...] = ()) -> dict[str, Any]:
    """The programme page's form (a programme led by agency A) with its two formsets."""
    governance = f.dimension("governance")
    programme = Masterplan.objects.latest("pk").programmes.filter(code=code).first()
    data: dict[str, Any] = {
        "code": code,
        "name": "Satu Data Bengkulu",
        "dimension": governance.pk,
        "horizon": "short",
        "start_year": 2025,
        "end_year": 2026,
        "status": "planned",
        "lead_agency": w.agency_a.pk,
        "version": programme.version if programme else "",
        "supports-TOTAL_FORMS": len(supports),
        "supports-INITIAL_FORMS": 0,
        "funding-TOTAL_FORMS": 0,
        "funding-INITIAL_FORMS": 0,
    }
    for n, agency in enumerate(supports):
        data |= {f"supports-{n}-agency": agency, f"supports-{n}-role": "Data"}
    return data


def _only(ok: Any, *who: str, others: Any = 403) -> dict[str, Any]:
    """``who`` get ``ok``; the region's other readers ``others`` (a status, or a status per
    persona); outsiders 404."""
    rest = others if isinstance(others, dict) else members(others)
    return {**rest, **dict.fromkeys(who, ok), **OUTSIDERS}


EDITORS = ("national_admin", "coordinator", "editor_a")  # may change P01
AUTHORS = (*EDITORS, *EDITORS_B)  # may add programmes
REVIEWERS = ("national_admin", "coordinator", "assessor", "council")
COMMENTERS = ("national_admin", "coordinator", "assessor", "council")
API_OUT = {"other_coordinator": 404, "no_role": 404, "anonymous": 401}

ROUTES: list[Route] = [
    Route("planning:masterplan_list", _code("planning:masterplan_list"), signed_in()),
    Route(
        "planning:masterplan_create",
        _code("planning:masterplan_create"),
        {**signed_in(403), "national_admin": 200, "coordinator": 200},
    ),
    Route(
        "planning:masterplan_create",
        _code("planning:masterplan_create"),
        {**signed_in(403), "national_admin": 302, "coordinator": 302},
        method="post",
        data=lambda w: {
            "title": "Masterplan 2030",
            "start_year": 2030,
            "years": 5,
            "framework": f.framework().pk,
        },
    ),
    Route("planning:team_current", _code("planning:team_current"), members(302)),
    Route("planning:strategy_current", _code("planning:strategy_current"), members(302)),
    Route("planning:programmes_current", _code("planning:programmes_current"), members(302)),
    Route("planning:roadmap_current", _code("planning:roadmap_current"), members(302)),
    Route("planning:roadmap_view", _mp("planning:roadmap_view"), members()),
    Route("planning:quickwins_current", _code("planning:quickwins_current"), members(302)),
    Route("planning:quickwin_view", _mp("planning:quickwin_view"), members()),
    Route("planning:quickwin_weights", _mp("planning:quickwin_weights"), managers()),
    Route(
        "planning:quickwin_weights",
        _mp("planning:quickwin_weights"),
        managers(302),
        method="post",
        data=lambda w: {"method": "typed"},
    ),
    Route(
        "planning:quickwin_scores",
        _mp("planning:quickwin_scores"),
        _only(302, *AUTHORS),
        method="post",
    ),
    Route(
        "planning:quickwin_scores",
        _mp("planning:quickwin_scores"),
        managers(302),
        method="post",
        data=lambda w: {
            "choice": "1",
            "chosen": [Masterplan.objects.latest("pk").programmes.get().pk],
        },
        label="with the quick-win choice",
    ),
    Route("planning:masterplan_detail", _mp("planning:masterplan_detail"), members()),
    Route(
        "planning:masterplan_detail",
        _mp("planning:masterplan_detail", "published"),
        signed_in(),
        label="published masterplan",
    ),
    Route("planning:masterplan_edit", _mp("planning:masterplan_edit"), managers()),
    Route(
        "planning:masterplan_edit",
        _mp("planning:masterplan_edit"),
        managers(302),
        method="post",
        data=lambda w: {"title": "Masterplan Kota Bengkulu", "start_year": 2025, "years": 5},
    ),
    Route(
        "planning:masterplan_edit",
        _mp("planning:masterplan_edit", "approved"),
        {**managers(409), **OUTSIDERS},  # 409: the role may, the state refuses
        label="approved masterplan is not edited",
    ),
    Route("planning:team_list", _mp("planning:team_list"), members()),
    Route("planning:team_create", _mp("planning:team_create"), managers()),
    Route("planning:team_edit", _child("planning:team_edit", _member), managers()),
    Route(
        "planning:team_create",
        _mp("planning:team_create"),
        managers(302),
        method="post",
        data=lambda w: {"body": "forum", "name": "Ani"},
    ),
    Route(
        "planning:team_edit",
        _child("planning:team_edit", _member),
        managers(302),
        method="post",
        data=lambda w: {"body": "forum", "name": "Ana Maria"},
    ),
    Route(
        "planning:team_delete",
        _child("planning:team_delete", _member),
        managers(302),
        method="post",
    ),
    Route("planning:stakeholder_list", _mp("planning:stakeholder_list"), members()),
    Route("planning:stakeholder_create", _mp("planning:stakeholder_create"), managers()),
    Route(
        "planning:stakeholder_edit", _child("planning:stakeholder_edit", _stakeholder), managers()
    ),
    Route(
        "planning:stakeholder_create",
        _mp("planning:stakeholder_create"),
        managers(302),
        method="post",
        data=lambda w: {"group": "academia", "name": "Universitas Bengkulu"},
    ),
    Route(
        "planning:stakeholder_edit",
        _child("planning:stakeholder_edit", _stakeholder),
        managers(302),
        method="post",
        data=lambda w: {"group": "academia", "name": "Universitas Negeri Bengkulu"},
    ),
    Route(
        "planning:stakeholder_delete",
        _child("planning:stakeholder_delete", _stakeholder),
        managers(302),
        method="post",
    ),
    Route("planning:strategy_detail", _mp("planning:strategy_detail"), members()),
    Route("planning:vision_edit", _mp("planning:vision_edit"), managers()),
    Route(
        "planning:vision_edit",
        _mp("planning:vision_edit"),
        managers(302),
        method="post",
        data=lambda w: {"text": "Bengkulu kota cerdas"},
    ),
    Route(
        "planning:mission_create",
        _mp("planning:mission_create"),
        managers(302),
        method="post",
        data=lambda w: {"mission-text": "Misi baru"},
    ),
    Route("planning:mission_edit", _child("planning:mission_edit", _mission), managers()),
    Route(
        "planning:mission_edit",
        _child("planning:mission_edit", _mission),
        managers(302),
        method="post",
        data=lambda w: {"text": "Pelayanan publik digital"},
    ),
    Route(
        "planning:mission_delete",
        _child("planning:mission_delete", _mission),
        managers(302),
        method="post",
    ),
    Route("planning:goal_create", _child("planning:goal_create", _mission), managers()),
    Route("planning:goal_edit", _child("planning:goal_edit", _goal), managers()),
    Route(
        "planning:goal_create",
        _child("planning:goal_create", _mission),
        managers(302),
        method="post",
        data=lambda w: {"text": "Layanan daring"},
    ),
    Route(
        "planning:goal_edit",
        _child("planning:goal_edit", _goal),
        managers(302),
        method="post",
        data=lambda w: {"text": "Semua layanan daring"},
    ),
    Route(
        "planning:goal_delete", _child("planning:goal_delete", _goal), managers(302), method="post"
    ),
    Route("planning:policy_edit", _child("planning:policy_edit", _dimension), managers()),
    Route(
        "planning:policy_edit",
        _child("planning:policy_edit", _dimension),
        managers(302),
        method="post",
        data=lambda w: {"text": "Satu data daerah"},
    ),
    Route("planning:programme_list", _mp("planning:programme_list"), members()),
    Route("planning:programme_create", _mp("planning:programme_create"), _only(200, *AUTHORS)),
    # The programme is led by agency A: agency B's editors may add programmes, but the form
    # offers them only their own agency as the lead.
    Route(
        "planning:programme_create",
        _mp("planning:programme_create"),
        _only(302, *EDITORS, others={**members(403), **dict.fromkeys(EDITORS_B, 200)}),
        method="post",
        data=lambda w: _programme_form(w, code="P09"),
    ),
    Route("planning:programme_detail", _prog("planning:programme_detail"), members()),
    Route("planning:programme_edit", _prog("planning:programme_edit"), _only(200, *EDITORS)),
    Route(
        "planning:programme_edit",
        _prog("planning:programme_edit"),
        _only(302, *EDITORS),
        method="post",
        data=lambda w: _programme_form(w, code="P01", supports=(w.agency_b.pk,)),
    ),
    Route(
        "planning:programme_delete",
        _prog("planning:programme_delete"),
        _only(302, *EDITORS),
        method="post",
    ),
    Route(
        "planning:milestone_create",
        _prog("planning:milestone_create"),
        _only(302, *EDITORS),
        method="post",
        data=lambda w: {"name": "Aplikasi diluncurkan", "year": 2025, "quarter": "2"},
    ),
    Route(
        "planning:milestone_delete",
        _milestone,
        _only(302, *EDITORS),
        method="post",
    ),
    Route(
        "planning:comment_create",
        _mp("planning:comment_create"),
        _only(302, *COMMENTERS),
        method="post",
        data=lambda w: {"section": "strategy", "text": "Tambahkan indikator."},
    ),
    Route(
        "planning:comment_create",
        lambda w: (
            reverse("planning:comment_create", kwargs={"pk": _plan(w).pk})
            + f"?programme={Masterplan.objects.latest('pk').programmes.get().pk}"
        ),
        _only(302, *COMMENTERS, "editor_a", *EDITORS_B),
        method="post",
        data=lambda w: {"section": "programmes", "text": "Kami siap mendukung."},
        label="comment on a programme",
    ),
    Route(
        "planning:comment_resolve",
        _child("planning:comment_resolve", _comment),
        managers(302),
        method="post",
    ),
    Route("planning:agency_matrix", _mp("planning:agency_matrix"), members()),
    Route("planning:budget_view", _mp("planning:budget_view"), members()),
    Route("planning:ceiling_edit", _mp("planning:ceiling_edit"), managers()),
    Route(
        "planning:ceiling_edit",
        _mp("planning:ceiling_edit"),
        managers(302),
        method="post",
        data=lambda w: {"year_2025": "1000000000", "year_2026": "1500000000"},
    ),
    Route("planning:masterplan_submit", _mp("planning:masterplan_submit"), managers()),
    Route(
        "planning:masterplan_submit",
        _mp("planning:masterplan_submit"),
        managers(302),
        method="post",
        data=lambda w: {"confirm_incomplete": "1"},
    ),
    Route(
        "planning:masterplan_return",
        _mp("planning:masterplan_return", "in_review"),
        _only(200, *REVIEWERS),
    ),
    Route(
        "planning:masterplan_return",
        _mp("planning:masterplan_return", "in_review"),
        _only(302, *REVIEWERS),
        method="post",
        data=lambda w: {"reason": "Lengkapi indikator program."},
    ),
    Route(
        "planning:masterplan_approve",
        _mp("planning:masterplan_approve", "in_review"),
        _only(302, "council"),
        method="post",
    ),
    Route(
        "planning:masterplan_publish",
        _mp("planning:masterplan_publish", "approved"),
        managers(302),
        method="post",
    ),
    Route(
        "planning:masterplan_new_draft",
        _mp("planning:masterplan_new_draft", "approved"),
        managers(302),
        method="post",
    ),
    Route("planning:version_list", _mp("planning:version_list"), members()),
    Route("planning:version_compare", _versioned, members()),
    Route("planning:masterplan_history", _mp("planning:masterplan_history"), members()),
    Route("planning:programme_history", _prog("planning:programme_history"), members()),
]

API_MEMBERS = {**members(), **API_OUT}


def _api_only(ok: Any, *who: str) -> dict[str, Any]:
    return {**members(403), **dict.fromkeys(who, ok), **API_OUT}


ROUTES += [
    Route("api:list_masterplans", _code("api:list_masterplans"), signed_in(anonymous=401)),
    Route(
        "api:create_masterplan",
        _code("api:create_masterplan"),
        {**signed_in(403, anonymous=401), "national_admin": 201, "coordinator": 201},
        method="post",
        data=lambda w: {"title": "MP", "start_year": 2025, "years": 5},
    ),
    Route("api:get_masterplan", _api("api:get_masterplan"), API_MEMBERS),
    Route(
        "api:get_masterplan",
        _api("api:get_masterplan", "published"),
        signed_in(anonymous=401),
        label="published masterplan",
    ),
    Route(
        "api:update_masterplan",
        _api("api:update_masterplan"),
        _api_only(200, "national_admin", "coordinator"),
        method="patch",
        data=lambda w: {"title": "Renamed"},
    ),
    Route("api:list_programmes", _api("api:list_programmes"), API_MEMBERS),
    Route(
        "api:create_programme",
        _api("api:create_programme"),
        # editor_b may add programmes, but not one led by agency A
        _api_only(201, "national_admin", "coordinator", "editor_a"),
        method="post",
        data=_programme_body,
    ),
    Route("api:get_programme", _api_prog("api:get_programme"), API_MEMBERS),
    Route(
        "api:update_programme",
        _api_prog("api:update_programme"),
        _api_only(200, *EDITORS),
        method="patch",
        data=lambda w: {"name": "Renamed"},
    ),
    Route(
        "api:delete_programme",
        _api_prog("api:delete_programme"),
        _api_only(204, *EDITORS),
        method="delete",
    ),
    Route("api:list_masterplan_versions", _api("api:list_masterplan_versions"), API_MEMBERS),
    Route(
        "api:list_masterplan_versions",
        _api("api:list_masterplan_versions", "published"),
        {**signed_in(anonymous=401), **dict.fromkeys(NOT_IN_REGION, 403)},
        label="versions of a published masterplan",
    ),
    Route("api:list_stakeholders", _api("api:list_stakeholders"), API_MEMBERS),
    Route(
        "api:create_stakeholder",
        _api("api:create_stakeholder"),
        _api_only(201, "national_admin", "coordinator"),
        method="post",
        data=lambda w: {"group": "academia", "name": "Universitas Bengkulu"},
    ),
    Route("api:get_stakeholder", _api_stakeholder("api:get_stakeholder"), API_MEMBERS),
    Route(
        "api:update_stakeholder",
        _api_stakeholder("api:update_stakeholder"),
        _api_only(200, "national_admin", "coordinator"),
        method="patch",
        data=lambda w: {"phone": "0736-21000"},
    ),
    Route(
        "api:delete_stakeholder",
        _api_stakeholder("api:delete_stakeholder"),
        _api_only(204, "national_admin", "coordinator"),
        method="delete",
    ),
    Route(
        "api:submit_masterplan",
        _api("api:submit_masterplan"),
        _api_only(200, "national_admin", "coordinator"),
        method="post",
        data=lambda w: {"confirm_incomplete": True},
    ),
    Route(
        "api:return_masterplan",
        _api("api:return_masterplan", "in_review"),
        _api_only(200, *REVIEWERS),
        method="post",
        data=lambda w: {"reason": "Lengkapi indikator program."},
    ),
    Route(
        "api:approve_masterplan",
        _api("api:approve_masterplan", "in_review"),
        _api_only(200, "council"),
        method="post",
    ),
    Route(
        "api:publish_masterplan",
        _api("api:publish_masterplan", "approved"),
        _api_only(200, "national_admin", "coordinator"),
        method="post",
    ),
    Route("api:get_roadmap", _api("api:get_roadmap"), API_MEMBERS),
    Route("api:get_quick_wins", _api("api:get_quick_wins"), API_MEMBERS),
]

assert set(OUTSIDERS) <= set(PEOPLE)


def _regulation(w: World) -> str:
    plan = _plan(w)
    plan.regulation_file.save("perwal.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return reverse("planning:masterplan_regulation", kwargs={"pk": plan.pk})


def _decree(w: World) -> str:
    plan = _plan(w)
    member = TeamMember.objects.create(masterplan=plan, body="council", name="Ana")
    member.decree_file.save("sk.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return reverse("planning:team_decree", kwargs={"pk": plan.pk, "member": member.pk})


ROUTES += [
    Route("planning:masterplan_regulation", _regulation, members()),
    Route("planning:team_decree", _decree, members()),
]

# Every delete asks first: GET shows what goes with the record, to those who may delete it.
ROUTES += [
    Route("planning:team_delete", _child("planning:team_delete", _member), managers()),
    Route(
        "planning:stakeholder_delete",
        _child("planning:stakeholder_delete", _stakeholder),
        managers(),
    ),
    Route("planning:mission_delete", _child("planning:mission_delete", _mission), managers()),
    Route("planning:goal_delete", _child("planning:goal_delete", _goal), managers()),
    Route("planning:programme_delete", _prog("planning:programme_delete"), _only(200, *EDITORS)),
    Route("planning:milestone_delete", _milestone, _only(200, *EDITORS)),
]
