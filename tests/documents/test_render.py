"""The masterplan document as DOCX and PDF: what a reader finds in it, and the same bytes
every time."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from kotacerdas.documents.render import chapters, context, pdf
from kotacerdas.documents.render import docx as word
from kotacerdas.documents.render.figures import draw

from ..conftest import World
from ..portal.routes_consultation import aspiration, consultation
from .factories import PROGRAMME, TOTAL_RUPIAH, TOTAL_WORDS, empty_plan, full_plan

pytestmark = pytest.mark.django_db

BACKGROUND = "<p>Kota Bengkulu menata <strong>layanan digital</strong>.</p><ul><li>Satu</li></ul>"


def _word_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _expected(w: World) -> list[str]:
    return [
        w.region.name,
        *(title for _code, title in chapters.headings()),
        PROGRAMME,
        w.agency_a.name,
        TOTAL_RUPIAH,
        TOTAL_WORDS,
        "layanan digital",
    ]


@pytest.fixture
def rendered(world: World) -> tuple[context.Document, bytes, bytes]:
    doc = context.build(full_plan(world), texts={"background": BACKGROUND})
    figures = draw(doc)
    return doc, word.render(doc, figures=figures), pdf.render(doc, figures=figures)


def test_the_word_file_holds_every_chapter_and_the_figures(world: World, rendered) -> None:
    _doc, data, _pdf = rendered
    text = _word_text(data)
    for expected in _expected(world):
        assert expected in text
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:8] == [title for _code, title in chapters.headings()]
    assert document.core_properties.title == "Masterplan Smart City Kota Bengkulu"
    assert len(document.inline_shapes) >= 2  # the emblem, the Gantt and budget charts


def test_the_pdf_holds_every_chapter_and_the_figures(world: World, rendered) -> None:
    _doc, _word, data = rendered
    text = " ".join(_pdf_text(data).split())
    for expected in _expected(world):
        assert " ".join(expected.split()) in text
    assert "BAB I" in text


def test_the_same_masterplan_renders_to_the_same_bytes(world: World, rendered) -> None:
    doc, data, printed = rendered
    assert word.render(doc) == data
    assert pdf.render(doc) == printed


def test_english_output(world: World) -> None:
    doc = context.build(full_plan(world), language="en")
    text = _word_text(word.render(doc))
    assert "Introduction" in text
    assert "Programmes by Dimension" in text
    assert TOTAL_RUPIAH in text


def test_a_masterplan_without_programmes_still_renders_and_says_so(world: World) -> None:
    doc = context.build(empty_plan(world))
    assert "Masterplan ini belum memiliki program." in _word_text(word.render(doc))
    assert "belum memiliki program" in _pdf_text(pdf.render(doc))


def test_the_shipped_template_holds_every_placeholder() -> None:
    assert word.missing_placeholders(word.TEMPLATE.read_bytes()) == []


def test_a_template_without_placeholders_names_each_missing_one() -> None:
    document = docx.Document()
    document.add_paragraph("{{ title }} {{ region_name }}")
    out = io.BytesIO()
    document.save(out)
    missing = word.missing_placeholders(out.getvalue())
    assert "period" in missing
    assert "chapter_programmes" in missing
    assert "title" not in missing


def test_a_file_that_is_not_a_word_file_is_refused() -> None:
    with pytest.raises(word.TemplateError):
        word.missing_placeholders(b"%PDF-1.4 not a word file")


def test_libreoffice_opens_the_word_file(world: World, rendered, tmp_path: Path) -> None:
    """Word-compatible output: LibreOffice converts it to a PDF holding the same content."""
    _doc, data, _pdf = rendered
    source = tmp_path / "masterplan.docx"
    source.write_bytes(data)
    subprocess.run(  # noqa: S603
        [
            shutil.which("soffice") or "/usr/bin/soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = " ".join(_pdf_text((tmp_path / "masterplan.pdf").read_bytes()).split())
    assert PROGRAMME in text
    assert "Pendahuluan" in text


def test_the_annex_lists_how_public_consultation_changed_the_plan(world: World) -> None:
    plan = full_plan(world)
    p01 = plan.programmes.get(code="P01")
    c = consultation(world, state="ended", plan=plan)
    aspiration(
        c,
        "Tambahkan layanan malam hari",
        name="Budi Warga",
        contact="budi@contoh.id",
        state="published",
        answer="Kami tambahkan layanan malam.",
        changed_programme=p01,
    )
    aspiration(c, "Usulan yang belum dimoderasi", changed_programme=p01)  # pending
    aspiration(c, "Usulan tersembunyi", state="hidden", hide_reason="Di luar topik")
    doc = context.build(plan)
    figures = draw(doc)
    for text in (_word_text(word.render(doc, figures=figures)), _pdf_text(pdf.render(doc))):
        flat = " ".join(text.split())
        for expected in (
            "Lampiran D. Konsultasi publik",
            "Konsultasi publik Masterplan",
            "Tambahkan layanan malam hari",
            "Kami tambahkan layanan malam.",
            f"P01 {PROGRAMME}",
        ):
            assert expected in flat
        for private in ("budi@contoh.id", "Budi Warga", "belum dimoderasi", "tersembunyi"):
            assert private not in flat


def test_without_a_consultation_the_annex_says_so(world: World, rendered) -> None:
    _doc, data, printed = rendered
    for text in (_word_text(data), _pdf_text(printed)):
        assert "Tidak ada konsultasi publik" in " ".join(text.split())
