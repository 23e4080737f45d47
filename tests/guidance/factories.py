"""A closed campaign and its cohort, sessions and experts for the guidance tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.guidance import services
from kotacerdas.guidance.models import Cohort, CohortRegion, Expert, Session, SessionFile
from kotacerdas.regions.models import Region
from kotacerdas.selection.models import Campaign, RankingEntry

from ..conftest import World
from ..selection.factories import campaign


def closed_campaign(regions: list[Region], participants: int | None = None) -> Campaign:
    """A closed campaign that ranked ``participants`` regions and selected ``regions`` (the
    first ranks)."""
    made = campaign(status=Campaign.Status.CLOSED, quota=len(regions), year=2023)
    total = participants or len(regions)
    others = list(
        Region.objects.filter(kind__in=["kota", "kabupaten"])
        .exclude(pk__in=[r.pk for r in regions])
        .order_by("code")[: max(0, total - len(regions))]
    )
    ranked = [(r, True) for r in regions] + [(r, False) for r in others]
    RankingEntry.objects.bulk_create(
        RankingEntry(
            campaign=made,
            region=region,
            application_status="submitted",
            rank=n + 1,
            self_score=0,
            verified_score=0,
            total=0,
            selected=selected,
        )
        for n, (region, selected) in enumerate(ranked)
    )
    return made


def cohort(w: World, regions: list[Region] | None = None) -> Cohort:
    found = Cohort.objects.filter(members__region=w.region).first()
    if found is not None:
        return found
    return services.create_cohort(closed_campaign(regions or [w.region]), actor=SYSTEM)


def member(w: World) -> CohortRegion:
    return cohort(w).members.get(region=w.region)


def expert(name: str = "Tenaga Ahli ITB", user: Any = None) -> Expert:
    return Expert.objects.get_or_create(
        name=name,
        defaults={
            "institution": "ITB",
            "field": "Perencanaan",
            "email": "ta@example.test",
            "user": user,
        },
    )[0]


def session(w: World, **fields: Any) -> Session:
    found = Session.objects.filter(member__region=w.region).first()
    if found is not None and not fields:
        return found
    data = services.SessionIn(
        **{
            "title": "Bimtek Tahap I",
            "kind": "stage",
            "stage": "1",
            "starts_on": date(2023, 7, 5),
            "ends_on": date(2023, 7, 6),
            "venue": "Ruang rapat kantor wali kota",
            "city": "Bengkulu",
            **fields,
        }
    )
    return services.schedule_session(member(w), actor=SYSTEM, data=data).session


PDF = b"%PDF-1.4\n%materi bimtek\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def session_file(w: World, kind: str = "material") -> SessionFile:
    """A material (a PDF) or a photo (a JPEG) of the world's session."""
    found = SessionFile.objects.filter(session=session(w), kind=kind).first()
    if found is not None:
        return found
    name, content = ("paparan.pdf", PDF) if kind == "material" else ("foto.jpg", JPEG)
    return services.add_session_file(
        session(w), actor=SYSTEM, kind=kind, upload=SimpleUploadedFile(name, content)
    )
