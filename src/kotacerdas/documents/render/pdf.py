"""The masterplan as PDF: WeasyPrint from ``documents/print/masterplan.html``.

The same ``Document`` as the Word file, laid out by a print stylesheet (A4, numbered chapters,
page numbers, a contents list with page references). Deterministic: the file's creation and
modification dates are the document's fixed time, its identifier is derived from the
content, and the embedded font subsets carry the document's time too (fontTools writes the
time of subsetting into each font's header unless ``SOURCE_DATE_EPOCH`` says otherwise), so
the same document gives the same bytes, however much later it is rendered again.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from . import chapters
from .context import Document
from .figures import Figures, draw
from .logo import logo_png


def _data_uri(png: bytes | None) -> str:
    return "" if png is None else "data:image/png;base64," + base64.b64encode(png).decode()


def html(doc: Document, figures: Figures | None = None) -> str:
    """The print page's HTML."""
    with translation.override(doc.language):
        figures = figures or draw(doc)
        return render_to_string(
            "documents/print/masterplan.html",
            {
                "doc": doc,
                "headings": dict(chapters.headings()),
                "texts_of": {code: chapters.texts_of(code) for code, _t in chapters.headings()},
                "logo": _data_uri(logo_png(doc.region_name)),
                "radar": _data_uri(figures.radar),
                "gantt": _data_uri(figures.gantt),
                "budget": _data_uri(figures.budget),
                "stamp": doc.stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        )


@contextmanager
def _fonts_dated(stamp: int) -> Iterator[None]:
    """Font subsets written meanwhile carry ``stamp`` (seconds since 1970), not the time
    now. Documents are rendered one at a time per worker process."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(stamp)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def render(doc: Document, figures: Figures | None = None) -> bytes:
    page = html(doc, figures)
    identifier = hashlib.sha256(page.encode()).hexdigest()[:32].encode()
    with _fonts_dated(int(doc.stamp.timestamp())):
        return HTML(string=page, base_url=None).write_pdf(
            pdf_identifier=identifier, uncompressed_pdf=False
        )
