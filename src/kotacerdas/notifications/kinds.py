"""What each kind of notification says, registered by the app that sends it.

This app sits in the core tier and knows nothing of the apps above it; each of them
registers its kinds here (from its ``AppConfig.ready``) with a subject and a sentence in
gettext, so a notice is written in the reader's language when it is read, not when sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True, eq=False)
class NoticeKind:
    """One kind of notice: a short subject and a sentence with ``%(name)s`` parameters."""

    code: str
    subject: Any  # a lazy translation
    sentence: Any  # a lazy translation, formatted with the notice's parameters


_KINDS: dict[str, NoticeKind] = {}


def register(code: str, subject: Any, sentence: Any) -> NoticeKind:
    """Register (or replace, on reload) the kind ``code``."""
    kind = NoticeKind(code, subject, sentence)
    _KINDS[code] = kind
    return kind


def get(code: str) -> NoticeKind | None:
    return _KINDS.get(code)


UNKNOWN = NoticeKind("", gettext_lazy("Notice"), gettext_lazy("%(text)s"))


def render(code: str, params: dict[str, Any]) -> str:
    """The sentence of a notice in the active language; never fails on odd parameters."""
    kind = _KINDS.get(code)
    if kind is None:
        return str(params.get("text", "")) or _("Notice")
    try:
        text = str(kind.sentence) % {"who": _("someone"), **params}
    except (KeyError, TypeError, ValueError):
        text = str(kind.subject)
    note = params.get("note")
    if note:
        text += " " + _("Reason: %(note)s") % {"note": note}
    return text


def subject(code: str) -> str:
    kind = _KINDS.get(code)
    return str(kind.subject) if kind is not None else _("Notice")
