"""Rows of the permission matrix (tests/test_permissions.py) for the readiness module."""

from __future__ import annotations

import functools
from typing import Any

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.framework.instruments import instrument_files, load_instrument
from kotacerdas.framework.models import Instrument
from kotacerdas.readiness import services
from kotacerdas.readiness.models import Answer, Assessment, Evidence, SwotEntry

from ..conftest import World
from ..permissions import LOGIN, Route, managers, members, national, public

_YEAR = 2025


def _assessment(w: World) -> Assessment:
    found = Assessment.objects.filter(region=w.region, year=_YEAR).first()
    if found is None:
        found = services.start_assessment(w.region, _YEAR, actor=w.users["coordinator"])
        item_ids = list(
            found.answers.order_by("item__position").values_list("item_id", flat=True)[:1]
        )
        services.assign_items(found, dict.fromkeys(item_ids, w.agency_a), actor=SYSTEM)
    return found


def _submitted(w: World) -> Assessment:
    found = _assessment(w)
    return services.submit_assessment(found, actor=w.users["coordinator"], confirm_incomplete=True)


def _answer(w: World) -> Answer:
    """The first item, assigned to agency A (editor_a answers it, editor_b does not)."""
    return _assessment(w).answers.order_by("item__position").first()  # type: ignore[return-value]


def _evidence(w: World) -> Evidence:
    return services.add_evidence(
        _answer(w), title="Perwal", url="https://jdih.example.go.id/perwal", actor=SYSTEM
    )


def _swot(w: World) -> SwotEntry:
    return services.create_swot_entry(
        _assessment(w), kind="strength", text="Jaringan fiber ke semua OPD", actor=SYSTEM
    )


def _pk(w: World) -> dict[str, Any]:
    return {"pk": _assessment(w).pk}


def _answer_kwargs(w: World) -> dict[str, Any]:
    answer = _answer(w)
    return {"pk": answer.assessment_id, "answer_pk": answer.pk}


def _assignment(w: World) -> dict[str, Any]:
    """The first item's dimension × aspect cell moves to agency B."""
    item = _answer(w).item
    return {f"{item.dimension.code}__{item.aspect.code}": w.agency_b.pk}


def _swot_edit(w: World) -> dict[str, Any]:
    entry = SwotEntry.objects.filter(assessment=_assessment(w)).latest("pk")
    return {"text": "Jaringan fiber ke semua OPD dan kelurahan", "version": entry.version}


def _answerers(ok: int) -> dict[str, Any]:
    """The coordinator, national admin and the editor of the assigned agency."""
    return {**managers(ok), "editor_a": ok}


