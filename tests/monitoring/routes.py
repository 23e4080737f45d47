"""Rows of the permission matrix (tests/test_permissions.py) for the monitoring module.

A draft masterplan carries the indicator being defined (programme P01, led by agency A); a
published one carries the indicator being reported on (responsible: agency A), its
realisation, evidence and programme progress. An agency reports only its own indicators;
only the coordinator (and national admins) verify.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kotacerdas.monitoring.models import (
    Indicator,
    ProgrammeProgress,
    Realisation,
    RealisationEvidence,
)
from kotacerdas.planning.models import Masterplan, Programme

from ..conftest import World
from ..permissions import LOGIN, Route, managers, members, signed_in
from ..planning.factories import fund
from .factories import indicator, plan_with_programme

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _plan(w: World, status: str) -> tuple[Masterplan, Programme]:
    found = Masterplan.objects.filter(region=w.region, status=status).first()
    if found is None:
        return plan_with_programme(w, status=status)
    return found, found.programmes.get(code="P01")


def _weights(w: World) -> dict[str, str]:
    """Every weight of the published masterplan: P01 counts twice."""
    plan = _plan(w, "published")[0]
    data = {f"dimension_{d.pk}": "1" for d in plan.framework.dimensions.all()}
    return {**data, **{f"programme_{p.pk}": "2" for p in plan.programmes.all()}}


def _draft_indicator(w: World) -> Indicator:
    plan, prog = _plan(w, "draft")
    return plan.indicators.first() or indicator(plan, prog, agency=w.agency_a)


def _published_indicator(w: World) -> Indicator:
    plan, prog = _plan(w, "published")
    return plan.indicators.first() or indicator(plan, prog, agency=w.agency_a)


def _realisation(w: World) -> Realisation:
    ind = _published_indicator(w)
    return ind.realisations.first() or Realisation.objects.create(
        indicator=ind, year=2025, value=50, reported_at=timezone.now()
    )


def _evidence(w: World) -> RealisationEvidence:
    row = _realisation(w)
    found = row.evidence.first()
    if found is None:
        found = RealisationEvidence(realisation=row, title="Laporan")
        found.file.save("laporan.pdf", SimpleUploadedFile("laporan.pdf", PDF))
    return found


def _progress(w: World) -> ProgrammeProgress:
    _plan_, prog = _plan(w, "published")
    return ProgrammeProgress.objects.get_or_create(
        programme=prog, year=2025, defaults={"physical_progress": 40, "reported_at": timezone.now()}
    )[0]


def _pk(obj: Any) -> dict[str, int]:
    return {"pk": obj.pk}


def _definers(ok: int, anonymous: Any = LOGIN) -> dict[str, Any]:
    """The coordinator, national admins and the editor of the programme's lead agency (A)."""
    return {**managers(ok, anonymous), "editor_a": ok}


def _indicator_form(w: World) -> dict[str, Any]:
    _plan_, prog = _plan(w, "draft")
    return {
        "programme": prog.pk,
        "level": "output",
        "code": "IK77",
        "name": "Layanan terintegrasi",
        "unit": "layanan",
        "direction": "higher",
        "frequency": "yearly",
    }


def _edit_form(w: World) -> dict[str, Any]:
    ind = _draft_indicator(w)
    return {**_indicator_form(w), "code": ind.code, "version": ind.version}


def _url(name: str, obj: Any) -> str:
    return reverse(name, kwargs=_pk(obj))


