"""The masterplan as a Word file: docxtpl on the shipped template (or a region's own).

The template carries the cover, the table of contents, styles, numbering and page numbers;
each chapter is built here as a sub-document with the template's styles and put in its
placeholder paragraph. ``render`` returns the same bytes for the same document.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu
from docxtpl import DocxTemplate, InlineImage

from . import chapters, wordfile
from .context import Document
from .figures import Figures, draw
from .logo import logo_png

TEMPLATE = Path(__file__).resolve().parent.parent / "templates_docx" / "masterplan.docx"
COVER = ("title", "region_name", "period", "logo")


def required() -> list[str]:
    """Every placeholder a template must hold, in the order they appear."""
    return [*COVER, *(f"chapter_{code}" for code, _t in chapters.headings()), "annexes"]


class TemplateError(ValueError):
    """The template is not a Word file docxtpl can read, or lacks placeholders."""

    def __init__(self, message: str, missing: list[str] | None = None) -> None:
        super().__init__(message)
        self.missing = missing or []


def missing_placeholders(data: bytes) -> list[str]:
    """The placeholders ``data`` (a DOCX) lacks; ``TemplateError`` if it cannot be read."""
    try:
        template = DocxTemplate(io.BytesIO(data))
        found = template.get_undeclared_template_variables()
    except Exception as error:  # docx, zip and Jinja errors alike mean a broken template
        raise TemplateError(_("The file is not a Word template that can be read.")) from error
    return [name for name in required() if name not in found]


# --- writing into a sub-document ---------------------------------------------------------


def _heading(sd: Any, text: str, level: int, numbered: bool = True) -> None:
    paragraph = sd.add_paragraph(text, style=f"Heading {level}")
    if not numbered:
        wordfile.unnumbered(paragraph._p.get_or_add_pPr())


def _run_xml(text: str) -> str:
    """A run holding ``text``: line breaks and tabs as Word's own, as ``cell.text`` writes."""
    parts = []
    for number, line in enumerate(text.split("\n")):
        if number:
            parts.append("<w:br/>")
        for index, piece in enumerate(line.split("\t")):
            if index:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece, quote=False)}</w:t>')
    return f"<w:r>{''.join(parts)}</w:r>" if parts else ""


def _table(sd: Any, headers: list[str], rows: list[list[str]]) -> None:
    """A "Table Grid" table: the header row in bold, then ``rows``. The body rows are written
    as XML in one go (python-docx's ``add_row`` and ``cell.text`` per cell cost seconds on
    the long programme and indicator tables)."""
    table = sd.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    widths = []
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
        widths.append(cell.width)
    if rows:
        cells = [
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{Emu(width).twips}"/></w:tcPr>'
            if width is not None
            else "<w:tc><w:tcPr/>"
            for width in widths
        ]
        body = "".join(
            "<w:tr>"
            + "".join(
                f"{start}<w:p>{_run_xml(text)}</w:p></w:tc>"
                for start, text in zip(cells, row, strict=True)
            )
            + "</w:tr>"
            for row in rows
        )
        holder = parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>")
        for tr in list(holder):
            table._tbl.append(tr)
    sd.add_paragraph()


def _image(sd: Any, png: bytes | None, width_cm: float) -> None:
    if png is not None:
        sd.add_picture(io.BytesIO(png), width=Cm(width_cm))


def _note(sd: Any, text: str) -> None:
    sd.add_paragraph().add_run(text).italic = True


class _HtmlToWord(HTMLParser):
    """Walks the sanitised chapter HTML (``richtext.TAGS``) into Word paragraphs."""

    def __init__(self, sd: Any) -> None:
        super().__init__(convert_charrefs=True)
        self.sd = sd
        self.paragraph: Any = None
        self.lists: list[str] = []
        self.bold = 0
        self.italic = 0
        self.href = ""

    def _start(self, style: str | None = None) -> None:
        self.paragraph = self.sd.add_paragraph(style=style)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p":
            self._start()
        elif tag in ("h3", "h4"):
            self._start("Heading 3" if tag == "h3" else "Heading 4")
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            self._start("List Number" if self.lists[-1:] == ["ol"] else "List Bullet")
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "h3", "h4", "li"):
            self.paragraph = None
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("strong", "b"):
            self.bold -= 1
        elif tag in ("em", "i"):
            self.italic -= 1
        elif tag == "a":
            if self.href and self.paragraph is not None:
                self.paragraph.add_run(f" ({self.href})")
            self.href = ""

    def handle_data(self, data: str) -> None:
        if not data.strip() and self.paragraph is None:
            return
        if self.paragraph is None:
            self._start()
        run = self.paragraph.add_run(data)
        run.bold = self.bold > 0 or None
        run.italic = self.italic > 0 or None


