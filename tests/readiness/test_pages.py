"""Readiness pages: starting, answering (htmx), evidence, submission, SWOT, peers, queries."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.framework.models import InstrumentItem
from kotacerdas.readiness import services
from kotacerdas.readiness.models import Answer, Assessment, Evidence, SwotEntry
from kotacerdas.regions.models import Region

from ..conftest import World

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTMX = {"HX-Request": "true"}


# --- helpers -------------------------------------------------------------------------


def _english(world: World, persona: str) -> Client:
    """A signed-in client that reads the pages in English (the Indonesian strings of this
    module are translated after merge)."""
    client = world.client(persona)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _first(assessment: Assessment) -> Answer:
    """The first item of the first dimension, assigned to agency A by the fixture."""
    return assessment.answers.select_related("item__dimension").order_by("item__position")[0]


def _detail(assessment: Assessment) -> str:
    return reverse("readiness:assessment_detail", kwargs={"pk": assessment.pk})


def _sheet(assessment: Assessment, dimension: str = "") -> str:
    url = reverse("readiness:answer_list", kwargs={"pk": assessment.pk})
    return f"{url}?dimension={dimension}" if dimension else url


def _update(answer: Answer) -> str:
    return reverse(
        "readiness:answer_update", kwargs={"pk": answer.assessment_id, "answer_pk": answer.pk}
    )


def _answer_data(answer: Answer, level: Any, justification: str = "") -> dict[str, Any]:
    return {
        f"a{answer.pk}-level": str(level),
        f"a{answer.pk}-justification": justification,
        f"a{answer.pk}-version": str(answer.version),
    }


def _radar(body: str) -> dict[str, Any]:
    found = re.search(r'<script id="radar-data" type="application/json">(.*?)</script>', body)
    assert found, "no radar data on the page"
    return json.loads(found.group(1))  # type: ignore[no-any-return,unused-ignore]


def _checked_level(body: str, answer: Answer) -> str | None:
    """The level whose radio button is checked for ``answer`` on the questionnaire."""
    for tag in re.findall(rf'<input[^>]*name="a{answer.pk}-level"[^>]*>', body):
        if re.search(r"\schecked\b", tag):
            return re.search(r'value="([^"]*)"', tag).group(1)  # type: ignore[union-attr]
    return None


class _TableReader(HTMLParser):
    """The text of every cell of the table marked ``data-testid=<testid>`` (any table for
    ``""``), row by row."""

    def __init__(self, testid: str) -> None:
        super().__init__()
        self.testid, self.inside, self.rows = testid, False, []  # type: ignore[var-annotated]
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and dict(attrs).get("data-testid", "") == self.testid:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(" ".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _table(body: str, testid: str) -> list[list[str]]:
    reader = _TableReader(testid)
    reader.feed(body)
    assert reader.rows, f"no table {testid}"
    return reader.rows


def _peer(region_code: str, *, levels: dict[str, int], default: int, year: int = 2026) -> None:
    """A submitted assessment of another region, levels per dimension code."""
    region = Region.objects.get(code=region_code)
    made = services.start_assessment(region, year, actor=SYSTEM)
    made.answers.update(level=default, justification=f"rahasia {region_code}")
    for code, level in levels.items():
        made.answers.filter(item__dimension__code=code).update(level=level)
    Assessment.objects.filter(pk=made.pk).update(status=Assessment.Status.SUBMITTED)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- starting ------------------------------------------------------------------------


def test_coordinator_starts_an_assessment_and_lands_on_its_page(world: World) -> None:
    client = world.client("coordinator")
    url = reverse("readiness:assessment_list", kwargs={"code": world.region.code})
    assert 'name="year"' in client.get(url).content.decode()
    response = client.post(url, {"year": 2026}, follow=True)
    assessment = Assessment.objects.get(region=world.region, year=2026)
    assert response.redirect_chain[-1][0] == _detail(assessment)
    assert response.status_code == 200
    assert 'data-testid="heatmap"' in response.content.decode()
    assert assessment.answers.count() == 59
    listing = client.get(url).content.decode()
    assert f'href="{_detail(assessment)}"' in listing and "0 / 59" in listing


@pytest.mark.parametrize("year", ["2016", "2999", "dua ribu"])
def test_a_bad_year_is_refused_on_the_list_page(world: World, year: str) -> None:
    client = world.client("coordinator")
    url = reverse("readiness:assessment_list", kwargs={"code": world.region.code})
    response = client.post(url, {"year": year})
    assert response.status_code == 200
    assert response.context["form"].errors["year"]
    assert not Assessment.objects.filter(region=world.region).exists()


def test_a_second_assessment_for_the_year_is_refused_with_a_message(
    world: World, assessment: Assessment
) -> None:
    client = _english(world, "coordinator")
    url = reverse("readiness:assessment_list", kwargs={"code": world.region.code})
    response = client.post(url, {"year": 2026})
    assert response.status_code == 200
    assert "already has an assessment for 2026" in response.content.decode()
    assert Assessment.objects.filter(region=world.region).count() == 1


# --- the scores page -----------------------------------------------------------------


def test_detail_page_shows_heat_map_gaps_peers_and_the_unanswered_rule(
    world: World, assessment: Assessment
) -> None:
    body = _english(world, "council").get(_detail(assessment)).content.decode()
    heat = _table(body, "heatmap")
    dimensions = assessment.instrument.framework.dimensions.count()
    assert len(heat) == 1 + dimensions + 1  # header, a row per dimension, the aspect row
    assert all(len(row) == 5 for row in heat)  # name, three aspects, the dimension
    assert 'data-testid="gap-list"' in body and 'data-testid="peer-table"' in body
    assert "Unanswered items count as level 0 until answered" in body
    assert "59 items are still unanswered and count as level 0" in body
    # nothing answered: the largest gaps are the items with the highest target (4)
    gap_list = body.split('data-testid="gap-list"', 1)[1].split("</ol>", 1)[0]
    assert gap_list.count("<li") == 10
    top = InstrumentItem.objects.filter(instrument=assessment.instrument, target_level=4)
    assert any(escape(item.question_en) in gap_list.split("</li>", 1)[0] for item in top)
    assert _table(body, "peer-table")[1][2].startswith("—")  # no peers: median withheld


def test_detail_page_scores_follow_the_answers(world: World, assessment: Assessment) -> None:
    answer = _first(assessment)
    assessment.answers.filter(item__dimension=answer.item.dimension).update(level=5)
    body = _english(world, "council").get(_detail(assessment)).content.decode()
    heat = _table(body, "heatmap")
    # each cell: current level / target, then answered/total
    assert [cell.split()[0] for cell in heat[1][1:]] == ["5.0", "5.0", "5.0", "5.00"]
    assert [cell.split()[-1] for cell in heat[1][1:4]] == ["4/4", "4/4", "4/4"]
    assert [cell.split()[0] for cell in heat[2][1:]] == ["0.0", "0.0", "0.0", "0.00"]
    assert "47 items are still unanswered" in body


def test_the_radar_chart_has_its_values_as_a_table(world: World, assessment: Assessment) -> None:
    answer = _first(assessment)
    assessment.answers.filter(item__dimension=answer.item.dimension).update(level=5)
    body = _english(world, "council").get(_detail(assessment)).content.decode()
    radar = _radar(body)
    rows = _table(body, "radar-table")
    assert [row[0] for row in rows[1:]] == radar["labels"]
    assert rows[1][1:] == [f"{radar['current'][0]:.2f}", f"{radar['target'][0]:.2f}"]
    assert rows[1][1] == "5.00"


# --- answering with htmx -------------------------------------------------------------


def test_htmx_answer_returns_the_item_and_the_updated_score_panel(
    world: World, assessment: Assessment
) -> None:
    answer = _first(assessment)
    client = _english(world, "editor_a")
    response = client.post(
        _update(answer), _answer_data(answer, 4, "Ada SK Tim SPBE"), headers=HTMX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="item-{answer.item.code}"' in body
    assert re.search(r'id="score-panel"[^>]*hx-swap-oob="true"', body)
    assert "<html" not in body
    # radar: the first dimension moves from 0 to 4·w / Σw of its items
    dimension_items = InstrumentItem.objects.filter(
        instrument=assessment.instrument, dimension=answer.item.dimension
    )
    total = sum((item.weight for item in dimension_items), Decimal(0))
    radar = _radar(body)
    assert radar["current"][0] == round(float(4 * answer.item.weight / total), 2) > 0
    assert radar["current"][1:] == [0.0] * (len(radar["current"]) - 1)
    everything = InstrumentItem.objects.filter(instrument=assessment.instrument)
    overall = 4 * answer.item.weight / sum((i.weight for i in everything), Decimal(0))
    assert f'data-testid="overall-score">{overall:.2f}<' in body
    assert "58 items are still unanswered" in body
    # the answer is stored and survives a reload of the questionnaire
    stored = Answer.objects.get(pk=answer.pk)
    assert (stored.level, stored.justification) == (4, "Ada SK Tim SPBE")
    assert stored.answered_by == world.users["editor_a"]
    page = client.get(_sheet(assessment, answer.item.dimension.code)).content.decode()
    assert _checked_level(page, answer) == "4"
    assert "Ada SK Tim SPBE" in page
    assert _radar(page)["current"][0] == radar["current"][0]
    who = page.split(f'data-testid="item-{answer.item.code}"', 1)[1]
    assert "editor_a" in who.split('data-testid="answered-by"', 1)[1].split("</p>", 1)[0]


def test_without_javascript_an_answer_redirects_back_to_the_item(
    world: World, assessment: Assessment
) -> None:
    answer = _first(assessment)
    response = world.client("coordinator").post(_update(answer), _answer_data(answer, 2))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{answer.item.code}")
    assert Answer.objects.get(pk=answer.pk).level == 2


def test_htmx_level_outside_the_scale_is_a_422_and_nothing_is_stored(
    world: World, assessment: Assessment
) -> None:
    answer = _first(assessment)
    response = world.client("editor_a").post(
        _update(answer), _answer_data(answer, 9, "Sembilan"), headers=HTMX
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "invalid-feedback" in body and f'id="item-{answer.item.code}"' in body
    stored = Answer.objects.get(pk=answer.pk)
    assert stored.level is None and stored.justification == "" and stored.answered_by is None


def test_htmx_stale_answer_shows_what_was_saved_meanwhile(
    world: World, assessment: Assessment
) -> None:
    answer = _first(assessment)
    services.save_answer(
        answer, level=1, justification="Versi koordinator", actor=world.users["coordinator"]
    )
    response = world.client("editor_a").post(
        _update(answer), _answer_data(answer, 5, "Versi editor"), headers=HTMX
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Versi koordinator" in body
    assert Answer.objects.get(pk=answer.pk).justification == "Versi koordinator"
    # the returned form carries the current version: saving again now goes through
    version = re.search(rf'name="a{answer.pk}-version" value="(\d+)"', body).group(1)  # type: ignore[union-attr]
    again = {**_answer_data(answer, 5, "Versi editor"), f"a{answer.pk}-version": version}
    assert world.client("editor_a").post(_update(answer), again, headers=HTMX).status_code == 200
    assert Answer.objects.get(pk=answer.pk).justification == "Versi editor"


def test_an_editor_cannot_answer_another_agencys_item(world: World, assessment: Assessment) -> None:
    answer = _first(assessment)  # assigned to agency A
    response = world.client("editor_b").post(_update(answer), _answer_data(answer, 3), headers=HTMX)
    assert response.status_code == 403
    assert Answer.objects.get(pk=answer.pk).level is None
    page = world.client("editor_b").get(_sheet(assessment)).content.decode()
    assert f'hx-post="{_update(answer)}"' not in page  # read-only for editor B
    assert (
        f'hx-post="{_update(answer)}"'
        in world.client("editor_a").get(_sheet(assessment)).content.decode()
    )


# --- submission and return -----------------------------------------------------------


def test_after_submission_answers_are_refused_and_the_status_shows(
    world: World, assessment: Assessment
) -> None:
    coordinator = _english(world, "coordinator")
    submit = reverse("readiness:assessment_submit", kwargs={"pk": assessment.pk})
    assert coordinator.post(submit, {"confirm_incomplete": "1"}).status_code == 302
    answer = _first(assessment)
    response = coordinator.post(_update(answer), _answer_data(answer, 3), headers=HTMX)
    assert response.status_code == 409  # the status refuses it, not the role
    assert Answer.objects.get(pk=answer.pk).level is None
    body = coordinator.get(_detail(assessment)).content.decode()
    status = re.search(r'data-testid="assessment-status">([^<]*)<', body)
    assert status and status.group(1) == "Submitted"
    assert 'data-testid="submit-assessment"' not in body
    sheet = coordinator.get(_sheet(assessment)).content.decode()
    assert "hx-post=" not in sheet


def test_assessor_returns_with_a_comment_that_the_coordinator_reads(
    world: World, assessment: Assessment
) -> None:
    services.submit_assessment(
        assessment, actor=world.users["coordinator"], confirm_incomplete=True
    )
    url = reverse("readiness:assessment_return", kwargs={"pk": assessment.pk})
    assessor = world.client("assessor")
    refused = assessor.post(url, {"comment": "  "})
    assert refused.status_code == 200 and refused.context["form"].errors["comment"]
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.SUBMITTED
    assert (
        assessor.post(url, {"comment": "Bukti dimensi tata kelola belum ada."}).status_code == 302
    )
    body = _english(world, "coordinator").get(_detail(assessment)).content.decode()
    assert "Bukti dimensi tata kelola belum ada." in body
    assert re.search(r'data-testid="assessment-status">Returned for revision<', body)
    assert 'data-testid="submit-assessment"' in body  # editable again


def test_an_assessor_returning_a_version_that_moved_on_is_told(
    world: World, assessment: Assessment
) -> None:
    """Two assessors open the return form; the second one's return does not overwrite."""
    services.submit_assessment(
        assessment, actor=world.users["coordinator"], confirm_incomplete=True
    )
    url = reverse("readiness:assessment_return", kwargs={"pk": assessment.pk})
    first, second = _english(world, "assessor"), _english(world, "national_admin")
    opened = second.get(url).context["form"]["version"].value()
    assert first.post(url, {"comment": "Lengkapi bukti", "version": opened}).status_code == 302
    services.submit_assessment(
        assessment, actor=world.users["coordinator"], confirm_incomplete=True
    )
    response = second.post(url, {"comment": "Komentar lama", "version": opened})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.status == Assessment.Status.SUBMITTED
    assert stored.return_comment == "Lengkapi bukti"
    assert response.context["form"]["version"].value() == str(stored.version)


