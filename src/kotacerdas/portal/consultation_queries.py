"""Read side of public consultation: what the public sees of a draft under consultation,
what the region's team moderates, and how consultation changed a masterplan (for the
document's annex). Each function costs a fixed number of queries whatever the number of
aspirations or programmes.

The public sees only what the consultation opened of the draft (its sections and
programmes), the aspirations the team published with their answers, and after the period
the counts; never a contact, a hidden or spam aspiration, or anything else of the draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils import formats, timezone

from kotacerdas.accounts.scope import scope_of
from kotacerdas.documents.annexes import (
    ConsultationAnnex,
    ConsultationChange,
    ConsultationPeriod,
)
from kotacerdas.planning.models import Masterplan, Mission, Programme, Vision
from kotacerdas.planning.programmes.queries import consultation_programmes
from kotacerdas.planning.rules import Who
from kotacerdas.planning.strategy.queries import vision_and_missions

from .models import Aspiration, Consultation, Section


def consultations_visible_to(user: Who) -> QuerySet[Consultation]:
    """Consultations whose moderation pages the user may read (their regions' ones)."""
    scope = scope_of(user)
    if not scope.authenticated:
        return Consultation.objects.none()
    return Consultation.objects.filter(scope.region_filter("masterplan__region__")).select_related(
        "masterplan__region__province"
    )


def aspirations_visible_to(user: Who) -> QuerySet[Aspiration]:
    scope = scope_of(user)
    if not scope.authenticated:
        return Aspiration.objects.none()
    return Aspiration.objects.filter(
        scope.region_filter("consultation__masterplan__region__")
    ).select_related("consultation__masterplan__region", "programme", "changed_programme")


def public_consultations() -> QuerySet[Consultation]:
    """Consultations anyone may see: those that have opened (open now, or ended)."""
    return Consultation.objects.filter(opens_at__lte=timezone.now()).select_related(
        "masterplan__region__province"
    )


def consultations_of(region_id: int) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(masterplan__region_id=region_id)
        .select_related("masterplan")
        .annotate(
            received=Count("aspirations"),
            waiting=Count("aspirations", filter=Q(aspirations__state=Aspiration.State.PENDING)),
        )
        .order_by("-opens_at", "-pk")
    )


@dataclass
class Counts:
    received: int = 0
    published: int = 0
    answered: int = 0
    changed: int = 0


def counts_of(consultation: Consultation) -> Counts:
    """How many aspirations came in, were published, answered, and changed a programme."""
    published = Q(state=Aspiration.State.PUBLISHED)
    values = consultation.aspirations.aggregate(
        received=Count("pk", filter=~Q(state=Aspiration.State.SPAM)),
        published=Count("pk", filter=published),
        answered=Count("pk", filter=published & ~Q(answer="")),
        changed=Count("pk", filter=published & Q(changed_programme__isnull=False)),
    )
    return Counts(**values)


@dataclass
class PublicPage:
    """What the public page of a consultation shows."""

    consultation: Consultation
    is_open: bool
    ended: bool
    sections: list[tuple[str, str]]
    vision: Vision | None
    missions: list[Mission]
    programmes: list[Programme]
    aspirations: list[Aspiration]
    counts: Counts | None = None
    targets: list[tuple[str, str]] = field(default_factory=list)


def opened_programmes(consultation: Consultation) -> QuerySet[Programme]:
    # The roadmap is the programmes laid out over the years: it shows them all too.
    return consultation_programmes(
        consultation.masterplan_id,
        every=consultation.opens_section(Section.PROGRAMMES)
        or consultation.opens_section(Section.ROADMAP),
        quick_wins=consultation.opens_section(Section.QUICK_WINS),
        chosen=consultation.programmes.values("pk"),
    )


def public_page(consultation: Consultation) -> PublicPage:
    """The opened parts of the draft while the consultation is open (nothing of the draft
    after it), the published aspirations with their answers, and the counts once it ended."""
    now = timezone.now()
    is_open = consultation.is_open(now) and consultation.masterplan.is_draft
    sections: list[tuple[str, str]] = [
        (code, str(label)) for code, label in Section.choices if consultation.opens_section(code)
    ]
    vision: Vision | None = None
    missions: list[Mission] = []
    programmes: list[Programme] = []
    if is_open:
        if consultation.opens_section(Section.STRATEGY):
            vision, missions = vision_and_missions(consultation.masterplan_id)
        programmes = list(opened_programmes(consultation))
    aspirations = list(
        consultation.aspirations.filter(state=Aspiration.State.PUBLISHED)
        .select_related("programme", "changed_programme")
        .order_by("created", "pk")
    )
    ended = consultation.has_ended(now)
    targets = [(code, label) for code, label in sections if code != Section.PROGRAMMES]
    targets += [(f"programme:{p.pk}", f"{p.code} {p.name}") for p in programmes]
    return PublicPage(
        consultation=consultation,
        is_open=is_open,
        ended=ended,
        sections=sections,
        vision=vision,
        missions=missions,
        programmes=programmes,
        aspirations=aspirations,
        counts=counts_of(consultation) if ended else None,
        targets=targets,
    )


def moderation_list(consultation: Consultation, state: str = "") -> QuerySet[Aspiration]:
    aspirations = consultation.aspirations.select_related("programme", "changed_programme")
    if state:
        aspirations = aspirations.filter(state=state)
    return aspirations.order_by("-created", "-pk")


@dataclass(frozen=True)
class Change:
    """One aspiration that changed the masterplan: what was asked, the answer, the programme."""

    consultation: str
    section: str
    name: str
    text: str
    answer: str
    programme_code: str
    programme_name: str


def consultation_changes(masterplan: Masterplan) -> list[Change]:
    """How public consultation changed the plan, for the masterplan document's annex: every
    published aspiration linked to the programme it changed, in the order received."""
    rows = (
        Aspiration.objects.filter(
            consultation__masterplan=masterplan,
            state=Aspiration.State.PUBLISHED,
            changed_programme__isnull=False,
        )
        .select_related("consultation", "changed_programme")
        .order_by("consultation__opens_at", "created", "pk")
    )
    return [
        Change(
            consultation=row.consultation.title,
            section=row.get_section_display(),
            name=row.shown_name,
            text=row.text,
            answer=row.answer,
            programme_code=row.changed_programme.code if row.changed_programme else "",
            programme_name=row.changed_programme.name if row.changed_programme else "",
        )
        for row in rows
    ]


def consultation_annex(masterplan: Masterplan) -> ConsultationAnnex:
    """The masterplan document's consultation annex (registered with
    ``documents.annexes`` in ``PortalConfig.ready``): the periods of the consultations that
    have opened, and every published aspiration linked to the programme it changed, with the
    team's public answer. No name or contact of a citizen. Two queries."""
    now = timezone.now()
    zone = ZoneInfo(masterplan.region.time_zone)  # the dates as the region reads them
    periods = [
        ConsultationPeriod(
            title=row.title,
            period="{} – {}".format(
                formats.date_format(timezone.localtime(row.opens_at, zone).date(), "j F Y"),
                formats.date_format(timezone.localtime(row.closes_at, zone).date(), "j F Y"),
            ),
        )
        for row in Consultation.objects.filter(masterplan=masterplan, opens_at__lte=now).order_by(
            "opens_at", "pk"
        )
    ]
    changes = [
        ConsultationChange(
            consultation=change.consultation,
            text=change.text,
            answer=change.answer,
            programme=f"{change.programme_code} {change.programme_name}".strip(),
        )
        for change in consultation_changes(masterplan)
    ]
    return ConsultationAnnex(periods=periods, changes=changes)
