"""Every change the documents app makes: chapter texts, the region's Word template, and
generating a masterplan document (in a background job, through ``request_document``)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.jobs.models import Job
from kotacerdas.jobs.progress import Progress
from kotacerdas.jobs.registry import StrOrPromise
from kotacerdas.jobs.services import enqueue_job
from kotacerdas.lib.concurrency import check_version
from kotacerdas.lib.files import Kind, check_upload
from kotacerdas.planning.models import Masterplan, MasterplanVersion
from kotacerdas.regions.models import Region

from . import richtext
from .keeping import SAVING, keep
from .models import ChapterText, GeneratedDocument, RegionTemplate
from .render import chapters, context, docx, pdf
from .render.figures import draw

KINDS: dict[str, str] = {
    GeneratedDocument.Format.DOCX: "documents.masterplan_docx",
    GeneratedDocument.Format.PDF: "documents.masterplan_pdf",
}
LANGUAGES = ("id", "en")


def _lock_masterplan(masterplan: Masterplan) -> Masterplan:
    return (
        Masterplan.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=masterplan.pk)
    )


def save_chapter_text(
    *,
    actor: Actor,
    masterplan: Masterplan,
    code: str,
    html: str,
    opened_version: int | None = None,
) -> ChapterText:
    """Store one free-text section, sanitised (``richtext.clean``)."""
    with transaction.atomic():
        current = _lock_masterplan(masterplan)
        require(actor, "documents.change_chapter_text", current)
        if code not in chapters.text_codes():
            raise ValidationError({"code": _("There is no such section.")})
        row = ChapterText.objects.select_for_update().filter(masterplan=current, code=code).first()
        if row is not None and opened_version is not None:
            check_version(row, opened_version)
        with acting(actor):
            if row is None:
                row = ChapterText(masterplan=current, code=code, created_by=user_of(actor))
            row.html = richtext.clean(html)
            row.save()
        return row


def _check_template(upload: Any) -> bytes:
    check_upload(upload, Kind.DOCUMENT)
    if PurePath(upload.name or "").suffix.lower() != ".docx":
        raise ValidationError(
            {"file": _("“%(name)s” is not a Word file (.docx).") % {"name": upload.name}}
        )
    upload.seek(0)
    data: bytes = upload.read()
    try:
        missing = docx.missing_placeholders(data)
    except docx.TemplateError as error:
        raise ValidationError({"file": f"“{upload.name}”: {error}"}) from error
    if missing:
        raise ValidationError(
            {
                "file": _("“%(name)s” lacks these placeholders: %(missing)s.")
                % {"name": upload.name, "missing": ", ".join(missing)}
            }
        )
    return data


def upload_region_template(*, actor: Actor, region: Region, upload: Any) -> RegionTemplate:
    """Make ``upload`` the region's Word template, replacing the one before."""
    with transaction.atomic():
        current = Region.objects.select_for_update(of=("self",)).get(pk=region.pk)
        require(actor, "documents.change_region_template", current)
        data = _check_template(upload)
        with acting(actor):
            for old in RegionTemplate.objects.select_for_update().filter(region=current):
                old.file.delete(save=False)
                old.delete()
            row = RegionTemplate(region=current, name=upload.name[:200], created_by=user_of(actor))
            row.file.save("template.docx", ContentFile(data), save=False)
            row.save()
        return row


def remove_region_template(*, actor: Actor, region: Region) -> None:
    """Go back to the shipped template."""
    with transaction.atomic():
        current = Region.objects.select_for_update(of=("self",)).get(pk=region.pk)
        require(actor, "documents.change_region_template", current)
        with acting(actor):
            for old in RegionTemplate.objects.select_for_update().filter(region=current):
                old.file.delete(save=False)
                old.delete()


def request_document(
    *,
    actor: Actor,
    masterplan: Masterplan,
    format: str,
    language: str = "id",
    version: MasterplanVersion | None = None,
) -> Job:
    """Queue the generation of ``masterplan``'s document (of ``version`` when given)."""
    with transaction.atomic():
        current = _lock_masterplan(masterplan)
        require(actor, "documents.generate_document", current)
        if format not in KINDS:
            raise ValidationError({"format": _("Choose DOCX or PDF.")})
        if version is not None and version.masterplan_id != current.pk:
            raise ValidationError({"version": _("This version belongs to another masterplan.")})
        params = {
            "masterplan": current.pk,
            "version": version.pk if version else None,
            "language": language if language in LANGUAGES else "id",
        }
        return enqueue_job(actor=actor, kind=KINDS[format], region=current.region, params=params)


def _texts(masterplan: Masterplan) -> dict[str, str]:
    return dict(masterplan.chapter_texts.values_list("code", "html"))


def _template(masterplan: Masterplan) -> bytes | None:
    row = RegionTemplate.objects.filter(region_id=masterplan.region_id).first()
    if row is None:
        return None
    with row.file.open("rb") as handle:
        data: bytes = handle.read()
    return data


def _render(
    masterplan: Masterplan,
    version: MasterplanVersion | None,
    format: str,
    language: str,
    progress: Progress | None,
) -> bytes:
    def step(text: StrOrPromise, percent: int) -> None:
        if progress is not None:
            progress.report(text, percent)

    step(gettext_lazy("Reading the masterplan"), 10)
    doc = context.build(masterplan, version=version, texts=_texts(masterplan), language=language)
    step(gettext_lazy("Drawing the charts"), 30)
    figures = draw(doc)
    step(gettext_lazy("Writing the document"), 60)
    if format == GeneratedDocument.Format.DOCX:
        return docx.render(doc, template=_template(masterplan), figures=figures)
    return pdf.render(doc, figures=figures)


def _kept(
    masterplan: Masterplan, version: MasterplanVersion | None, format: str, language: str
) -> GeneratedDocument | None:
    if version is None:
        return None
    return GeneratedDocument.objects.filter(
        masterplan=masterplan, masterplan_version=version, format=format, language=language
    ).first()


def generate_document(
    *,
    actor: Actor,
    masterplan: Masterplan,
    format: str,
    language: str = "id",
    version: MasterplanVersion | None = None,
    progress: Progress | None = None,
) -> GeneratedDocument:
    """Render and keep the document. A version's document is generated once per format and
    language and then always handed out again as it is (byte-identical).

    The rendering (seconds for a large masterplan) runs between two short transactions, not
    inside one: a transaction holding the masterplan's lock (on SQLite, the whole database's
    write lock) for that long would hold back every other change meanwhile."""
    with transaction.atomic():
        current = _lock_masterplan(masterplan)
        require(actor, "documents.generate_document", current)
        kept = _kept(current, version, format, language)
        if kept is not None:
            return kept
    with translation.override(language):
        data = _render(current, version, format, language, progress)
    with transaction.atomic():
        current = _lock_masterplan(masterplan)
        require(actor, "documents.generate_document", current)
        kept = _kept(current, version, format, language)
        if kept is not None:  # another worker kept the same version's document meanwhile
            return kept
        row = GeneratedDocument(
            masterplan=current,
            masterplan_version=version,
            format=format,
            language=language,
        )
        keep(row, data, f"masterplan.{format}", actor)
    if progress is not None:
        progress.report(SAVING, 95)
    return row
