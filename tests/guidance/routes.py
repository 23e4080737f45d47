"""Rows of the permission matrix (tests/test_permissions.py) for the guidance module.

Kota Bengkulu is in a cohort with a stage I session; the assessor persona is the expert
"Tenaga Ahli ITB" (an assessor of the region). Cohorts, the pipeline, the stage calendar and
the expert register are the programme office's; a region's guidance is read by those who
read the region and kept by its coordinator.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.guidance import services
from kotacerdas.guidance.models import Comment, Expert, FollowUp
from kotacerdas.selection.models import Campaign

from ..conftest import World
from ..permissions import LOGIN, PEOPLE, Route, managers, members, national
from .factories import PDF, closed_campaign, cohort, expert, member, session, session_file


def _expert(w: World) -> Expert:
    return expert(user=w.users["assessor"])


def _follow_up(w: World) -> FollowUp:
    s = session(w)
    return s.follow_ups.first() or FollowUp.objects.create(
        session=s, text="Kirim RPJMD", due_on=s.ends_on
    )


def _assigned(w: World) -> Expert:
    """The assessor persona as an expert assigned to the region."""
    found = _expert(w)
    services.assign_expert(member(w), found, actor=SYSTEM)
    return found


def _comment(w: World) -> Comment:
    _assigned(w)
    return Comment.objects.filter(member=member(w)).first() or services.add_comment(
        member(w), actor=w.users["assessor"], text="Lengkapi analisis SWOT", stage="1"
    )


def _commenters(ok: int) -> dict[str, Any]:
    """The programme office and the experts assigned to the region; its other readers 403,
    everyone else (unassigned experts of other regions included) 404."""
    return {**members(403), "national_admin": ok, "assessor": ok}


def _free_campaign(w: World) -> dict[str, Any]:
    found = Campaign.objects.filter(status="closed", cohort__isnull=True).first()
    return {"campaign": (found or closed_campaign([w.other_region])).pk, "name": "Angkatan"}


def _session_form(w: World) -> dict[str, Any]:
    services.assign_expert(member(w), _expert(w), actor=SYSTEM)  # the coordinator may pick them
    return {
        "kind": "stage",
        "stage": "2",
        "title": "Bimtek Tahap II",
        "starts_on": "2023-09-01",
        "ends_on": "2023-09-02",
        "format": "hybrid",
        "experts": [_expert(w).pk],
    }


def _code(name: str, w: World) -> str:
    member(w)
    return reverse(name, kwargs={"code": w.region.code})


def _pk(name: str, obj: Any) -> str:
    return reverse(name, kwargs={"pk": obj.pk})


def _the_expert(ok: int = 200) -> dict[str, Any]:
    """National admins and the expert themselves; everyone else is told nothing (404)."""
    return {**dict.fromkeys(PEOPLE, 404), "national_admin": ok, "assessor": ok, "anonymous": LOGIN}


def _assigners(ok: int) -> dict[str, Any]:
    return {**members(403), "national_admin": ok}


ROUTES: list[Route] = [
    Route("guidance:cohort_list", lambda w: reverse("guidance:cohort_list"), national()),
    Route(
        "guidance:cohort_list",
        lambda w: reverse("guidance:cohort_list"),
        national(302),
        method="post",
        data=_free_campaign,
    ),
    Route("guidance:pipeline", lambda w: _pk("guidance:pipeline", cohort(w)), national()),
    Route(
        "guidance:pipeline_export", lambda w: _pk("guidance:pipeline_export", cohort(w)), national()
    ),
    Route(
        "guidance:cohort_calendar", lambda w: _pk("guidance:cohort_calendar", cohort(w)), national()
    ),
    Route(
        "guidance:cohort_calendar",
        lambda w: _pk("guidance:cohort_calendar", cohort(w)),
        national(302),
        method="post",
        data=lambda w: {"stage": "1", "starts_on": "2023-06-01", "ends_on": "2023-07-31"},
    ),
    Route(
        "guidance:member_assign",
        lambda w: _pk("guidance:member_assign", member(w)),
        _assigners(200),
    ),
    Route(
        "guidance:member_assign",
        lambda w: _pk("guidance:member_assign", member(w)),
        _assigners(302),
        method="post",
        data=lambda w: {"expert": _expert(w).pk},
    ),
    Route("guidance:region_guidance", lambda w: _code("guidance:region_guidance", w), members()),
    Route("guidance:region_calendar", lambda w: _code("guidance:region_calendar", w), members()),
    Route("guidance:session_create", lambda w: _code("guidance:session_create", w), managers()),
    Route(
        "guidance:session_create",
        lambda w: _code("guidance:session_create", w),
        managers(302),
        method="post",
        data=_session_form,
    ),
    Route(
        "guidance:session_detail", lambda w: _pk("guidance:session_detail", session(w)), members()
    ),
    Route("guidance:session_edit", lambda w: _pk("guidance:session_edit", session(w)), managers()),
    Route(
        "guidance:session_edit",
        lambda w: _pk("guidance:session_edit", session(w)),
        managers(302),
        method="post",
        data=lambda w: {**_session_form(w), "stage": "1", "minutes": "Notulen"},
    ),
    Route(
        "guidance:attendance_tick",
        lambda w: _pk("guidance:attendance_tick", session(w)),
        managers(),
    ),
    Route(
        "guidance:attendance_tick",
        lambda w: _pk("guidance:attendance_tick", session(w)),
        managers(302),
        method="post",
        data=lambda w: {
            "tick-TOTAL_FORMS": "1",
            "tick-INITIAL_FORMS": "0",
            "tick-0-group": "agency",
            "tick-0-agency": w.agency_a.pk,
            "tick-0-participant": "Kepala Dinas",
        },
    ),
    Route(
        "guidance:attendance_import",
        lambda w: _pk("guidance:attendance_import", session(w)),
        managers(),
    ),
    Route(
        "guidance:attendance_import",
        lambda w: _pk("guidance:attendance_import", session(w)),
        managers(200),  # no file sent: the form says so
        method="post",
    ),
    Route(
        "guidance:session_file_add",
        lambda w: _pk("guidance:session_file_add", session(w)),
        managers(302),
        method="post",
        data=lambda w: {"kind": "material", "file": SimpleUploadedFile("paparan.pdf", PDF)},
    ),
    Route(
        "guidance:session_file_download",
        lambda w: _pk("guidance:session_file_download", session_file(w)),
        members(),
    ),
    Route(
        "guidance:session_file_remove",
        lambda w: _pk("guidance:session_file_remove", session_file(w)),
        managers(302),
        method="post",
    ),
    Route(
        "guidance:follow_up_add",
        lambda w: _pk("guidance:follow_up_add", session(w)),
        managers(302),
        method="post",
        data=lambda w: {"text": "Kirim data RPJMD", "due_on": "2023-08-01"},
    ),
    Route(
        "guidance:follow_up_done",
        lambda w: _pk("guidance:follow_up_done", _follow_up(w)),
        managers(302),
        method="post",
    ),
    Route(
        "guidance:comment_add",
        lambda w: (_assigned(w), _code("guidance:comment_add", w))[1],
        _commenters(302),
        method="post",
        data=lambda w: {"stage": "1", "text": "Lengkapi analisis SWOT"},
    ),
    Route(
        "guidance:session_comment_add",
        lambda w: (_assigned(w), _pk("guidance:session_comment_add", session(w)))[1],
        _commenters(302),
        method="post",
        data=lambda w: {"text": "Notulen belum diunggah"},
    ),
    Route(
        "guidance:comment_resolve",
        lambda w: _pk("guidance:comment_resolve", _comment(w)),
        managers(302),
        method="post",
    ),
    Route("guidance:expert_list", lambda w: reverse("guidance:expert_list"), national()),
    Route(
        "guidance:expert_list",
        lambda w: reverse("guidance:expert_list"),
        national(302),
        method="post",
        data=lambda w: {"kind": "expert", "name": "Ahli Baru", "institution": "UNIB"},
    ),
    Route(
        "guidance:expert_detail", lambda w: _pk("guidance:expert_detail", _expert(w)), _the_expert()
    ),
    Route(
        "guidance:expert_calendar",
        lambda w: _pk("guidance:expert_calendar", _expert(w)),
        _the_expert(),
    ),
]


def _api(name: str, **kwargs: Any) -> str:
    return reverse(f"api:{name}", kwargs=kwargs)


ROUTES += [
    Route(
        "api:list_cohorts", lambda w: (cohort(w), _api("list_cohorts"))[1], national(anonymous=401)
    ),
    Route(
        "api:cohort_pipeline",
        lambda w: _api("cohort_pipeline", cohort_id=cohort(w).pk),
        national(anonymous=401),
    ),
    Route(
        "api:list_region_sessions",
        lambda w: (session(w), _api("list_region_sessions", code=w.region.code))[1],
        members(anonymous=401),
    ),
    Route(
        "api:create_region_session",
        lambda w: (member(w), _api("create_region_session", code=w.region.code))[1],
        managers(201, anonymous=401),
        method="post",
        data=lambda w: {
            "title": "Penandatanganan komitmen",
            "kind": "commitment",
            "starts_on": "2023-09-27",
            "ends_on": "2023-09-27",
        },
    ),
    Route(
        "api:get_session",
        lambda w: _api("get_session", session_id=session(w).pk),
        members(anonymous=401),
    ),
    Route(
        "api:update_session",
        lambda w: _api("update_session", session_id=session(w).pk),
        managers(200, anonymous=401),
        method="patch",
        data=lambda w: {"minutes": "Notulen rapat"},
    ),
    Route(
        "api:record_session_attendance",
        lambda w: _api("record_session_attendance", session_id=session(w).pk),
        managers(200, anonymous=401),
        method="post",
        data=lambda w: {
            "rows": [
                {
                    "day": "2023-07-05",
                    "group": "agency",
                    "agency_id": w.agency_a.pk,
                    "participant": "Kepala Dinas",
                },
                {
                    "day": "2023-07-05",
                    "group": "business",
                    "organisation": "HIPMI",
                    "participant": "Ketua",
                    "mode": "online",
                },
            ]
        },
    ),
    Route(
        "api:expert_calendar",
        lambda w: _api("expert_calendar", expert_id=_expert(w).pk),
        {**_the_expert(), "anonymous": 401},
    ),
]

ROUTES += [
    Route(
        "api:list_guidance_comments",
        lambda w: (_comment(w), _api("list_guidance_comments", code=w.region.code))[1],
        members(anonymous=401),
    ),
    Route(
        "api:add_guidance_comment",
        lambda w: (_assigned(w), _api("add_guidance_comment", code=w.region.code))[1],
        {**members(403, anonymous=401), "national_admin": 201, "assessor": 201},
        method="post",
        data=lambda w: {"stage": "1", "text": "Lengkapi analisis SWOT"},
    ),
    Route(
        "api:resolve_guidance_comment",
        lambda w: _api("resolve_guidance_comment", comment_id=_comment(w).pk),
        managers(200, anonymous=401),
        method="post",
    ),
]
