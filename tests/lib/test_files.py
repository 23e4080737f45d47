"""The one upload check and the one way files leave the server."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from django.test import RequestFactory

from kotacerdas.lib import files
from kotacerdas.lib.files import Kind, check_upload, serve, upload_to
from kotacerdas.readiness.models import Evidence
from kotacerdas.regions.models import Agency

PDF = b"%PDF-1.4\n%fake but well-formed enough\n"


def test_a_document_of_an_accepted_type_passes() -> None:
    check_upload(SimpleUploadedFile("sk.pdf", PDF), Kind.DOCUMENT)


@pytest.mark.parametrize(
    ("name", "content", "kind", "says"),
    [
        ("script.exe", b"MZ", Kind.DOCUMENT, "not an accepted file type"),
        ("report.pdf", b"<html>", Kind.DOCUMENT, "does not contain what its name says"),
        ("data.csv", b"a,b\x00", Kind.SPREADSHEET, "not a text file"),
        ("sk.pdf", PDF, Kind.SPREADSHEET, "not an accepted file type"),
        ("instrument.yaml", b"\x00\x01", Kind.INSTRUMENT, "not a text file"),
        ("slides.pdf", PDF, Kind.PHOTO, "not an accepted file type"),
        ("foto.jpg", b"\x89PNG\r\n\x1a\n", Kind.PHOTO, "does not contain what its name says"),
    ],
)
def test_wrong_types_are_refused_naming_the_file(
    name: str, content: bytes, kind: Kind, says: str, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile(name, content), kind)
    assert says in caught.value.messages[0]
    assert name in caught.value.messages[0]


def test_each_kind_has_its_own_limit_from_settings(settings: Any) -> None:
    settings.DOCUMENT_MAX_BYTES = len(PDF)
    settings.SPREADSHEET_MAX_BYTES = 10
    check_upload(SimpleUploadedFile("sk.pdf", PDF), Kind.DOCUMENT)
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile("sk.pdf", PDF + b"x"), Kind.DOCUMENT)
    assert caught.value.code == "file_size"
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("rows.csv", b"a,b,c\n1,2,3\n"), Kind.SPREADSHEET)
    assert files.max_bytes(Kind.SPREADSHEET) == 10


def test_a_photo_is_a_jpeg_or_png_by_content_within_its_own_limit(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 60
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 56
    settings.PHOTO_MAX_BYTES = len(jpeg)
    check_upload(SimpleUploadedFile("foto.JPG", jpeg), Kind.PHOTO)
    check_upload(SimpleUploadedFile("foto.png", png), Kind.PHOTO)
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile("besar.jpg", jpeg + b"x"), Kind.PHOTO)
    assert caught.value.code == "file_size"
    assert "besar.jpg" in caught.value.messages[0]
    assert files.max_bytes(Kind.PHOTO) == len(jpeg)


@pytest.mark.django_db
def test_names_are_generated_never_the_users() -> None:
    agency = Agency(name="x")
    first = upload_to(agency, "../../etc/passwd <script>.PDF")
    second = upload_to(agency, "../../etc/passwd <script>.PDF")
    assert first.startswith("regions/agency/")
    assert first.endswith(".pdf")
    assert first != second
    assert "passwd" not in first and ".." not in first


@pytest.mark.django_db
def test_a_file_is_served_as_an_attachment_that_is_never_sniffed(
    settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SENDFILE_ROOT = str(tmp_path)
    from django.core.files.storage import default_storage

    stored = default_storage.save("regions/agency/2026/abc.pdf", ContentFile(PDF))
    field = Evidence._meta.get_field("file")
    file = FieldFile(None, field, stored)  # type: ignore[arg-type]
    response = serve(RequestFactory().get("/"), file, "SK Dewan Smart City.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "SK Dewan Smart City.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == PDF


def test_no_media_url_is_routed(client: Any) -> None:
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve("/media/readiness/evidence/2026/x.pdf")
