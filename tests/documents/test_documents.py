"""The document page, generating through the job queue, downloading, the region's template
and the chapter texts, as the coordinator would use them."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from kotacerdas.documents.models import ChapterText, GeneratedDocument, RegionTemplate
from kotacerdas.documents.render import docx as word
from kotacerdas.jobs import worker
from kotacerdas.jobs.models import Job, Status
from kotacerdas.planning.models import Masterplan, MasterplanVersion
from kotacerdas.planning.review.snapshot import take_snapshot

from ..conftest import World
from .factories import PROGRAMME, TOTAL_RUPIAH, TOTAL_WORDS, full_plan

pytestmark = pytest.mark.django_db


def _generate(w: World, plan: Masterplan, capture: Any, **data: Any) -> Job:
    client = w.client("coordinator")
    with capture(execute=True):
        response = client.post(
            reverse("documents:document_generate", args=[plan.pk]),
            {"format": "pdf", "language": "id", **data},
        )
    job = Job.objects.latest("created")
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job_detail", kwargs={"pk": job.pk})
    worker.run(str(job.pk), task_id=job.task_id)
    job.refresh_from_db()
    return job


def _download(w: World, job: Job, persona: str = "coordinator") -> bytes:
    response = w.client(persona).get(job.outcome_url)
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content


def test_the_coordinator_generates_a_pdf_and_downloads_it(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    plan = full_plan(world)
    job = _generate(world, plan, django_capture_on_commit_callbacks)
    assert job.status == Status.DONE, job.error
    data = _download(world, job)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    for expected in (world.region.name, PROGRAMME, TOTAL_RUPIAH, TOTAL_WORDS):
        assert expected in text
    row = GeneratedDocument.objects.get()
    assert (row.format, row.language, row.created_by) == ("pdf", "id", world.users["coordinator"])
    page = world.client("coordinator").get(reverse("documents:document_page", args=[plan.pk]))
    assert reverse("documents:document_download", args=[row.pk]) in page.content.decode()


def test_a_docx_in_english(world: World, django_capture_on_commit_callbacks: Any) -> None:
    plan = full_plan(world)
    job = _generate(world, plan, django_capture_on_commit_callbacks, format="docx", language="en")
    assert job.status == Status.DONE, job.error
    document = docx.Document(io.BytesIO(_download(world, job)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Introduction"


def test_an_approved_version_is_generated_once_and_handed_out_byte_identical(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    plan = full_plan(world, status="approved")
    MasterplanVersion.objects.create(masterplan=plan, number=1, snapshot=take_snapshot(plan))
    first = _generate(world, plan, django_capture_on_commit_callbacks, version=1)
    plan.programmes.update(name="Renamed later")  # the version's document does not change
    second = _generate(world, plan, django_capture_on_commit_callbacks, version=1)
    assert first.outcome_url == second.outcome_url
    data = _download(world, second)
    assert PROGRAMME in " ".join(PdfReader(io.BytesIO(data)).pages[6].extract_text().split()) or (
        PROGRAMME
        in " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    )
    assert GeneratedDocument.objects.get().masterplan_version.number == 1


def test_a_job_for_a_deleted_version_fails_with_a_clear_message_and_no_file(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    plan = full_plan(world, status="approved")
    version = MasterplanVersion.objects.create(
        masterplan=plan, number=1, snapshot=take_snapshot(plan)
    )
    client = world.client("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("documents:document_generate", args=[plan.pk]),
            {"format": "docx", "language": "id", "version": 1},
        )
    job = Job.objects.get()
    MasterplanVersion.objects.filter(pk=version.pk).delete()
    worker.run(str(job.pk), task_id=job.task_id)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    page = client.get(reverse("jobs:job_detail", kwargs={"pk": job.pk})).content.decode()
    assert "Versi masterplan untuk pekerjaan ini telah dihapus." in page
    assert not GeneratedDocument.objects.exists()


def _upload(w: World, plan: Masterplan, name: str, content: bytes) -> str:
    response = w.client("coordinator").post(
        reverse("documents:template_upload", args=[plan.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    return response.content.decode()


def _docx(*texts: str) -> bytes:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_template_that_is_not_a_word_file_is_refused(world: World) -> None:
    plan = full_plan(world)
    page = _upload(world, plan, "kop.docx", b"%PDF-1.4 not a word file")
    assert "kop.docx" in page
    assert not RegionTemplate.objects.exists()
    page = _upload(world, plan, "kop.pdf", b"%PDF-1.4\n")
    assert "bukan berkas Word" in page


def test_a_template_missing_placeholders_is_refused_naming_them(world: World) -> None:
    plan = full_plan(world)
    page = _upload(world, plan, "kop.docx", _docx("{{ title }}", "{{ region_name }}"))
    assert "chapter_programmes" in page
    assert "period" in page
    assert not RegionTemplate.objects.exists()


def test_the_regions_template_is_used_for_its_documents(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    plan = full_plan(world)
    own = _docx(
        "KOP PEMERINTAH KOTA BENGKULU",
        *(
            f"{{{{ {name} }}}}"
            if not name.startswith(("chapter_", "annexes"))
            else f"{{{{p {name} }}}}"
            for name in word.required()
        ),
    )
    _upload(world, plan, "kop.docx", own)
    assert RegionTemplate.objects.get().name == "kop.docx"
    job = _generate(world, plan, django_capture_on_commit_callbacks, format="docx")
    assert job.status == Status.DONE, job.error
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(_download(world, job))).paragraphs)
    assert "KOP PEMERINTAH KOTA BENGKULU" in text


def test_chapter_text_is_sanitised(world: World) -> None:
    plan = full_plan(world)
    world.client("coordinator").post(
        reverse("documents:chapter_text_save", args=[plan.pk, "background"]),
        {
            "background-html": '<p onclick="x()">Latar <script>alert(1)</script><b>kuat</b></p>'
            '<img src="x" onerror="alert(2)"><h3 style="color:red">Judul</h3>'
            '<a href="javascript:alert(3)">tautan</a>'
        },
    )
    assert ChapterText.objects.get().html == (
        '<p>Latar <b>kuat</b></p><h3>Judul</h3><a rel="noopener noreferrer">tautan</a>'
    )


def test_the_page_costs_the_same_queries_for_few_and_many_documents(world: World) -> None:
    plan = full_plan(world)
    client = world.client("coordinator")
    url = reverse("documents:document_page", args=[plan.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for _ in range(n):
            GeneratedDocument.objects.create(
                masterplan=plan,
                format="pdf",
                language="id",
                sha256="0" * 64,
                created_by=world.users["coordinator"],
                file="documents/x.pdf",
            )

    add(1)
    few = count()
    add(9)
    assert count() == few
