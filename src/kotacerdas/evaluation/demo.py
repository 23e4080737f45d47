"""Demo data for ``seed_demo``: Kota Bengkulu's published evaluations of 2023 (the older
weights, 10/20/30/30/10) and 2024 (the current ones), so the result, its formula, the
three-part report, the year-over-year table and a follow-up action have something to show.
Written through the services as ``SYSTEM``; seeding twice changes nothing."""

from __future__ import annotations

import datetime as dt

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import User
from kotacerdas.regions.models import Region

from . import services
from .models import EvaluationInstrument, EvaluationRound
from .services import AdjustmentIn, ScoreIn

ROUNDS = ((2023, "2019", 0), (2024, "2024", 1))  # year, instrument version, score shift

REPORT = {
    "weaknesses": "Data antarperangkat daerah belum terpadu; sebagian program belum memiliki "
    "indikator kinerja yang terukur.",
    "strengths": "Komitmen pimpinan daerah kuat dan Dewan Smart City aktif bersidang.",
    "recommendations": "Bangun satu data daerah dan tetapkan indikator untuk setiap program "
    "prioritas.",
}


def seed(region: Region, assessor: User) -> None:
    for year, number, shift in ROUNDS:
        if EvaluationRound.objects.filter(year=year).exists():
            continue
        instrument = EvaluationInstrument.objects.get(code="smart_city_evaluation", number=number)
        evaluation_round = services.open_round(
            actor=SYSTEM,
            year=year,
            instrument=instrument,
            regions=[region],
            self_assessment_due=dt.date(year, 6, 30),
            verification_due=dt.date(year, 9, 30),
        )
        services.assign_assessor(evaluation_round, region, assessor, actor=SYSTEM)
        _evaluate(region, instrument, year, shift)


def _evaluate(region: Region, instrument: EvaluationInstrument, year: int, shift: int) -> None:
    evaluation = services.start_evaluation(region, actor=SYSTEM, year=year)
    cells = [(c["component"], c["dimension"]) for c in instrument.criteria]
    top = instrument.scale_max
    own = [min(top, 2 + (index * 7 + shift) % 3) for index in range(len(cells))]
    services.save_scores(
        evaluation,
        actor=SYSTEM,
        scores={
            cell: ScoreIn(
                own[index],
                "Program berjalan sesuai masterplan; capaian dilaporkan tiap triwulan.",
                "https://data.bengkulukota.go.id/",
            )
            for index, cell in enumerate(cells)
        },
    )
    evaluation = services.submit_evaluation(evaluation, actor=SYSTEM)
    services.verify_scores(
        evaluation,
        actor=SYSTEM,
        adjustments={
            cells[2]: AdjustmentIn(own[2] - 1, "Bukti kebijakan belum ditetapkan dalam peraturan."),
        },
        notes="Wawancara dengan Bappeda dan Diskominfo; kunjungan ke command center.",
    )
    for dimension in instrument.dimension_codes():
        services.save_report_section(evaluation, actor=SYSTEM, dimension=dimension, **REPORT)
    evaluation = services.verify_evaluation(evaluation, actor=SYSTEM)
    evaluation = services.publish_evaluation(evaluation, actor=SYSTEM)
    services.add_follow_up(
        evaluation,
        actor=SYSTEM,
        text="Menyusun peraturan wali kota tentang satu data daerah.",
        dimension=instrument.dimension_codes()[0],
        agency=region.agencies.order_by("pk").first(),
        due=dt.date(year + 1, 6, 30),
    )