ROUTES: list[Route] = [
    Route(
        "readiness:assessment_list",
        lambda w: reverse("readiness:assessment_list", kwargs={"code": w.region.code}),
        members(),
    ),
    Route(
        "readiness:assessment_list",
        lambda w: reverse("readiness:assessment_list", kwargs={"code": w.region.code}),
        {**managers(302)},
        method="post",
        data=lambda w: {"year": 2024},
        label="start assessment",
    ),
    Route(
        "readiness:assessment_detail",
        lambda w: reverse("readiness:assessment_detail", kwargs=_pk(w)),
        members(),
    ),
    Route(
        "readiness:answer_list",
        lambda w: reverse("readiness:answer_list", kwargs=_pk(w)),
        members(),
    ),
    Route(
        "readiness:answer_update",
        lambda w: reverse("readiness:answer_update", kwargs=_answer_kwargs(w)),
        _answerers(302),
        method="post",
        data=lambda w: {f"a{_answer(w).pk}-level": "2", f"a{_answer(w).pk}-justification": "x"},
    ),
    Route(
        "readiness:answer_history",
        lambda w: reverse("readiness:answer_history", kwargs=_answer_kwargs(w)),
        members(),
    ),
    Route(
        "readiness:evidence_create",
        lambda w: reverse("readiness:evidence_create", kwargs=_answer_kwargs(w)),
        _answerers(302),
        method="post",
        data=lambda w: {f"e{_answer(w).pk}-url": "https://example.go.id/sk.pdf"},
    ),
    Route(
        "readiness:evidence_download",
        lambda w: reverse("readiness:evidence_download", kwargs={"pk": _evidence(w).pk}),
        members(302),
    ),
    Route(
        "readiness:evidence_delete",
        lambda w: reverse("readiness:evidence_delete", kwargs={"pk": _evidence(w).pk}),
        _answerers(302),
        method="post",
    ),
    Route(
        "readiness:assessment_assign",
        lambda w: reverse("readiness:assessment_assign", kwargs=_pk(w)),
        managers(),
    ),
    Route(
        "readiness:assessment_assign",
        lambda w: reverse("readiness:assessment_assign", kwargs=_pk(w)),
        managers(302),
        method="post",
        data=_assignment,
    ),
    Route(
        "readiness:assessment_submit",
        lambda w: reverse("readiness:assessment_submit", kwargs=_pk(w)),
        managers(),
    ),
    Route(
        "readiness:assessment_submit",
        lambda w: reverse("readiness:assessment_submit", kwargs=_pk(w)),
        managers(302),
        method="post",
        data=lambda w: {"confirm_incomplete": "1"},
    ),
    Route(
        "readiness:assessment_return",
        lambda w: reverse("readiness:assessment_return", kwargs={"pk": _submitted(w).pk}),
        {**members(403), "national_admin": 200, "assessor": 200},
    ),
    Route(
        "readiness:assessment_return",
        lambda w: reverse("readiness:assessment_return", kwargs={"pk": _submitted(w).pk}),
        {**members(403), "national_admin": 302, "assessor": 302},
        method="post",
        data=lambda w: {"comment": "Lengkapi bukti dukung."},
        label="return assessment",
    ),
    Route(
        "readiness:swot_list",
        lambda w: reverse("readiness:swot_list", kwargs=_pk(w)),
        members(),
    ),
    Route(
        "readiness:swot_list",
        lambda w: reverse("readiness:swot_list", kwargs=_pk(w)),
        managers(302),
        method="post",
        data=lambda w: {"kind": "threat", "text": "Anggaran TIK turun"},
        label="add SWOT entry",
    ),
    Route(
        "readiness:swot_update",
        lambda w: reverse("readiness:swot_update", kwargs={"pk": _swot(w).pk}),
        managers(),
    ),
    Route(
        "readiness:swot_update",
        lambda w: reverse("readiness:swot_update", kwargs={"pk": _swot(w).pk}),
        managers(302),
        method="post",
        data=_swot_edit,
    ),
    Route(
        "readiness:swot_delete",
        lambda w: reverse("readiness:swot_delete", kwargs={"pk": _swot(w).pk}),
        managers(302),
        method="post",
    ),
]


def _item_id(w: World) -> int:
    return _answer(w).item_id


ROUTES += [
    Route(
        "api:list_assessments",
        lambda w: reverse("api:list_assessments", kwargs={"code": w.region.code}),
        members(anonymous=401),
    ),
    Route(
        "api:start_assessment",
        lambda w: reverse("api:start_assessment", kwargs={"code": w.region.code}),
        {**managers(201, anonymous=401)},
        method="post",
        data=lambda w: {"year": 2024},
    ),
    Route(
        "api:get_assessment",
        lambda w: reverse("api:get_assessment", kwargs={"assessment_id": _assessment(w).pk}),
        members(anonymous=401),
    ),
    Route(
        "api:list_answers",
        lambda w: reverse("api:list_answers", kwargs={"assessment_id": _assessment(w).pk}),
        members(anonymous=401),
    ),
    Route(
        "api:put_answer",
        lambda w: reverse(
            "api:put_answer",
            kwargs={"assessment_id": _assessment(w).pk, "item_id": _item_id(w)},
        ),
        {**_answerers(200), "anonymous": 401},
        method="put",
        data=lambda w: {"level": 3, "justification": "Ada SK tim TIK"},
    ),
    Route(
        "api:list_swot",
        lambda w: reverse("api:list_swot", kwargs={"assessment_id": _assessment(w).pk}),
        members(anonymous=401),
    ),
    Route(
        "api:create_swot",
        lambda w: reverse("api:create_swot", kwargs={"assessment_id": _assessment(w).pk}),
        {**managers(201, anonymous=401)},
        method="post",
        data=lambda w: {"kind": "opportunity", "text": "Program nasional PSrE"},
    ),
    Route(
        "api:get_swot",
        lambda w: reverse("api:get_swot", kwargs={"entry_id": _swot(w).pk}),
        members(anonymous=401),
    ),
]