def _texts(sd: Any, doc: Document, chapter: str, extra: dict[str, str] | None = None) -> None:
    """The chapter's free-text sections, each under its own heading."""
    for code, title in chapters.texts_of(chapter):
        _heading(sd, title, 2)
        if (extra or {}).get(code):
            sd.add_paragraph(extra[code])  # type: ignore[index]
        html = doc.texts.get(code, "")
        if html:
            parser = _HtmlToWord(sd)
            parser.feed(html)
            parser.close()
        elif not (extra or {}).get(code):
            _note(sd, _("This section has not been written yet."))


# --- chapters ----------------------------------------------------------------------------


def _introduction(sd: Any, doc: Document, figures: Figures) -> None:
    extra = {"legal_basis": doc.legal_basis} if doc.legal_basis else {}
    _texts(sd, doc, "introduction", extra)


def _readiness(sd: Any, doc: Document, figures: Figures) -> None:
    ready = doc.readiness
    if ready is None:
        _note(sd, _("The region has no submitted readiness assessment."))
        return
    _heading(sd, _("Readiness scores (%(year)s)") % {"year": ready.year}, 2)
    sd.add_paragraph(_("Overall readiness level: %(score)s") % {"score": ready.overall})
    _table(
        sd,
        [_("Dimension"), _("Current level"), _("Target level"), _("Gap")],
        [
            [name, f"{current:.2f}", f"{target:.2f}", f"{target - current:.2f}"]
            for name, current, target in ready.rows
        ],
    )
    _image(sd, figures.radar, 11)
    _heading(sd, _("Structure, infrastructure and superstructure"), 2)
    _table(
        sd, [_("Aspect"), _("Current level"), _("Target level")], [list(r) for r in ready.aspects]
    )


def _swot(sd: Any, doc: Document, figures: Figures) -> None:
    if doc.readiness is None:
        _note(sd, _("The region has no submitted readiness assessment."))
        return
    for label, entries in doc.readiness.swot:
        _heading(sd, label, 2)
        for entry in entries or ["–"]:
            sd.add_paragraph(entry, style="List Bullet")


def _strategy(sd: Any, doc: Document, figures: Figures) -> None:
    _heading(sd, _("Vision"), 2)
    sd.add_paragraph(doc.vision or "–")
    _heading(sd, _("Missions and goals"), 2)
    for mission in doc.missions:
        sd.add_paragraph(f"{_('Mission')} {mission.number}. {mission.text}", style="List Paragraph")
        for goal in mission.goals:
            sd.add_paragraph(goal, style="List Bullet 2")
    _heading(sd, _("Policy directions"), 2)
    _table(
        sd,
        [_("Dimension"), _("Policy direction")],
        [[block.name, block.policy or "–"] for block in doc.dimensions],
    )


PROGRAMME_COLUMNS = (
    "Code",
    "Programme",
    "Lead agency",
    "Supporting agencies",
    "Partners",
    "Years",
    "Funding",
)


def _programmes(sd: Any, doc: Document, figures: Figures) -> None:
    if not doc.programme_count:
        _note(sd, _("This masterplan has no programmes yet."))
        return
    headers = [_(name) for name in PROGRAMME_COLUMNS]
    for block in doc.dimensions:
        _heading(sd, block.name, 2)
        if not block.programmes:
            _note(sd, _("No programmes in this dimension."))
            continue
        rows = [
            [p.code, p.name, p.lead, p.supports, p.partners, p.years, p.funding]
            for p in block.programmes
        ]
        _table(sd, headers, rows)


def _roadmap(sd: Any, doc: Document, figures: Figures) -> None:
    _heading(sd, _("Roadmap by year and dimension"), 2)
    _table(sd, [_("Dimension"), *map(str, doc.years)], [[n, *cells] for n, cells in doc.roadmap])
    _image(sd, figures.gantt, 16)
    _heading(sd, _("Quick wins"), 2)
    if not doc.quick_wins:
        _note(sd, _("No quick wins have been chosen."))
    for win in doc.quick_wins:
        sd.add_paragraph(f"{win.code} {win.name}", style="Heading 3")
        sd.add_paragraph(f"{_('Lead agency')}: {win.lead}")
        _table(sd, [_("Criterion"), _("Score")], [list(score) for score in win.scores])


def _monitoring(sd: Any, doc: Document, figures: Figures) -> None:
    _heading(sd, _("Indicators and targets"), 2)
    if not doc.indicators:
        _note(sd, _("No indicators have been defined."))
    else:
        headers = [_("Code"), _("Indicator"), _("Unit"), _("Baseline"), *map(str, doc.years)]
        rows = [[i.code, i.name, i.unit, i.baseline, *i.targets] for i in doc.indicators]
        _table(sd, headers, rows)
    _heading(sd, _("The status rule"), 2)
    sd.add_paragraph(doc.status_rule)


