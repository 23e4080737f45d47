"""Readiness through the API: evidence (list, upload, download, remove), submitting and
returning an assessment; a step its state does not allow is 409 ``invalid_state``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.readiness import services
from kotacerdas.readiness.models import Assessment, Evidence

from ..conftest import World

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JSON = "application/json"


def _error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    return body["error"]  # type: ignore[no-any-return]


def _item(assessment: Assessment, dimension_index: int = 0) -> int:
    """An item of the first dimension (agency A answers it) or of the second (agency B)."""
    dimension = assessment.instrument.framework.dimensions.order_by("position")[dimension_index]
    return (
        assessment.answers.filter(item__dimension=dimension).order_by("item__position")[0].item_id
    )


def _upload_url(assessment: Assessment, item_id: int) -> str:
    return f"/api/v1/readiness/{assessment.pk}/answers/{item_id}/evidence"


def _upload(client: Any, assessment: Assessment, item_id: int, **data: Any) -> Any:
    return client.post(_upload_url(assessment, item_id), data, HTTP_ACCEPT_LANGUAGE="en")


def test_an_editor_uploads_evidence_and_a_reader_downloads_it(
    world: World, assessment: Assessment, media_root: Path
) -> None:
    item_id = _item(assessment)
    pdf = SimpleUploadedFile("perwal-spbe.pdf", PDF)
    created = _upload(world.client("editor_a"), assessment, item_id, file=pdf, title="Perwal SPBE")
    assert created.status_code == 201
    evidence = created.json()
    assert evidence["item_id"] == item_id and evidence["has_file"] is True
    assert evidence["size"] == len(PDF) and evidence["url"] == ""

    link = _upload(world.client("coordinator"), assessment, item_id, url="https://jdih.go.id/x")
    assert link.status_code == 201 and link.json()["has_file"] is False

    reader = world.client("council")
    listed = reader.get(f"/api/v1/readiness/{assessment.pk}/evidence").json()
    assert [e["title"] for e in listed["items"]] == ["Perwal SPBE", "https://jdih.go.id/x"]
    only = reader.get(f"/api/v1/readiness/{assessment.pk}/evidence", {"item_id": item_id + 99999})
    assert only.json()["count"] == 0

    download = reader.get(f"/api/v1/evidence/{evidence['id']}/file")
    assert download.status_code == 200
    assert download.getvalue() == PDF
    assert 'filename="Perwal_SPBE.pdf"' in download["Content-Disposition"]
    assert reader.get(f"/api/v1/evidence/{link.json()['id']}/file").status_code == 404
    outsider = world.client("other_coordinator").get(f"/api/v1/evidence/{evidence['id']}/file")
    assert outsider.status_code == 404 and PDF not in outsider.getvalue()


def test_bad_uploads_are_refused_naming_the_field(
    world: World, assessment: Assessment, media_root: Path
) -> None:
    client = world.client("coordinator")
    item_id = _item(assessment)
    fake = _upload(client, assessment, item_id, file=SimpleUploadedFile("sk.pdf", b"MZ\x90\x00"))
    assert fake.status_code == 400
    assert [d["field"] for d in _error(fake)["details"]] == ["file"]
    assert "does not contain what its name says" in _error(fake)["message"]
    both = _upload(
        client,
        assessment,
        item_id,
        file=SimpleUploadedFile("sk.pdf", PDF),
        url="https://jdih.go.id/x",
    )
    assert both.status_code == 400 and _error(both)["details"][0]["field"] == "file"
    assert _upload(client, assessment, item_id).status_code == 400
    bad_link = _upload(client, assessment, item_id, url="not a link")
    assert bad_link.status_code == 400 and _error(bad_link)["details"][0]["field"] == "url"
    control = _upload(client, assessment, item_id, url="https://go.id/x", title="SK\x01")
    assert control.status_code == 422 and _error(control)["details"][0]["field"] == "title"
    assert not Evidence.objects.exists()
    assert not list(media_root.rglob("*.pdf"))


def test_an_editor_cannot_add_evidence_to_another_agencys_item(
    world: World, assessment: Assessment
) -> None:
    response = _upload(
        world.client("editor_a"), assessment, _item(assessment, 1), url="https://a.id"
    )
    assert response.status_code == 403
    assert _error(response)["code"] == "forbidden"


def _post(client: Any, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type=JSON, HTTP_ACCEPT_LANGUAGE="en")


def test_submit_and_return_through_the_api(world: World, assessment: Assessment) -> None:
    base = f"/api/v1/readiness/{assessment.pk}"
    evidence = services.add_evidence(
        assessment.answers.get(item_id=_item(assessment)),
        title="SK",
        url="https://jdih.go.id/sk",
        actor=SYSTEM,
    )
    assert _post(world.client("assessor"), f"{base}/return", {"comment": "x"}).status_code == 409
    assert _post(world.client("editor_a"), f"{base}/submit").status_code == 403

    submitted = _post(world.client("token_client"), f"{base}/submit", {"confirm_incomplete": True})
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    again = _post(world.client("coordinator"), f"{base}/submit")
    assert again.status_code == 409
    assert _error(again)["code"] == "invalid_state"
    assert "read-only until an assessor returns it" in _error(again)["message"]

    # While submitted, evidence can neither be added nor removed: 409, nothing changes.
    late = _upload(world.client("coordinator"), assessment, _item(assessment), url="https://b.id")
    assert late.status_code == 409 and _error(late)["code"] == "invalid_state"
    removed = world.client("coordinator").delete(f"/api/v1/evidence/{evidence.pk}")
    assert removed.status_code == 409
    assert Evidence.objects.filter(answer__assessment=assessment).count() == 1

    assert _post(world.client("coordinator"), f"{base}/return", {"comment": "x"}).status_code == 403
    version = Assessment.objects.get(pk=assessment.pk).version
    stale = _post(world.client("assessor"), f"{base}/return", {"comment": "x", "version": 1})
    assert version != 1 and stale.status_code == 409
    assert _error(stale)["code"] == "conflict"
    blank = _post(world.client("assessor"), f"{base}/return", {"comment": "  "})
    assert blank.status_code == 400 and _error(blank)["details"][0]["field"] == "comment"
    returned = _post(
        world.client("assessor"),
        f"{base}/return",
        {"comment": "Lengkapi bukti dukung.", "version": version},
    )
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_comment"] == "Lengkapi bukti dukung."

    assert world.client("coordinator").delete(f"/api/v1/evidence/{evidence.pk}").status_code == 204
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, {"limit": 500}).status_code == 200
    return len(ctx.captured_queries)


def test_the_evidence_list_costs_the_same_for_1_and_40_files(
    world: World, assessment: Assessment
) -> None:
    client = world.client("coordinator")
    url = f"/api/v1/readiness/{assessment.pk}/evidence"
    answers = list(assessment.answers.order_by("item__position")[:20])
    services.add_evidence(answers[0], title="0", url="https://a.id/0", actor=SYSTEM)
    small = _count(client, url)
    for n in range(39):
        services.add_evidence(answers[n % 20], title=str(n), url=f"https://a.id/{n}", actor=SYSTEM)
    assert _count(client, url) == small <= 8
