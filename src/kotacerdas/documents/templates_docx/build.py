"""Build the shipped Word template ``masterplan.docx`` from code, reproducibly.

    python -m kotacerdas.documents.templates_docx.build

The template holds the cover (logo, title, region, period), the table of contents field, one
placeholder paragraph per chapter (``{{p chapter_<code> }}``) and the annexes, real Word styles
with numbered headings and page numbers in the footer. A region's own template must hold the
same placeholders (``render.docx.REQUIRED``); everything else in it (letterhead, fonts) is its
own.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt, RGBColor

from kotacerdas.documents.render import wordfile
from kotacerdas.documents.render.chapters import _load

HERE = Path(__file__).resolve().parent
TARGET = HERE / "masterplan.docx"
BLUE = RGBColor(0x0B, 0x3D, 0x91)


def _styles(document: Any) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(11)
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        style = document.styles[name]
        style.font.name = "Liberation Sans"
        style.font.size = Pt(size)
        style.font.color.rgb = BLUE
    document.styles["Title"].font.size = Pt(26)
    wordfile.add_heading_numbering(document)
    wordfile.unnumbered(document.styles["TOC Heading"].element.get_or_add_pPr())


def _cover(document: Any) -> None:
    for text, style in (
        ("{{ logo }}", None),
        ("{{ title }}", "Title"),
        ("{{ region_name }}", "Subtitle"),
        ("{{ period }}", "Subtitle"),
        ("{{ version_label }}", None),
    ):
        paragraph = document.add_paragraph(text, style=style)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(document: Any) -> None:
    document.add_paragraph("{{ toc_title }}", style="TOC Heading")
    wordfile.field(document.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', "{{ toc_note }}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _footer(document: Any) -> None:
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "{{ region_name }} · {{ period }} · "
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    wordfile.field(footer, "PAGE", "1")


def build() -> bytes:
    document = Document()
    _styles(document)
    _cover(document)
    _contents(document)
    for chapter in _load().chapters:
        document.add_paragraph(f"{{{{p chapter_{chapter.code} }}}}")
    document.add_paragraph("{{p annexes }}")
    _footer(document)
    wordfile.update_fields_on_open(document)
    wordfile.set_core(
        document,
        title="Masterplan Smart City",
        stamp=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        language="id",
    )
    out = io.BytesIO()
    document.save(out)
    return wordfile.fixed(out.getvalue())


if __name__ == "__main__":
    TARGET.write_bytes(build())
    print(TARGET)
