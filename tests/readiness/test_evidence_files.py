"""Evidence files are reachable only through the view that checks the assessment."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kotacerdas.accounts.models import Role
from kotacerdas.readiness import services
from kotacerdas.readiness.models import Assessment, Evidence

from ..conftest import World, make_user

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# Kota Bengkulu's evidence: every member of the region, its assessor, the province's viewer
# and the national admin get it; another region's coordinator or assessor and users
# without a role do not learn it exists; an anonymous visitor is sent to the login page.
FETCHES = [
    ("anonymous", 302),
    ("other_coordinator", 404),
    ("other_assessor", 404),
    ("no_role", 404),
    ("editor_b", 200),
    ("council", 200),
    ("assessor", 200),
    ("province_viewer", 200),
    ("national_admin", 200),
]


def _evidence(world: World, assessment: Assessment) -> Evidence:
    answer = assessment.answers.order_by("item__position")[0]
    return services.add_evidence(
        answer,
        title="Perwal SPBE",
        upload=SimpleUploadedFile("perwal.pdf", PDF),
        actor=world.users["editor_a"],
    )


def _url(evidence: Evidence) -> str:
    return reverse("readiness:evidence_download", kwargs={"pk": evidence.pk})


@pytest.mark.parametrize(("persona", "status"), FETCHES)
def test_evidence_is_served_only_to_those_who_may_read_the_assessment(
    world: World, assessment: Assessment, media_root: Path, persona: str, status: int
) -> None:
    url = _url(_evidence(world, assessment))
    if persona == "other_assessor":
        client = world.client("anonymous")
        client.force_login(make_user("assessor_other", (Role.ASSESSOR, world.other_region, None)))
    else:
        client = world.client(persona)
    response = client.get(url)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    if status != 200:
        assert PDF not in response.getvalue()
        return
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="Perwal_SPBE.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.getvalue() == PDF


def test_evidence_is_stored_under_a_generated_name_with_no_public_url(
    world: World, assessment: Assessment, media_root: Path
) -> None:
    evidence = _evidence(world, assessment)
    stored = evidence.file.name or ""
    assert stored.startswith("readiness/evidence/") and "perwal" not in stored
    assert (media_root / stored).read_bytes() == PDF
    assert world.client("coordinator").get(settings.MEDIA_URL + stored).status_code == 404


def test_pages_link_evidence_to_the_view_never_to_the_stored_file(
    world: World, assessment: Assessment, media_root: Path
) -> None:
    evidence = _evidence(world, assessment)
    stored = evidence.file.name or ""
    page = reverse("readiness:answer_list", kwargs={"pk": assessment.pk})
    body = world.client("coordinator").get(page).content.decode()
    assert f'href="{_url(evidence)}"' in body
    assert stored not in body and settings.MEDIA_URL not in body