def _file_evidence(w: World) -> Evidence:
    return services.add_evidence(
        _answer(w), title="SK", upload=SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n"), actor=SYSTEM
    )


ROUTES += [
    Route(
        "api:list_evidence",
        lambda w: reverse(
            "api:list_evidence", kwargs={"assessment_id": _evidence(w).answer.assessment_id}
        ),
        members(anonymous=401),
    ),
    Route(
        "api:add_evidence",
        lambda w: reverse(
            "api:add_evidence",
            kwargs={"assessment_id": _assessment(w).pk, "item_id": _item_id(w)},
        ),
        {**_answerers(201), "anonymous": 401},
        method="post",
        data=lambda w: {"file": SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n"), "title": "SK"},
        multipart=True,
    ),
    Route(
        "api:download_evidence",
        lambda w: reverse("api:download_evidence", kwargs={"evidence_id": _file_evidence(w).pk}),
        members(anonymous=401),
    ),
    Route(
        "api:delete_evidence",
        lambda w: reverse("api:delete_evidence", kwargs={"evidence_id": _evidence(w).pk}),
        {**_answerers(204), "anonymous": 401},
        method="delete",
    ),
    Route(
        "api:submit_assessment",
        lambda w: reverse("api:submit_assessment", kwargs={"assessment_id": _assessment(w).pk}),
        managers(200, anonymous=401),
        method="post",
        data=lambda w: {"confirm_incomplete": True},
    ),
    Route(
        "api:return_assessment",
        lambda w: reverse("api:return_assessment", kwargs={"assessment_id": _submitted(w).pk}),
        {**members(403, anonymous=401), "national_admin": 200, "assessor": 200},
        method="post",
        data=lambda w: {"comment": "Lengkapi bukti dukung."},
    ),
]


@functools.cache
def _draft_yaml(version: str) -> bytes:
    """The shipped instrument under a new version number, cut to two items (fast to load)."""
    data = yaml.safe_load(instrument_files()[0].read_bytes())
    data["version"] = version
    data["items"] = data["items"][:2]
    return yaml.safe_dump(data, allow_unicode=True).encode()


def _draft_instrument(w: World) -> int:
    """A draft (unpublished) instrument."""
    return load_instrument(
        _draft_yaml("2099.1"), "draft.yaml", publish=False, actor=SYSTEM
    ).instrument.pk


def _upload(w: World) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("instrument.yaml", _draft_yaml("2099.2"))}


def _published_instrument(w: World) -> int:
    return Instrument.objects.filter(published_at__isnull=False).values_list("pk", flat=True)[0]


# Readiness instruments in the framework catalogue
ROUTES += [
    Route("framework:instrument_list", lambda w: reverse("framework:instrument_list"), public()),
    Route(
        "framework:instrument_list",
        lambda w: reverse("framework:instrument_list"),
        national(302),
        method="post",
        data=_upload,
        label="upload instrument",
    ),
    Route(
        "framework:instrument_detail",
        lambda w: reverse("framework:instrument_detail", kwargs={"pk": _published_instrument(w)}),
        public(),
    ),
    Route(
        "framework:instrument_detail",
        lambda w: reverse("framework:instrument_detail", kwargs={"pk": _draft_instrument(w)}),
        {**public(404), "national_admin": 200},
        label="draft instrument",
    ),
    Route(
        "framework:instrument_publish",
        lambda w: reverse("framework:instrument_publish", kwargs={"pk": _draft_instrument(w)}),
        {**public(404), "national_admin": 302, "anonymous": LOGIN},
        method="post",
    ),
]