# --- evidence ------------------------------------------------------------------------


def _evidence_url(answer: Answer) -> str:
    return reverse(
        "readiness:evidence_create", kwargs={"pk": answer.assessment_id, "answer_pk": answer.pk}
    )


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("program.exe", b"MZ\x90\x00" + b"\x00" * 60, "not an accepted file type"),
        ("laporan.pdf", b"hanya teks, bukan PDF\n", "does not contain what its name says"),
    ],
    ids=["exe", "text_named_pdf"],
)
def test_a_wrong_evidence_file_shows_an_error_and_stores_nothing(
    world: World,
    assessment: Assessment,
    media_root: Path,
    name: str,
    content: bytes,
    words: str,
) -> None:
    answer = _first(assessment)
    response = _english(world, "editor_a").post(
        _evidence_url(answer),
        {f"e{answer.pk}-title": "Bukti", f"e{answer.pk}-file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'class="alert alert-danger"[^>]*>[^<]*{words}', body)
    assert name in body
    assert not Evidence.objects.exists()
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


def test_an_evidence_file_over_the_limit_is_refused(
    world: World, assessment: Assessment, media_root: Path, settings: Any
) -> None:
    settings.DOCUMENT_MAX_BYTES = 100
    answer = _first(assessment)
    response = _english(world, "editor_a").post(
        _evidence_url(answer),
        {f"e{answer.pk}-file": SimpleUploadedFile("besar.pdf", PDF + b"0" * 200)},
        follow=True,
    )
    assert "the limit is" in response.content.decode()
    assert not Evidence.objects.exists()
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


def test_evidence_download_serves_the_bytes_to_region_members_only(
    world: World, assessment: Assessment, media_root: Path
) -> None:
    answer = _first(assessment)
    world.client("editor_a").post(
        _evidence_url(answer),
        {
            f"e{answer.pk}-title": "Perwal SPBE",
            f"e{answer.pk}-file": SimpleUploadedFile("perwal.pdf", PDF),
        },
    )
    evidence = Evidence.objects.get(answer=answer)
    url = reverse("readiness:evidence_download", kwargs={"pk": evidence.pk})
    sheet = world.client("council").get(_sheet(assessment)).content.decode()
    assert f'href="{url}"' in sheet and "Perwal SPBE" in sheet
    for persona in ("council", "editor_b", "assessor"):
        response = world.client(persona).get(url)
        assert response.status_code == 200
        assert response.getvalue() == PDF
        assert 'filename="Perwal_SPBE.pdf"' in response["Content-Disposition"]
    assert world.client("other_coordinator").get(url).status_code == 404


def test_evidence_without_a_title_downloads_under_its_own_name(
    world: World, assessment: Assessment, media_root: Path
) -> None:
    """An upload named perwal.pdf, left untitled, downloads as perwal.pdf (not .pdf.pdf)."""
    answer = _first(assessment)
    world.client("editor_a").post(
        _evidence_url(answer), {f"e{answer.pk}-file": SimpleUploadedFile("perwal.pdf", PDF)}
    )
    evidence = Evidence.objects.get(answer=answer)
    response = world.client("council").get(
        reverse("readiness:evidence_download", kwargs={"pk": evidence.pk})
    )
    assert response.status_code == 200
    assert 'filename="perwal.pdf"' in response["Content-Disposition"]


def test_a_link_evidence_redirects_to_the_link(world: World, assessment: Assessment) -> None:
    answer = _first(assessment)
    world.client("editor_a").post(
        _evidence_url(answer), {f"e{answer.pk}-url": "https://jdih.bengkulukota.go.id/perwal"}
    )
    evidence = Evidence.objects.get(answer=answer)
    response = world.client("council").get(
        reverse("readiness:evidence_download", kwargs={"pk": evidence.pk})
    )
    assert response.status_code == 302
    assert response["Location"] == "https://jdih.bengkulukota.go.id/perwal"


# --- SWOT ----------------------------------------------------------------------------


def test_an_odd_gap_code_opens_the_swot_with_an_empty_form(
    world: World, assessment: Assessment
) -> None:
    """``?from_item=`` with a NUL byte (refused by PostgreSQL in a query) or an unknown code:
    the SWOT page opens as usual, with nothing drafted."""
    client = world.client("coordinator")
    url = reverse("readiness:swot_list", kwargs={"pk": assessment.pk})
    for code in ("\x00", "A1\x00", "no-such-item"):
        page = client.get(url, {"from_item": code})
        assert page.status_code == 200
        assert page.context["form"].initial == {}


def test_a_gap_is_drafted_as_a_weakness_and_saved_as_w1(
    world: World, assessment: Assessment
) -> None:
    client = world.client("coordinator")
    url = reverse("readiness:swot_list", kwargs={"pk": assessment.pk})
    detail = client.get(_detail(assessment)).content.decode()
    code = re.search(r"\?from_item=([\w-]+)", detail).group(1)  # type: ignore[union-attr]
    answer = assessment.answers.select_related("item").get(item__code=code)
    page = client.get(url, {"from_item": code})
    form = page.context["form"]
    assert form.initial["kind"] == SwotEntry.Kind.WEAKNESS
    body = page.content.decode()
    assert re.search(r'<option value="weakness"[^>]*\sselected', body)
    assert escape(answer.item.question_id) in body
    assert re.search(rf'<option value="{answer.item.pk}"[^>]*\sselected', body)
    response = client.post(
        url,
        {
            "kind": "weakness",
            "text": "Belum ada tim koordinasi SPBE",
            "items": [answer.item.pk],
            "aspect": answer.item.aspect_id,
            "dimension": answer.item.dimension_id,
        },
    )
    assert response.status_code == 302
    entry = assessment.swot.get()
    assert entry.label == "W1" and list(entry.items.all()) == [answer.item]
    listing = client.get(url).content.decode()
    weaknesses = listing.split('data-testid="swot-weakness"', 1)[1].split("</ul>", 1)[0]
    assert "W1" in weaknesses and "Belum ada tim koordinasi SPBE" in weaknesses


def test_a_stale_swot_edit_shows_the_conflict_and_keeps_the_stored_text(
    world: World, assessment: Assessment
) -> None:
    entry = services.create_swot_entry(
        assessment, kind="threat", text="Serangan siber", actor=SYSTEM
    )
    opened = entry.version
    services.update_swot_entry(
        entry, text="Serangan ransomware ke pusat data", actor=SYSTEM, opened_version=opened
    )
    url = reverse("readiness:swot_update", kwargs={"pk": entry.pk})
    response = world.client("coordinator").post(
        url, {"kind": "threat", "text": "Bencana gempa", "version": opened}
    )
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    body = response.content.decode()
    assert 'class="alert alert-warning"' in body
    assert "Serangan ransomware ke pusat data" in body
    entry.refresh_from_db()
    assert entry.text == "Serangan ransomware ke pusat data" and entry.label == "T1"


# --- peers ---------------------------------------------------------------------------


def _weights(assessment: Assessment, dimension: str) -> tuple[float, float]:
    """Σ weights of one dimension's items and of all items of the instrument."""
    items = InstrumentItem.objects.filter(instrument=assessment.instrument)
    part = sum(float(i.weight) for i in items if i.dimension.code == dimension)
    return part, sum(float(i.weight) for i in items)


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def test_peer_medians_are_the_true_medians_with_their_counts(
    world: World, assessment: Assessment
) -> None:
    gov = _first(assessment).item.dimension.code
    part, whole = _weights(assessment, gov)
    mixed = (5 * part + 2 * (whole - part)) / whole  # 17.03's overall
    _peer("17.01", levels={}, default=1)  # province 17, kabupaten
    _peer("17.02", levels={}, default=3)  # province 17, kabupaten
    _peer("17.03", levels={gov: 5}, default=2)  # province 17, kabupaten
    _peer("13.75", levels={}, default=4)  # another province, kota
    _peer("13.71", levels={}, default=0)
    Assessment.objects.filter(region__code="13.71").update(status=Assessment.Status.DRAFT)
    _peer("17.71", levels={}, default=5, year=2025)  # the region's own earlier assessment
    body = _english(world, "coordinator").get(_detail(assessment)).content.decode()
    rows = _table(body, "peer-table")
    overall = rows[1]
    assert overall[0] == "Overall"
    assert overall[2] == f"{_median([1, 3, mixed, 4]):.2f} (4 regions)"
    assert overall[3] == f"{_median([1, 3, mixed]):.2f} (3 regions)"
    assert overall[4] == "— (1 region)"  # the kota median: only Bukittinggi, withheld
    governance = rows[2]
    assert governance[2] == f"{_median([1, 3, 5, 4]):.2f} (4 regions)"
    assert governance[3] == "3.00 (3 regions)"


def test_peer_figures_are_summed_once_until_an_assessment_is_submitted_or_returned(
    world: World, assessment: Assessment, django_capture_on_commit_callbacks: Any
) -> None:
    _peer("17.01", levels={}, default=1)
    _peer("17.02", levels={}, default=3)
    third = services.start_assessment(Region.objects.get(code="13.75"), 2026, actor=SYSTEM)
    third.answers.update(level=4)
    client = _english(world, "coordinator")

    def overall() -> str:
        return _table(client.get(_detail(assessment)).content.decode(), "peer-table")[1][2]

    assert overall() == "— (2 regions)"
    with CaptureQueriesContext(connection) as again:
        assert overall() == "— (2 regions)"
    summing = [q for q in again.captured_queries if "SUM(" in q["sql"].upper()]
    assert "readiness_answer" not in " ".join(q["sql"] for q in summing)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(third, actor=SYSTEM, confirm_incomplete=True)
    assert overall() == "3.00 (3 regions)"
    with django_capture_on_commit_callbacks(execute=True):
        services.return_assessment(third, comment="Periksa lagi", actor=SYSTEM)
    assert overall() == "— (2 regions)"


def test_peer_median_of_two_regions_is_withheld(world: World, assessment: Assessment) -> None:
    _peer("17.01", levels={}, default=1)
    _peer("13.75", levels={}, default=4)
    body = _english(world, "coordinator").get(_detail(assessment)).content.decode()
    for row in _table(body, "peer-table")[1:]:
        assert row[2] == "— (2 regions)"
    assert "2.50" not in body  # the median of 1 and 4 is not revealed


def test_another_regions_answers_never_appear(world: World, assessment: Assessment) -> None:
    for code in ("17.01", "17.02", "13.75"):
        _peer(code, levels={}, default=4)
    client = world.client("coordinator")
    pages = [
        client.get(_detail(assessment)),
        client.get(_sheet(assessment)),
        client.get(reverse("readiness:swot_list", kwargs={"pk": assessment.pk})),
    ]
    for page in pages:
        body = page.content.decode()
        assert "rahasia" not in body
        assert "Bukittinggi" not in body
    other = Assessment.objects.get(region__code="13.75")
    assert world.client("coordinator").get(_detail(other)).status_code == 404


# --- query counts --------------------------------------------------------------------


def test_scores_and_questionnaire_cost_the_same_queries_whatever_the_peers(
    world: World, assessment: Assessment
) -> None:
    client = world.client("coordinator")
    client.get(_detail(assessment))  # warm caches (content types, session)

    def counts() -> tuple[int, int, int]:
        """Scores page with the peer figures summed, then read from the cache; questionnaire."""
        cache.clear()
        summed = _count(client, _detail(assessment))
        return summed, _count(client, _detail(assessment)), _count(client, _sheet(assessment))

    alone = counts()
    regions = Region.objects.filter(kind__in=["kota", "kabupaten"]).exclude(pk=world.region.pk)
    for n, region in enumerate(regions.order_by("code")[:30]):
        made = services.start_assessment(region, 2026, actor=SYSTEM)
        made.answers.update(level=n % 6, justification="jawaban")
    Assessment.objects.exclude(region=world.region).update(status=Assessment.Status.SUBMITTED)
    crowded = counts()
    assert alone == crowded
    assert crowded[0] <= 15 and crowded[1] < crowded[0] and crowded[2] <= 15
    body = _english(world, "coordinator").get(_detail(assessment)).content.decode()
    assert "(30 regions)" in body


def test_questionnaire_costs_the_same_queries_with_answers_and_evidence(
    world: World, assessment: Assessment
) -> None:
    client = world.client("coordinator")
    dimension = _first(assessment).item.dimension.code
    client.get(_sheet(assessment, dimension))  # warm caches
    empty = _count(client, _sheet(assessment, dimension))
    for answer in assessment.answers.filter(item__dimension__code=dimension):
        services.save_answer(answer, level=3, justification="Ada", actor=world.users["coordinator"])
        for n in range(2):
            services.add_evidence(
                answer, title=f"Bukti {n}", url=f"https://example.go.id/{n}", actor=SYSTEM
            )
    full = _count(client, _sheet(assessment, dimension))
    assert empty == full
    body = client.get(_sheet(assessment, dimension)).content.decode()
    assert body.count("Bukti 1") == 12


# --- assignment, history, progress ---------------------------------------------------


def test_coordinator_assigns_a_dimension_and_aspect_to_an_agency(
    world: World, assessment: Assessment
) -> None:
    client = world.client("coordinator")
    url = reverse("readiness:assessment_assign", kwargs={"pk": assessment.pk})
    form = client.get(url).context["form"]
    data = {name: str(form[name].value() or "") for name in form.fields}
    first = _first(assessment)
    cell = f"{first.item.dimension.code}__{first.item.aspect.code}"
    assert data[cell] == str(world.agency_a.pk)
    data[cell] = str(world.agency_b.pk)
    response = client.post(url, data)
    assert response.status_code == 302
    moved = assessment.answers.filter(
        item__dimension=first.item.dimension, item__aspect=first.item.aspect
    )
    assert set(moved.values_list("agency", flat=True)) == {world.agency_b.pk}
    # the other cells of the first dimension stay with agency A
    rest = assessment.answers.filter(item__dimension=first.item.dimension).exclude(
        item__aspect=first.item.aspect
    )
    assert set(rest.values_list("agency", flat=True)) == {world.agency_a.pk}
    # and editor B may now answer the item (opened after the reassignment)
    first.refresh_from_db()
    answered = world.client("editor_b").post(_update(first), _answer_data(first, 3), headers=HTMX)
    assert answered.status_code == 200


HTMX_DEFAULT_HANDLING = [  # htmx 2's default: error responses are not swapped in
    {"code": "204", "swap": False},
    {"code": "[23]..", "swap": True},
    {"code": "[45]..", "swap": False, "error": True},
]


def _htmx_swaps(page: str, status: int) -> bool:
    """Whether htmx, configured as ``page`` configures it, puts a ``status`` response on
    the page (https://htmx.org/docs/#response-handling)."""
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'", page)
    config = json.loads(meta.group(1)) if meta else {}
    for rule in config.get("responseHandling", HTMX_DEFAULT_HANDLING):
        if re.fullmatch(rule["code"], str(status)):
            return bool(rule.get("swap", False))
    return False


def test_a_refused_htmx_answer_reaches_the_user(world: World, assessment: Assessment) -> None:
    """A stale or invalid answer is refused with its message; htmx must swap that response
    in, or the user sees nothing and believes the answer saved."""
    answer = _first(assessment)
    client = _english(world, "editor_a")
    page = client.get(_sheet(assessment)).content.decode()
    services.save_answer(answer, level=1, justification="Lebih dulu", actor=SYSTEM)
    refused = client.post(_update(answer), _answer_data(answer, 4), headers=HTMX)
    assert "Someone else changed this record" in refused.content.decode()
    assert _htmx_swaps(page, refused.status_code)


def test_answer_history_shows_who_changed_what(world: World, assessment: Assessment) -> None:
    answer = _first(assessment)
    world.client("editor_a").post(_update(answer), _answer_data(answer, 4, "SK Tim"), headers=HTMX)
    url = reverse("readiness:answer_history", kwargs={"pk": assessment.pk, "answer_pk": answer.pk})
    rows = _table(world.client("council").get(url).content.decode(), "")
    changed = [row for row in rows if "editor_a" in row]
    assert changed, rows
    assert "→ 4" in changed[0][-1] and "→ SK Tim" in changed[0][-1]


def test_questionnaire_shows_progress_per_dimension(world: World, assessment: Assessment) -> None:
    answer = _first(assessment)
    dimension = answer.item.dimension.code
    client = world.client("editor_a")
    client.post(_update(answer), _answer_data(answer, 2), headers=HTMX)
    body = client.get(_sheet(assessment, dimension)).content.decode()
    tab = re.search(rf'data-testid="dimension-{dimension}">[^<]*<span[^>]*>([^<]*)</span>', body)
    total = assessment.answers.filter(item__dimension__code=dimension).count()
    assert tab and tab.group(1) == f"1/{total}"


def test_an_unknown_dimension_is_a_404(world: World, assessment: Assessment) -> None:
    response = world.client("coordinator").get(_sheet(assessment, "smart-moon"))
    assert response.status_code == 404


def test_peers_on_another_instrument_version_do_not_count(
    world: World, assessment: Assessment, new_instrument: Any
) -> None:
    for code in ("17.01", "17.02", "17.03"):
        _peer(code, levels={}, default=4)  # started on the newer instrument
    assert set(
        Assessment.objects.exclude(region=world.region).values_list("instrument", flat=True)
    ) == {new_instrument.pk}
    body = _english(world, "coordinator").get(_detail(assessment)).content.decode()
    assert _table(body, "peer-table")[1][2] == "— (0 regions)"


def test_swot_page_costs_the_same_queries_for_one_or_many_entries(
    world: World, assessment: Assessment
) -> None:
    client = world.client("coordinator")
    url = reverse("readiness:swot_list", kwargs={"pk": assessment.pk})
    items = list(InstrumentItem.objects.filter(instrument=assessment.instrument)[:3])
    services.create_swot_entry(assessment, kind="strength", text="Satu", actor=SYSTEM, items=items)
    client.get(url)  # warm caches
    one = _count(client, url)
    for n in range(20):
        services.create_swot_entry(
            assessment, kind="weakness", text=f"Kelemahan {n}", actor=SYSTEM, items=items
        )
    many = _count(client, url)
    assert one == many
    weaknesses = client.get(url).content.decode().split('data-testid="swot-weakness"', 1)[1]
    assert "W20" in weaknesses.split("</ul>", 1)[0]


def test_the_stated_unanswered_rule_follows_the_instruments_scale(
    world: World, assessment: Assessment
) -> None:
    """On an instrument rated 1–5, unanswered items count as 1, and the page must say so."""
    type(assessment.instrument).objects.filter(pk=assessment.instrument_id).update(scale_min=1)
    body = _english(world, "council").get(_detail(assessment)).content.decode()
    assert 'data-testid="overall-score">1.00<' in body  # nothing answered: all at the floor
    assert "count as level 1 until answered" in body
    assert "count as level 0" not in body
