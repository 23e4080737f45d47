"""Word-file plumbing shared by the shipped template's build script and the renderer.

- ``add_heading_numbering``: Heading 1 numbered "BAB I", "BAB II" …, Heading 2 "1.1", "1.2"
  (a real multilevel list linked to the styles, so Word keeps numbering as chapters move);
- ``field``: a Word field (TOC, PAGE) as a paragraph run sequence;
- ``fixed``: the same bytes every time: fixed core properties and zip entry times.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
NUMBERING_ID = 90  # far from the ids Word's own lists use

_ABSTRACT = (
    f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{NUMBERING_ID}">'
    '<w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
    '<w:pStyle w:val="Heading1"/><w:lvlText w:val="BAB %1"/><w:lvlJc w:val="left"/>'
    '<w:suff w:val="space"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/>'
    '<w:pStyle w:val="Heading2"/><w:lvlText w:val="%1.%2"/><w:lvlJc w:val="left"/>'
    '<w:suff w:val="space"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
    "</w:abstractNum>"
)


def add_heading_numbering(document: Any, chapter_word: str = "BAB") -> None:
    """Number Heading 1 and Heading 2 through a multilevel list (idempotent)."""
    numbering = document.part.numbering_part.element
    if (
        numbering.find(f".//{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='{NUMBERING_ID}']")
        is not None
    ):
        return
    abstract = parse_xml(_ABSTRACT.replace("BAB %1", f"{chapter_word} %1"))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{NUMBERING_ID}">'
            f'<w:abstractNumId w:val="{NUMBERING_ID}"/></w:num>'
        )
    )
    for level, name in enumerate(("Heading 1", "Heading 2")):
        style = document.styles[name]
        ppr = style.element.get_or_add_pPr()
        ppr.append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                f'<w:numId w:val="{NUMBERING_ID}"/></w:numPr>'
            )
        )


def unnumbered(ppr: Any) -> None:
    """Keep a heading-based paragraph or style out of the chapter numbering."""
    ppr.append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>')
    )


def field(paragraph: Any, instruction: str, placeholder: str = "") -> None:
    """Append a complex field (``TOC \\o "1-2" \\h``, ``PAGE``) to ``paragraph``."""
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin" w:dirty="true"/>'))
    run = paragraph.add_run()
    code = parse_xml(
        f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>'
    )
    run._r.append(code)
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))


def update_fields_on_open(document: Any) -> None:
    """Ask Word to refresh the table of contents and page numbers when the file opens."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        settings.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))


def set_core(document: Any, *, title: str, stamp: dt.datetime, language: str) -> None:
    props = document.core_properties
    props.title = title
    props.author = "Kotacerdas"
    props.last_modified_by = "Kotacerdas"
    props.language = language
    props.revision = 1
    naive = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    props.created = naive
    props.modified = naive
    props.last_printed = naive


def fixed(data: bytes) -> bytes:
    """The same zip with every entry's time fixed (a zip stores each entry's time)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(item.filename))
    return out.getvalue()
