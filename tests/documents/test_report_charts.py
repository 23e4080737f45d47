"""The ranking, evaluation and SPBE reports carry a chart (an image in the PDF: the total
of the best-ranked regions, the index per dimension, the index per domain and aspect over
the predicate bands), and are byte-identical when generated again from the same data."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from pypdf import PdfReader

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.documents import services_reports
from kotacerdas.documents.models import GeneratedReport
from kotacerdas.documents.report_kinds import EVALUATION, SPBE
from kotacerdas.evaluation.spbe_services import submit_spbe

from ..conftest import World
from ..evaluation.factories import evaluation
from ..evaluation.spbe_factories import assessment, set_all
from ..selection.factories import setup

pytestmark = pytest.mark.django_db


def _images(row: GeneratedReport) -> int:
    with row.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return sum(len(page.images) for page in reader.pages)


def _twice(generate: Any) -> GeneratedReport:
    first, second = generate(), generate()
    assert first.sha256 == second.sha256
    with first.file.open("rb") as one, second.file.open("rb") as two:
        assert one.read() == two.read()
    return first


def test_the_ranking_pdf_has_its_chart(world: World) -> None:
    s = setup(world)
    row = _twice(
        lambda: services_reports.generate_ranking_report(
            actor=world.users["national_admin"], campaign=s.campaign, today=dt.date(2026, 6, 30)
        )
    )
    assert _images(row) >= 1


def test_the_evaluation_pdf_has_its_chart(world: World) -> None:
    published = evaluation(world, "published")
    row = _twice(
        lambda: services_reports.generate(
            EVALUATION.code, actor=world.users["national_admin"], subject=published
        )
    )
    assert _images(row) >= 2  # the region's logo and the chart


def test_the_spbe_pdf_has_its_chart(world: World) -> None:
    found = assessment(world.region)
    set_all(found, 3)
    found = submit_spbe(found, actor=SYSTEM)
    row = _twice(
        lambda: services_reports.generate(
            SPBE.code, actor=world.users["coordinator"], subject=found, language="en"
        )
    )
    assert _images(row) >= 2  # the region's logo and the chart
