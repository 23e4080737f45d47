"""A region with a published masterplan and a draft one, and another region with a draft only.

Every text the public must never see carries a marker (``DRAFT-LEAK-…``): draft fields,
unverified or returned realisations, review comments, contact details, decree numbers,
programme progress narratives, evidence titles. The published, verified data is ordinary.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from kotacerdas.documents.models import GeneratedDocument
from kotacerdas.monitoring.models import (
    Indicator,
    ProgrammeProgress,
    Realisation,
    RealisationEvidence,
)
from kotacerdas.planning.models import (
    Comment,
    Goal,
    Masterplan,
    MasterplanVersion,
    Mission,
    Programme,
    Stakeholder,
    TeamMember,
    Vision,
)

from ..conftest import World
from ..monitoring.factories import indicator, target
from ..planning.factories import fund, masterplan, milestone, programme, support

MARK = "DRAFT-LEAK"
# A number that appears only in an unverified realisation.
SECRET_VALUE = Decimal("4242.4242")


@dataclass
class Published:
    plan: Masterplan
    p01: Programme
    p02: Programme
    indicator: Indicator
    verified: Realisation
    draft: Masterplan


def _marker(n: int) -> str:
    return f"{MARK}-{n:02d}"


def published_region(w: World) -> Published:
    """Kota Bengkulu: a published 2025-2029 masterplan, a draft 2030-2034 one; Kota
    Bukittinggi: a draft only."""
    plan = masterplan(
        w,
        status="published",
        title="Masterplan Smart City Kota Bengkulu",
        published_at=timezone.now(),
        return_reason=_marker(1),
    )
    Vision.objects.create(masterplan=plan, text="Bengkulu kota cerdas yang melayani")
    mission = Mission.objects.create(masterplan=plan, text="Layanan publik digital", position=1)
    Goal.objects.create(mission=mission, text="Semua izin daring", position=1)
    partner = Stakeholder.objects.create(
        masterplan=plan,
        group="academia",
        name="Universitas Bengkulu",
        contact_person=_marker(2),
        email="draft-leak-03@example.org",
        phone="0800-DRAFT-LEAK-04",
    )
    TeamMember.objects.create(
        masterplan=plan,
        body="implementation_team",
        name="Budi Santoso",
        position="Kepala Diskominfo",
        decree_number=_marker(5),
        role_in_body=_marker(6),
    )
    p01 = programme(
        plan,
        "P01",
        lead=w.agency_a,
        name="Telemedisin puskesmas",
        description="Konsultasi dokter jarak jauh",
        end_year=2027,
    )
    p01.partners.add(partner)
    support(p01, w.agency_b, role=_marker(7))
    fund(p01, 1_250_000_000, year=2025)
    fund(p01, 500_000_000, year=2026, source="apbn")
    milestone(p01, "Uji coba di 5 puskesmas", year=2025)
    p02 = programme(plan, "P02", lead=w.agency_b, name="Izin daring", is_quick_win=True)
    ind = indicator(plan, p01, "IK01", agency=w.agency_a, name="Puskesmas terhubung")
    target(ind, 2025, 80)
    verified = Realisation.objects.create(
        indicator=ind,
        year=2025,
        value=Decimal(75),
        state="verified",
        reported_at=timezone.now(),
        verified_at=timezone.now(),
        note=_marker(8),
    )
    reported = Realisation.objects.create(
        indicator=ind,
        year=2026,
        value=SECRET_VALUE,
        state="reported",
        reported_at=timezone.now(),
        note=_marker(9),
    )
    Realisation.objects.create(
        indicator=indicator(plan, p01, "IK02", agency=w.agency_a, name="Pasien terlayani"),
        year=2025,
        value=SECRET_VALUE,
        state="returned",
        reported_at=timezone.now(),
        return_comment=_marker(10),
    )
    RealisationEvidence.objects.create(
        realisation=reported, title=_marker(11), url="https://example.org/draft-leak-12"
    )
    RealisationEvidence.objects.create(
        realisation=verified, title=_marker(13), url="https://example.org/draft-leak-14"
    )
    ProgrammeProgress.objects.create(
        programme=p01, year=2025, physical_progress=Decimal(40), narrative=_marker(15)
    )
    Comment.objects.create(masterplan=plan, text=_marker(16))
    Comment.objects.create(masterplan=plan, programme=p01, text=_marker(17))

    draft = masterplan(w, status="draft", title=_marker(20), start_year=2030)
    Vision.objects.create(masterplan=draft, text=_marker(21))
    Mission.objects.create(masterplan=draft, text=_marker(22), position=1)
    Stakeholder.objects.create(masterplan=draft, group="business", name=_marker(23))
    TeamMember.objects.create(masterplan=draft, body="council", name=_marker(24))
    dp = programme(
        draft,
        "D01",
        lead=w.agency_a,
        name=_marker(25),
        description=_marker(26),
        problem=_marker(27),
        innovation=_marker(28),
        is_quick_win=True,
    )
    fund(dp, 987_654_321)
    milestone(dp, _marker(29))
    draft_indicator = indicator(draft, dp, "DK01", name=_marker(30), definition=_marker(31))
    Realisation.objects.create(
        indicator=draft_indicator,
        year=2030,
        value=SECRET_VALUE,
        state="verified",
        verified_at=timezone.now(),
        note=_marker(32),
    )

    other = masterplan(w, status="draft", region=w.other_region, title=_marker(40))
    programme(other, "O01", name=_marker(41))
    return Published(plan, p01, p02, ind, verified, draft)


def generated_document(
    plan: Masterplan,
    *,
    version: int | None = 1,
    format: str = "pdf",
    language: str = "id",
    content: bytes = b"%PDF-1.4 masterplan",
) -> GeneratedDocument:
    """A generated document of ``plan`` (of its approved version ``version``, or of the
    working draft when None), with a real file on disk."""
    frozen = None
    if version is not None:
        frozen = MasterplanVersion.objects.filter(masterplan=plan, number=version).first()
        frozen = frozen or MasterplanVersion.objects.create(
            masterplan=plan, number=version, snapshot={}
        )
    row = GeneratedDocument(
        masterplan=plan,
        masterplan_version=frozen,
        format=format,
        language=language,
        sha256="0" * 64,
        size=len(content),
    )
    row.file.save(f"masterplan.{format}", ContentFile(content), save=True)
    return row
