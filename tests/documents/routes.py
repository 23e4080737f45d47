"""Rows of the permission matrix (tests/test_permissions.py) for the documents module.

A draft masterplan of the main region carries a generated document; a published one too.
The page, chapter texts and a draft's documents stay inside the region; of a published
masterplan, the files generated from its published version are downloaded by every
signed-in user, those generated from its working draft or an older version stay inside the
region; only the coordinator (and
national admins) write chapters, upload the template and generate.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse

from kotacerdas.documents.models import GeneratedDocument
from kotacerdas.planning.models import Masterplan, MasterplanVersion

from ..conftest import World
from ..permissions import LOGIN, Route, managers, members, signed_in
from ..planning.factories import masterplan


def _plan(w: World, status: str = "draft") -> Masterplan:
    found = Masterplan.objects.filter(region=w.region, status=status).first()
    return found or masterplan(w, status=status)


def _version(plan: Masterplan, number: int) -> MasterplanVersion:
    found = plan.versions.filter(number=number).first()
    return found or MasterplanVersion.objects.create(masterplan=plan, number=number, snapshot={})


def _document(w: World, status: str, version: int | None = None) -> GeneratedDocument:
    """A file of the main region's masterplan in ``status``, generated from its working
    draft (``version`` None) or from that version (version 2 is the published one)."""
    plan = _plan(w, status)
    row = _version(plan, version) if version else None
    if status == "published":
        _version(plan, 2)
    found = plan.generated_documents.filter(masterplan_version=row).first()
    if found is None:
        found = GeneratedDocument(
            masterplan=plan,
            masterplan_version=row,
            format="pdf",
            language="id",
            sha256="0" * 64,
            size=9,
        )
        found.file.save("masterplan.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        found.save()
    return found


def _page(name: str, **extra: Any) -> Any:
    return lambda w: reverse(name, kwargs={"pk": _plan(w).pk, **extra})


ROUTES: list[Route] = [
    Route(
        "documents:document_current",
        lambda w: (_plan(w), reverse("documents:document_current", args=[w.region.code]))[1],
        members(302),
    ),
    Route("documents:document_page", _page("documents:document_page"), members()),
    Route(
        "documents:chapter_text_save",
        _page("documents:chapter_text_save", code="background"),
        managers(302),
        method="post",
        data=lambda w: {"background-html": "<p>Latar</p>"},
    ),
    Route(
        "documents:document_generate",
        _page("documents:document_generate"),
        managers(302),
        method="post",
        data=lambda w: {"format": "pdf", "language": "id"},
    ),
    Route(
        "documents:template_upload",
        _page("documents:template_upload"),
        managers(302),
        method="post",
    ),
    Route(
        "documents:template_remove",
        _page("documents:template_remove"),
        managers(302),
        method="post",
    ),
    Route(
        "documents:document_download",
        lambda w: reverse("documents:document_download", args=[_document(w, "draft").pk]),
        members(),
        label="draft",
    ),
    Route(
        "documents:document_download",
        lambda w: reverse(
            "documents:document_download", args=[_document(w, "published", version=2).pk]
        ),
        signed_in(200, anonymous=LOGIN),
        label="published version",
    ),
    Route(
        "documents:document_download",
        lambda w: reverse(
            "documents:document_download", args=[_document(w, "published", version=1).pk]
        ),
        members(),
        label="published masterplan, older version",
    ),
    Route(
        "documents:document_download",
        lambda w: reverse("documents:document_download", args=[_document(w, "published").pk]),
        members(),
        label="published masterplan, file of its draft",
    ),
]
