"""The demo masterplan of Kota Bengkulu: strategy and twelve programmes over six dimensions.

Written through the planning services, once: if the demo masterplan exists it is left as it is.
"""

from __future__ import annotations

from decimal import Decimal

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.framework.models import FrameworkVersion
from kotacerdas.planning.masterplans import services
from kotacerdas.planning.masterplans.models import Masterplan
from kotacerdas.planning.programmes.checks import Attachments, Funding, Support
from kotacerdas.planning.programmes.services import create_programme
from kotacerdas.planning.strategy import services as strategy
from kotacerdas.regions.models import Region

DEMO_TITLE = "Masterplan Smart City Kota Bengkulu 2025–2029"

MISSIONS = (
    (
        "Mewujudkan tata kelola pemerintahan digital yang terpadu dan melayani",
        "Misi 1 RPJMD: pemerintahan yang bersih dan melayani",
        ("Seluruh layanan perizinan tersedia daring", "Data terpadu satu pintu untuk semua OPD"),
    ),
    (
        "Membangun kota yang sehat, hijau dan sejahtera berbasis inovasi",
        "Misi 3 RPJMD: kualitas hidup dan ekonomi kerakyatan",
        ("Layanan kesehatan primer terhubung", "UMKM naik kelas lewat transaksi digital"),
    ),
)

# code, name, dimension, lead, supports (agency, role), horizon, years, APBD per year, other
PROGRAMMES = (
    (
        "GOV-01",
        "Mal Pelayanan Publik Digital",
        "governance",
        "dpmptsp",
        (("diskominfo", "Aplikasi dan jaringan"),),
        "quick_win",
        (2025, 2026),
        750,
        ("csr", 100),
    ),
    (
        "GOV-02",
        "Satu Data Kota Bengkulu",
        "governance",
        "diskominfo",
        (("bappeda", "Standar data"), ("bps", "")),
        "short",
        (2025, 2027),
        500,
        None,
    ),
    (
        "BRD-01",
        "Tur Virtual Wisata Pantai Panjang",
        "branding",
        "disparbud",
        (("diskominfo", "Konten digital"),),
        "quick_win",
        (2025, 2025),
        300,
        ("private_grant", 150),
    ),
    (
        "BRD-02",
        "Penanda Kota dan Peta Digital",
        "branding",
        "disperkim",
        (("dinas_pupr", "Pemasangan"),),
        "medium",
        (2026, 2028),
        400,
        None,
    ),
    (
        "ECO-01",
        "QRIS untuk Pasar Tradisional",
        "economy",
        "disdagperin",
        (("diskop_umkm", "Pendampingan pedagang"),),
        "quick_win",
        (2025, 2026),
        250,
        ("csr", 200),
    ),
    (
        "ECO-02",
        "Inkubator UMKM Digital",
        "economy",
        "diskop_umkm",
        (("disnaker", "Pelatihan"),),
        "short",
        (2025, 2027),
        600,
        ("apbn", 300),
    ),
    (
        "LIV-01",
        "Telemedisin Puskesmas",
        "living",
        "dinkes",
        (("diskominfo", "TIK"), ("dinas_pupr", "Bangunan")),
        "quick_win",
        (2025, 2026),
        900,
        None,
    ),
    (
        "LIV-02",
        "Sistem Transportasi Cerdas",
        "living",
        "dishub",
        (("diskominfo", "Pusat kendali"),),
        "long",
        (2027, 2029),
        1500,
        ("kpbu", 3000),
    ),
    (
        "SOC-01",
        "CCTV dan Tanggap Darurat 112",
        "society",
        "diskominfo",
        (("satpol_pp", "Operator"), ("bpbd", "Respon bencana")),
        "quick_win",
        (2025, 2026),
        800,
        None,
    ),
    (
        "SOC-02",
        "Sekolah Digital",
        "society",
        "disdik",
        (("diskominfo", "Jaringan sekolah"),),
        "medium",
        (2026, 2028),
        700,
        ("dak", 500),
    ),
    (
        "ENV-01",
        "Bank Sampah Digital",
        "environment",
        "dlh",
        (("dpmd", "Kelurahan"),),
        "quick_win",
        (2025, 2026),
        200,
        ("csr", 100),
    ),
    (
        "ENV-02",
        "Penerangan Jalan Hemat Energi",
        "environment",
        "dinas_pupr",
        (("dishub", "Data ruas jalan"),),
        "medium",
        (2026, 2029),
        1200,
        ("kpbu", 800),
    ),
)

MILLION = Decimal(1_000_000)
# The goals (mission, goal; from 1) each programme serves; the others serve none yet, which the
# strategy page and the check before submitting point out.
GOALS_SERVED = {
    "GOV-01": ((1, 1),),
    "GOV-02": ((1, 2),),
    "ECO-01": ((2, 2),),
    "ECO-02": ((2, 2),),
    "LIV-01": ((2, 1),),
}


def seed_masterplan(region: Region) -> Masterplan | None:
    """Create the demo masterplan once; later runs leave it as it is."""
    if Masterplan.objects.filter(region=region, title=DEMO_TITLE).exists():
        return None
    framework = FrameworkVersion.objects.filter(profile="kominfo").order_by("-number").first()
    if framework is None:
        return None
    plan = services.create_masterplan(
        region, actor=SYSTEM, title=DEMO_TITLE, start_year=2025, years=5, framework=framework
    )
    strategy.save_vision(
        plan,
        actor=SYSTEM,
        text="Bengkulu kota cerdas yang melayani, sejahtera dan lestari",
        rpjmd_reference="Visi RPJMD 2025–2029",
    )
    goals = {}
    for m, (text, reference, mission_goals) in enumerate(MISSIONS, start=1):
        mission = strategy.save_mission(plan, actor=SYSTEM, text=text, rpjmd_reference=reference)
        for g, goal in enumerate(mission_goals, start=1):
            goals[m, g] = strategy.save_goal(mission, actor=SYSTEM, text=goal)
    university = services.save_stakeholder(
        plan, actor=SYSTEM, group="academia", name="Universitas Bengkulu", contact_person="LPPM"
    )
    agencies = {a.code: a for a in region.agencies.all()}
    dimensions = {d.code: d for d in framework.dimensions.prefetch_related("elements")}
    for dimension in dimensions.values():
        strategy.save_policy_direction(
            plan,
            actor=SYSTEM,
            dimension=dimension,
            text=f"Penguatan {dimension.name_id} melalui layanan digital terpadu",
        )
    for code, name, dim, lead, supports, horizon, years, apbd, other in PROGRAMMES:
        dimension = dimensions[dim]
        start, end = years
        funding = [Funding("apbd", year, apbd * MILLION) for year in range(start, end + 1)]
        if other is not None:
            funding.append(Funding(other[0], start, other[1] * MILLION))
        create_programme(
            plan,
            actor=SYSTEM,
            fields={
                "code": code,
                "name": name,
                "dimension": dimension,
                "element": dimension.elements.all()[0],
                "horizon": horizon,
                "start_year": start,
                "end_year": end,
                "lead_agency": agencies[lead],
                "months_to_first_result": 6 if horizon == "quick_win" else 18,
                "is_quick_win": horizon == "quick_win",
            },
            parts=Attachments(
                supports=[Support(agencies[a], role) for a, role in supports if a in agencies],
                funding=funding,
                partners=[university] if dim in ("governance", "economy") else [],
                goals=[goals[key] for key in GOALS_SERVED.get(code, ())],
            ),
        )
    return plan
