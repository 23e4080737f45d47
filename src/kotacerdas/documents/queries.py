"""Read side of the documents app for the public portal: the generated documents of a
published masterplan's approved version, never of a draft."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery

from kotacerdas.planning.models import Masterplan, MasterplanVersion

from .models import GeneratedDocument


def published_documents(masterplan: Masterplan) -> QuerySet[GeneratedDocument]:
    """The documents a public URL may name: those generated from the latest approved
    version of ``masterplan`` while it is published (none otherwise). A document rendered
    from the working draft (no version) or from an older version is never public."""
    newer = MasterplanVersion.objects.filter(
        masterplan=OuterRef("masterplan"), number__gt=OuterRef("masterplan_version__number")
    )
    return (
        GeneratedDocument.objects.filter(
            masterplan=masterplan,
            masterplan__status=Masterplan.Status.PUBLISHED,
            masterplan_version__isnull=False,
        )
        .exclude(Exists(newer))
        .select_related("masterplan__region", "masterplan_version")
        .order_by("format", "language", "-created", "-pk")
    )


def public_document_annotations() -> dict[str, Any]:
    """Expressions to annotate on a masterplan queryset: the latest public document's id
    and how many there are (what changes whenever the public page must change)."""
    public = published_documents(OuterRef("pk")).order_by()  # type: ignore[arg-type]
    counted = public.values("masterplan").annotate(n=Count("pk")).values("n")
    return {
        "public_document_last": Subquery(public.order_by("-pk").values("pk")[:1]),
        "public_document_count": Subquery(counted[:1]),
    }