def _closing(sd: Any, doc: Document, figures: Figures) -> None:
    _texts(sd, doc, "closing")


CHAPTERS: dict[str, Callable[[Any, Document, Figures], None]] = {
    "introduction": _introduction,
    "readiness": _readiness,
    "swot": _swot,
    "strategy": _strategy,
    "programmes": _programmes,
    "roadmap": _roadmap,
    "monitoring": _monitoring,
    "closing": _closing,
}


def _annexes(sd: Any, doc: Document, figures: Figures) -> None:
    _heading(sd, _("Annexes"), 1, numbered=False)
    _heading(sd, _("Annex A. Masterplan team"), 3)
    _table(
        sd,
        [_("Name"), _("Position"), _("Body"), _("Decree")],
        [list(row) for row in doc.team] or [["–", "–", "–", "–"]],
    )
    _heading(sd, _("Annex B. Agency matrix"), 3)
    _table(
        sd,
        [_("Agency"), _("Programmes led"), _("Programmes supported")],
        [[name, str(led), str(sup)] for name, led, sup in doc.agencies] or [["–", "0", "0"]],
    )
    _heading(sd, _("Annex C. Budget summary"), 3)
    _table(
        sd,
        [_("Year"), *doc.budget_sources, _("Total")],
        [[y, *c, t] for y, c, t in doc.budget_rows],
    )
    sd.add_paragraph(
        _("Total funding: %(amount)s (%(words)s).")
        % {"amount": doc.budget_total, "words": doc.budget_total_words}
    )
    _image(sd, figures.budget, 14)
    _consultation(sd, doc)


def _consultation(sd: Any, doc: Document) -> None:
    """Annex D: the consultation periods and how the published aspirations changed the plan."""
    _heading(sd, _("Annex D. Public consultation"), 3)
    annex = doc.consultation
    if not annex.periods:
        _note(sd, _("No public consultation was held on this masterplan."))
        return
    _table(sd, [_("Consultation"), _("Period")], [[p.title, p.period] for p in annex.periods])
    sd.add_paragraph(_("How the consultation changed the plan"), style="Heading 4")
    if not annex.changes:
        _note(sd, _("No published aspiration was linked to a programme it changed."))
        return
    _table(
        sd,
        [_("Aspiration"), _("The team's answer"), _("Programme changed")],
        [[c.text, c.answer or "–", c.programme] for c in annex.changes],
    )


def _chapter(template: DocxTemplate, code: str, title: str, doc: Document, figures: Figures) -> Any:
    sd = template.new_subdoc()
    _heading(sd, title, 1)
    CHAPTERS.get(code, _closing)(sd, doc, figures)
    return sd


def _chapter_word(template: DocxTemplate, language: str) -> None:
    """The chapter numbering's word in the document's language ("BAB I", "CHAPTER I")."""
    word = "CHAPTER" if language.startswith("en") else "BAB"
    numbering = template.docx.part.numbering_part.element
    for text in numbering.iter(qn("w:lvlText")):
        if text.get(qn("w:val")) in ("BAB %1", "CHAPTER %1"):
            text.set(qn("w:val"), f"{word} %1")


def render(doc: Document, template: bytes | None = None, figures: Figures | None = None) -> bytes:
    """The document as DOCX bytes, on ``template`` (a region's own) or the shipped one."""
    with translation.override(doc.language):
        figures = figures or draw(doc)
        source = io.BytesIO(template) if template is not None else str(TEMPLATE)
        tpl = DocxTemplate(source)
        tpl.render_init()
        context: dict[str, Any] = {
            "title": doc.title,
            "region_name": doc.region_name,
            "period": doc.period,
            "version_label": doc.version_label,
            "logo": InlineImage(tpl, io.BytesIO(logo_png(doc.region_name)), width=Cm(3)),
            "toc_title": _("Contents"),
            "toc_note": _("Update this field to show the table of contents."),
        }
        for code, title in chapters.headings():
            context[f"chapter_{code}"] = _chapter(tpl, code, title, doc, figures)
        annexes = tpl.new_subdoc()
        _annexes(annexes, doc, figures)
        context["annexes"] = annexes
        tpl.render(context, autoescape=True)
        _chapter_word(tpl, doc.language)
        document = tpl.docx
        wordfile.set_core(document, title=doc.title, stamp=doc.stamp, language=doc.language)
        out = io.BytesIO()
        tpl.save(out)
    return wordfile.fixed(out.getvalue())