ROUTES: list[Route] = [
    Route(
        "monitoring:monitoring_current",
        lambda w: (
            _plan(w, "published"),
            reverse("monitoring:monitoring_current", kwargs={"code": w.region.code}),
        )[1],
        members(302),
    ),
    Route("monitoring:my_reports", lambda w: reverse("monitoring:my_reports"), signed_in()),
    Route(
        "monitoring:indicator_list",
        lambda w: _url("monitoring:indicator_list", _published_indicator(w).masterplan),
        members(),
    ),
    Route(
        "monitoring:indicator_create",
        lambda w: _url("monitoring:indicator_create", _plan(w, "draft")[0]),
        {**_definers(200), "editor_b": 200, "two_regions": 200},
    ),
    Route(
        "monitoring:indicator_create",
        lambda w: _url("monitoring:indicator_create", _plan(w, "draft")[0]),
        _definers(302),
        method="post",
        data=_indicator_form,
    ),
    Route(
        "monitoring:verification_queue",
        lambda w: _url("monitoring:verification_queue", _realisation(w).indicator.masterplan),
        managers(),
    ),
    Route(
        "monitoring:ownership_gaps",
        lambda w: _url("monitoring:ownership_gaps", _published_indicator(w).masterplan),
        members(),
    ),
    Route(
        "monitoring:thresholds_edit",
        lambda w: _url("monitoring:thresholds_edit", _plan(w, "published")[0]),
        managers(),
    ),
    Route(
        "monitoring:thresholds_edit",
        lambda w: _url("monitoring:thresholds_edit", _plan(w, "published")[0]),
        managers(302),
        method="post",
        data=lambda w: {"on_track": "85", "at_risk": "60,5"},
    ),
    Route(
        "monitoring:weights_edit",
        lambda w: _url("monitoring:weights_edit", _plan(w, "published")[0]),
        managers(),
    ),
    Route(
        "monitoring:weights_edit",
        lambda w: _url("monitoring:weights_edit", _plan(w, "published")[0]),
        managers(302),
        method="post",
        data=_weights,
    ),
    Route(
        "monitoring:indicator_detail",
        lambda w: _url("monitoring:indicator_detail", _evidence(w).realisation.indicator),
        members(),
    ),
    Route(
        "monitoring:indicator_edit",
        lambda w: _url("monitoring:indicator_edit", _draft_indicator(w)),
        _definers(200),
    ),
    Route(
        "monitoring:indicator_edit",
        lambda w: _url("monitoring:indicator_edit", _draft_indicator(w)),
        _definers(302),
        method="post",
        data=_edit_form,
    ),
    Route(
        "monitoring:indicator_delete",
        lambda w: _url("monitoring:indicator_delete", _draft_indicator(w)),
        _definers(200),
    ),
    Route(
        "monitoring:indicator_delete",
        lambda w: _url("monitoring:indicator_delete", _draft_indicator(w)),
        _definers(302),
        method="post",
    ),
    Route(
        "monitoring:indicator_targets",
        lambda w: _url("monitoring:indicator_targets", _draft_indicator(w)),
        _definers(200),
    ),
    Route(
        "monitoring:indicator_targets",
        lambda w: _url("monitoring:indicator_targets", _draft_indicator(w)),
        _definers(302),
        method="post",
        data=lambda w: {"y2025": "1.250,5", "y2026": "1.300"},
    ),
    Route(
        "monitoring:realisation_report",
        lambda w: _url("monitoring:realisation_report", _published_indicator(w)),
        _definers(200),
    ),
    Route(
        "monitoring:realisation_report",
        lambda w: _url("monitoring:realisation_report", _published_indicator(w)),
        _definers(302),
        method="post",
        data=lambda w: {"period": "2025-0", "value": "55,5", "quality": "measured"},
    ),
    Route(
        "monitoring:realisation_correct",
        lambda w: _url("monitoring:realisation_correct", _realisation(w)),
        _definers(200),
    ),
    Route(
        "monitoring:realisation_correct",
        lambda w: _url("monitoring:realisation_correct", _realisation(w)),
        _definers(302),
        method="post",
        data=lambda w: {"value": "56", "quality": "estimated", "reason": "Data BPS direvisi"},
    ),
    Route(
        "monitoring:realisation_verify",
        lambda w: _url("monitoring:realisation_verify", _realisation(w)),
        managers(302),
        method="post",
    ),
    Route(
        "monitoring:realisation_return",
        lambda w: _url("monitoring:realisation_return", _realisation(w)),
        managers(),
    ),
    Route(
        "monitoring:realisation_return",
        lambda w: _url("monitoring:realisation_return", _realisation(w)),
        managers(302),
        method="post",
        data=lambda w: {"comment": "Lampirkan laporan BPS"},
    ),
    Route(
        "monitoring:evidence_add",
        lambda w: _url("monitoring:evidence_add", _realisation(w)),
        _definers(302),
        method="post",
        data=lambda w: {"title": "Data", "url": "https://data.example.go.id/ik01"},
    ),
    Route(
        "monitoring:evidence_download",
        lambda w: _url("monitoring:evidence_download", _evidence(w)),
        members(),
    ),
    Route(
        "monitoring:evidence_delete",
        lambda w: _url("monitoring:evidence_delete", _evidence(w)),
        _definers(302),
        method="post",
    ),
    Route(
        "monitoring:progress",
        lambda w: _url("monitoring:progress", _plan(w, "published")[1]),
        members(),
    ),
    Route(
        "monitoring:progress",
        lambda w: _url("monitoring:progress", fund(_plan(w, "published")[1], year=2025).programme),
        _definers(302),
        method="post",
        data=lambda w: {"year": "2025", "physical_progress": "45,5", "narrative": "Tahap 1"},
    ),
    Route(
        "monitoring:progress_verify",
        lambda w: _url("monitoring:progress_verify", _progress(w)),
        managers(302),
        method="post",
    ),
    Route(
        "monitoring:progress_return",
        lambda w: _url("monitoring:progress_return", _progress(w)),
        managers(),
    ),
    Route(
        "monitoring:progress_return",
        lambda w: _url("monitoring:progress_return", _progress(w)),
        managers(302),
        method="post",
        data=lambda w: {"comment": "Rincikan anggaran"},
    ),
    # The API.
    Route(
        "api:list_programme_indicators",
        lambda w: reverse(
            "api:list_programme_indicators",
            kwargs={"programme_id": _published_indicator(w).programme_id},
        ),
        members(anonymous=401),
    ),
    Route(
        "api:create_programme_indicator",
        lambda w: reverse(
            "api:create_programme_indicator", kwargs={"programme_id": _plan(w, "draft")[1].pk}
        ),
        _definers(201, anonymous=401),
        method="post",
        data=lambda w: {
            "code": "IK88",
            "name": "Aduan selesai",
            "unit": "%",
            "targets": [{"year": 2025, "value": "80"}],
        },
    ),
    Route(
        "api:get_indicator",
        lambda w: reverse("api:get_indicator", kwargs={"indicator_id": _published_indicator(w).pk}),
        members(anonymous=401),
    ),
    Route(
        "api:update_indicator",
        lambda w: reverse("api:update_indicator", kwargs={"indicator_id": _draft_indicator(w).pk}),
        _definers(200, anonymous=401),
        method="patch",
        data=lambda w: {"name": "Indikator diperbarui", "tags": ["sdg:11"]},
    ),
    Route(
        "api:delete_indicator",
        lambda w: reverse("api:delete_indicator", kwargs={"indicator_id": _draft_indicator(w).pk}),
        _definers(204, anonymous=401),
        method="delete",
    ),
    Route(
        "api:list_realisations",
        lambda w: reverse(
            "api:list_realisations", kwargs={"indicator_id": _realisation(w).indicator_id}
        ),
        members(anonymous=401),
    ),
    Route(
        "api:report_realisation",
        lambda w: reverse(
            "api:report_realisation", kwargs={"indicator_id": _published_indicator(w).pk}
        ),
        _definers(201, anonymous=401),
        method="post",
        data=lambda w: {"year": 2025, "value": "1.250,5", "quality": "estimated"},
    ),
    Route(
        "api:correct_realisation",
        lambda w: reverse("api:correct_realisation", kwargs={"realisation_id": _realisation(w).pk}),
        _definers(201, anonymous=401),
        method="post",
        data=lambda w: {"value": 57, "reason": "Salah ketik"},
    ),
    Route(
        "api:verify_realisation",
        lambda w: reverse("api:verify_realisation", kwargs={"realisation_id": _realisation(w).pk}),
        managers(200, anonymous=401),
        method="post",
    ),
    Route(
        "api:return_realisation",
        lambda w: reverse("api:return_realisation", kwargs={"realisation_id": _realisation(w).pk}),
        managers(200, anonymous=401),
        method="post",
        data=lambda w: {"comment": "Data belum lengkap"},
    ),
    Route(
        "api:list_progress",
        lambda w: reverse("api:list_progress", kwargs={"programme_id": _progress(w).programme_id}),
        members(anonymous=401),
    ),
    Route(
        "api:report_progress",
        lambda w: reverse(
            "api:report_progress", kwargs={"programme_id": _plan(w, "published")[1].pk}
        ),
        _definers(201, anonymous=401),
        method="post",
        data=lambda w: {"year": 2026, "physical_progress": "45,5", "narrative": "Tahap 1"},
    ),
    Route(
        "api:verify_progress",
        lambda w: reverse("api:verify_progress", kwargs={"progress_id": _progress(w).pk}),
        managers(200, anonymous=401),
        method="post",
    ),
    Route(
        "api:return_progress",
        lambda w: reverse("api:return_progress", kwargs={"progress_id": _progress(w).pk}),
        managers(200, anonymous=401),
        method="post",
        data=lambda w: {"comment": "Data belum lengkap"},
    ),
    Route(
        "api:get_thresholds",
        lambda w: reverse(
            "api:get_thresholds", kwargs={"masterplan_id": _plan(w, "published")[0].pk}
        ),
        members(anonymous=401),
    ),
    Route(
        "api:set_thresholds",
        lambda w: reverse(
            "api:set_thresholds", kwargs={"masterplan_id": _plan(w, "published")[0].pk}
        ),
        managers(200, anonymous=401),
        method="put",
        data=lambda w: {"on_track": "85", "at_risk": "60,5"},
    ),
    Route(
        "api:get_rollup_weights",
        lambda w: reverse(
            "api:get_rollup_weights", kwargs={"masterplan_id": _plan(w, "published")[0].pk}
        ),
        members(anonymous=401),
    ),
    Route(
        "api:set_rollup_weights",
        lambda w: reverse(
            "api:set_rollup_weights", kwargs={"masterplan_id": _plan(w, "published")[0].pk}
        ),
        managers(200, anonymous=401),
        method="put",
        data=lambda w: {"programmes": [{"id": _plan(w, "published")[1].pk, "weight": "2,5"}]},
    ),
]
