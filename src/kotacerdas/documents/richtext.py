"""The chapters' rich text: a small set of tags, sanitised with nh3 before it is stored.

Allowed: paragraphs, two heading levels (``h3``, ``h4``), bulleted and numbered lists, bold,
italic, line breaks and links (``http``, ``https`` and ``mailto`` only; nh3 adds
``rel="noopener noreferrer"``). Everything else is dropped, its text kept. The same HTML is
put into the PDF as it is and walked into Word paragraphs by ``render.docx``.
"""

from __future__ import annotations

import nh3

TAGS = {"p", "h3", "h4", "ul", "ol", "li", "strong", "b", "em", "i", "a", "br"}
ATTRIBUTES = {"a": {"href"}}
SCHEMES = {"http", "https", "mailto"}


def clean(html: str) -> str:
    """``html`` with only the allowed tags, attributes and link schemes."""
    return nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        strip_comments=True,
        link_rel="noopener noreferrer",
    ).strip()


def from_plain(text: str) -> str:
    """Plain text (paragraphs separated by blank lines) as the allowed HTML."""
    import html

    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in parts)
