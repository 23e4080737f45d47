"""A session's materials and photos as users meet them: the coordinator uploads and removes
them on the session page, readers download them, a refused file is named and nothing is
kept, another region's files are not there (404); the page costs the same queries for one
file and for many."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.guidance import services
from kotacerdas.guidance.models import SessionFile

from ..conftest import World
from .factories import JPEG, PDF, cohort, session, session_file


def _english(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _page(client: Client, w: World) -> str:
    response = client.get(reverse("guidance:session_detail", kwargs={"pk": session(w).pk}))
    assert response.status_code == 200
    return response.content.decode()


def _stored(settings: Any) -> set[Path]:
    """Every session file on disk (the media folder is shared by the whole test run)."""
    return {p for p in Path(settings.MEDIA_ROOT, "guidance").rglob("*") if p.is_file()}


def test_the_coordinator_uploads_a_material_and_a_photo_and_readers_download_them(
    world: World,
) -> None:
    coordinator = _english(world.client("coordinator"))
    add = reverse("guidance:session_file_add", kwargs={"pk": session(world).pk})
    response = coordinator.post(
        add,
        {"kind": "material", "title": "Paparan Tahap I", "file": SimpleUploadedFile("p.pdf", PDF)},
        follow=True,
    )
    assert "File added: Paparan Tahap I." in response.content.decode()
    coordinator.post(add, {"kind": "photo", "file": SimpleUploadedFile("pembukaan.jpg", JPEG)})

    page = _page(_english(world.client("council")), world)
    assert "Paparan Tahap I" in page and "pembukaan.jpg" in page
    assert 'type="file"' not in page and "/remove/" not in page  # a reader only reads
    material = SessionFile.objects.get(kind="material")
    assert material.created_by == world.users["coordinator"]
    assert material.size == len(PDF)
    download = reverse("guidance:session_file_download", kwargs={"pk": material.pk})
    assert download in page

    response = world.client("province_viewer").get(download)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    assert body == PDF
    assert 'attachment; filename="Paparan_Tahap_I.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_removing_a_file_takes_it_off_the_page_and_the_disk(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    before = _stored(settings)
    item = session_file(world, "photo")
    assert _stored(settings) == before | {Path(item.file.path)}
    coordinator = _english(world.client("coordinator"))
    assert "foto.jpg" in _page(coordinator, world)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("guidance:session_file_remove", kwargs={"pk": item.pk}), follow=True
        )
    page = response.content.decode()
    assert "File removed: foto.jpg." in page
    assert "No materials or photos yet." in page
    assert not SessionFile.objects.exists()
    assert _stored(settings) == before


def test_a_file_of_a_forbidden_type_is_refused_by_name_and_nothing_is_kept(
    world: World, settings: Any
) -> None:
    before = _stored(settings)
    coordinator = _english(world.client("coordinator"))
    add = reverse("guidance:session_file_add", kwargs={"pk": session(world).pk})
    for kind, name, content in [
        ("material", "setup.exe", b"MZ\x90\x00"),
        ("photo", "slides.pdf", PDF),  # a document is not a photo
        ("photo", "fake.jpg", b"<html>"),
    ]:
        response = coordinator.post(
            add, {"kind": kind, "file": SimpleUploadedFile(name, content)}, follow=True
        )
        page = response.content.decode()
        assert f"“{name}”" in page, name
        assert "File added" not in page
    assert not SessionFile.objects.exists()
    assert _stored(settings) == before


def test_an_oversized_photo_is_refused_naming_the_file_and_the_limit(
    world: World, settings: Any
) -> None:
    settings.PHOTO_MAX_BYTES = 1024
    before = _stored(settings)
    coordinator = _english(world.client("coordinator"))
    response = coordinator.post(
        reverse("guidance:session_file_add", kwargs={"pk": session(world).pk}),
        {"kind": "photo", "file": SimpleUploadedFile("besar.jpg", JPEG + b"\x00" * 2048)},
        follow=True,
    )
    page = response.content.decode()
    assert "“besar.jpg” is 2.0\xa0KB; the limit is 1.0\xa0KB." in page
    assert not SessionFile.objects.exists()
    assert _stored(settings) == before


def test_another_regions_session_files_are_not_found(world: World) -> None:
    made = cohort(world, regions=[world.region, world.other_region])
    other = services.schedule_session(
        made.members.get(region=world.other_region),
        actor=SYSTEM,
        data=services.SessionIn(
            title="Bimtek I", stage="1", starts_on=date(2023, 7, 5), ends_on=date(2023, 7, 6)
        ),
    ).session
    theirs = services.add_session_file(
        other, actor=SYSTEM, kind="material", upload=SimpleUploadedFile("theirs.pdf", PDF)
    )
    coordinator = world.client("coordinator")  # Kota Bengkulu's
    for url, method in [
        (reverse("guidance:session_file_download", kwargs={"pk": theirs.pk}), "get"),
        (reverse("guidance:session_file_remove", kwargs={"pk": theirs.pk}), "post"),
        (reverse("guidance:session_file_add", kwargs={"pk": other.pk}), "post"),
    ]:
        assert getattr(coordinator, method)(url).status_code == 404, url
    assert list(SessionFile.objects.all()) == [theirs]
    own = world.client("other_coordinator")
    url = reverse("guidance:session_file_download", kwargs={"pk": theirs.pk})
    assert own.get(url).status_code == 200


def _queries(client: Client, w: World) -> int:
    url = reverse("guidance:session_detail", kwargs={"pk": session(w).pk})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_session_page_costs_the_same_for_one_file_and_for_many(world: World) -> None:
    session_file(world)
    coordinator = world.client("coordinator")
    one = _queries(coordinator, world)
    for n in range(6):
        services.add_session_file(
            session(world),
            actor=world.users["coordinator"],  # type: ignore[arg-type]
            kind="photo" if n % 2 else "material",
            upload=SimpleUploadedFile(
                f"f{n}.jpg" if n % 2 else f"f{n}.pdf", JPEG if n % 2 else PDF
            ),
        )
    assert _queries(coordinator, world) == one
