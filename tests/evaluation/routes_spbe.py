"""Rows of the permission matrix (tests/test_permissions.py) for the SPBE self-assessment.

The main region has a draft self-assessment of 2025 (indicator 11 filled by agency A,
Diskominfo, with one piece of evidence) and a submitted one of 2024; a published one of
2023 is read by every signed-in user. Another region never sees a draft or a submitted one.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation.spbe_models import SpbeAssessment, SpbeEvidence, SpbeScore
from kotacerdas.evaluation.spbe_services import add_spbe_evidence, publish_spbe, submit_spbe

from ..conftest import World
from ..monitoring.factories import plan_with_programme
from ..permissions import LOGIN, Route, managers, members, signed_in
from .spbe_factories import assessment

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _draft(w: World) -> SpbeAssessment:
    return assessment(w.region, 2025)


def _submitted(w: World) -> SpbeAssessment:
    found = assessment(w.region, 2024)
    if found.status == SpbeAssessment.Status.DRAFT:
        found = submit_spbe(found, actor=SYSTEM)
    return found


def _published(w: World) -> SpbeAssessment:
    found = assessment(w.region, 2023)
    if found.status == SpbeAssessment.Status.DRAFT:
        found = publish_spbe(submit_spbe(found, actor=SYSTEM), actor=SYSTEM)
    return found


def _score(w: World) -> SpbeScore:
    return _draft(w).scores.select_related("indicator").get(indicator__number=11)


def _evidence(w: World) -> SpbeEvidence:
    score = _score(w)
    return score.evidence.first() or add_spbe_evidence(
        score, actor=SYSTEM, title="Perwal", file=SimpleUploadedFile("perwal.pdf", PDF)
    )


def _programme_id(w: World) -> int:
    from kotacerdas.planning.models import Programme

    found = Programme.objects.filter(masterplan__region=w.region, code="P01").first()
    return (found or plan_with_programme(w, status="draft")[1]).pk


def _fillers(ok: int, anonymous: Any = LOGIN) -> dict[str, Any]:
    """The coordinator, national admins and the editor of the responsible agency (A)."""
    return {**managers(ok, anonymous), "editor_a": ok}


def _pk(name: str, obj: Any) -> str:
    return reverse(name, kwargs={"pk": obj.pk})


def _api(name: str, **kwargs: Any) -> str:
    return reverse(f"api:{name}", kwargs=kwargs)


ROUTES: list[Route] = [
    Route(
        "spbe:assessment_list",
        lambda w: reverse("spbe:assessment_list", kwargs={"code": w.region.code}),
        members(),
    ),
    Route(
        "spbe:assessment_list",
        lambda w: reverse("spbe:assessment_list", kwargs={"code": w.region.code}),
        managers(302),
        method="post",
        data=lambda w: {"year": "2026"},
    ),
    Route(
        "spbe:assessment_detail",
        lambda w: (_evidence(w), _pk("spbe:assessment_detail", _draft(w)))[1],
        members(),
    ),
    Route(
        "spbe:assessment_detail",
        lambda w: _pk("spbe:assessment_detail", _published(w)),
        signed_in(),
        label="spbe:assessment_detail (published)",
    ),
    Route(
        "spbe:assessment_submit",
        lambda w: _pk("spbe:assessment_submit", _draft(w)),
        managers(302),
        method="post",
    ),
    Route(
        "spbe:assessment_return",
        lambda w: _pk("spbe:assessment_return", _submitted(w)),
        managers(302),
        method="post",
    ),
    Route(
        "spbe:assessment_publish",
        lambda w: _pk("spbe:assessment_publish", _submitted(w)),
        managers(302),
        method="post",
    ),
    Route(
        "spbe:programme_tags",
        lambda w: (_programme_id(w), _pk("spbe:programme_tags", _draft(w)))[1],
        members(),
    ),
    Route(
        "spbe:programme_tags",
        lambda w: _pk("spbe:programme_tags", _draft(w)),
        managers(302),
        method="post",
        data=lambda w: {
            "programme": _programme_id(w),
            "indicators": [_score(w).indicator_id],
        },
    ),
    Route("spbe:score_edit", lambda w: _pk("spbe:score_edit", _score(w)), members()),
    Route(
        "spbe:score_edit",
        lambda w: _pk("spbe:score_edit", _score(w)),
        _fillers(302),
        method="post",
        data=lambda w: {"level": "3", "explanation": "Perwal arsitektur SPBE"},
    ),
    Route(
        "spbe:score_agency",
        lambda w: _pk("spbe:score_agency", _score(w)),
        managers(302),
        method="post",
        data=lambda w: {"agency": w.agency_b.pk},
    ),
    Route(
        "spbe:evidence_add",
        lambda w: _pk("spbe:evidence_add", _score(w)),
        _fillers(302),
        method="post",
        data=lambda w: {"title": "Perwal", "file": SimpleUploadedFile("perwal.pdf", PDF)},
    ),
    Route(
        "spbe:evidence_download", lambda w: _pk("spbe:evidence_download", _evidence(w)), members()
    ),
    Route(
        "spbe:evidence_delete",
        lambda w: _pk("spbe:evidence_delete", _evidence(w)),
        _fillers(302),
        method="post",
    ),
    # API
    Route(
        "api:list_spbe",
        lambda w: (_draft(w), _api("list_spbe", code=w.region.code))[1],
        members(anonymous=401),
    ),
    Route(
        "api:start_spbe",
        lambda w: _api("start_spbe", code=w.region.code),
        managers(201, anonymous=401),
        method="post",
        data=lambda w: {"year": 2026},
    ),
    Route(
        "api:get_spbe",
        lambda w: _api("get_spbe", assessment_id=_draft(w).pk),
        members(anonymous=401),
    ),
    Route(
        "api:get_spbe",
        lambda w: _api("get_spbe", assessment_id=_published(w).pk),
        signed_in(anonymous=401),
        label="api:get_spbe (published)",
    ),
    Route(
        "api:patch_spbe",
        lambda w: _api("patch_spbe", assessment_id=_draft(w).pk),
        _fillers(200, anonymous=401),
        method="patch",
        data=lambda w: {"levels": [{"indicator": 11, "level": 3, "explanation": "Perwal"}]},
    ),
    Route(
        "api:submit_spbe",
        lambda w: _api("submit_spbe", assessment_id=_draft(w).pk),
        managers(200, anonymous=401),
        method="post",
    ),
    Route(
        "api:return_spbe",
        lambda w: _api("return_spbe", assessment_id=_submitted(w).pk),
        managers(200, anonymous=401),
        method="post",
        data=lambda w: {"reason": "Bukti indikator 11 belum lengkap"},
    ),
    Route(
        "api:publish_spbe",
        lambda w: _api("publish_spbe", assessment_id=_submitted(w).pk),
        managers(200, anonymous=401),
        method="post",
    ),
    Route(
        "api:spbe_next_steps",
        lambda w: _api("spbe_next_steps", assessment_id=_draft(w).pk) + "?target=baik",
        members(anonymous=401),
    ),
    Route(
        "api:get_programme_tags",
        lambda w: _api("get_programme_tags", programme_id=_programme_id(w)),
        members(anonymous=401),
    ),
    Route(
        "api:put_programme_tags",
        lambda w: _api("put_programme_tags", programme_id=_programme_id(w)),
        managers(200, anonymous=401),
        method="put",
        data=lambda w: {"indicator_ids": [_score(w).indicator_id]},
    ),
]
