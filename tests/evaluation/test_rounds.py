"""The national admin's round page: where each region stands (overdue flagged), and closing
the round so that no more self-assessments come in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation import services
from kotacerdas.evaluation.models import Evaluation, EvaluationRound
from kotacerdas.regions.models import Region

from ..conftest import World
from ..planning.conftest import query_count
from .factories import evaluation, fill, open_round

pytestmark = pytest.mark.django_db


def _statuses(page: str) -> dict[str, str]:
    """Region code → status code, read from the round page's table of regions."""
    table = page.split('data-testid="round-regions"')[1].split("</table>")[0]
    found = {}
    for row in table.split('<tr data-region="')[1:]:
        code = row.split('"')[0]
        found[code] = row.split('data-status="')[1].split('"')[0]
    return found


def test_the_round_page_shows_each_region_and_flags_the_overdue(
    world: World, en: Callable[[str], Client]
) -> None:
    today = timezone.localdate()
    found = evaluation(world, "submitted")  # Kota Bengkulu submitted; the other not started
    # The round was opened a month ago (no deadline may be set before its opening).
    EvaluationRound.objects.filter(pk=found.round.pk).update(
        created=timezone.now() - dt.timedelta(days=30)
    )
    found.round.refresh_from_db()
    services.set_deadlines(
        found.round,
        actor=SYSTEM,
        self_assessment_due=today - dt.timedelta(days=10),
        verification_due=today + dt.timedelta(days=10),
    )
    url = reverse("evaluation:round_detail", args=[found.round.pk])
    page = en("national_admin").get(url).content.decode()
    assert _statuses(page) == {
        world.region.code: "submitted",
        world.other_region.code: "not_started",
    }
    rows = page.split('<tr data-region="')
    other = next(r for r in rows if r.startswith(world.other_region.code))
    mine = next(r for r in rows if r.startswith(world.region.code))
    assert 'data-testid="overdue"' in other.split("</tr>")[0]  # self-assessment deadline passed
    assert 'data-testid="overdue"' not in mine.split("</tr>")[0]  # verification not yet due
    assert "Not started" in other and "Submitted" in mine


def test_closing_the_round_refuses_further_submissions(
    world: World, en: Callable[[str], Client]
) -> None:
    draft = fill(evaluation(world, "draft"))
    client = en("national_admin")
    response = client.post(reverse("evaluation:round_close", args=[draft.round.pk]), follow=True)
    assert "The evaluation round is closed." in response.content.decode()
    assert EvaluationRound.objects.get(pk=draft.round.pk).status == EvaluationRound.Status.CLOSED
    with pytest.raises(ValidationError, match="closed: no more self-assessments"):
        services.submit_evaluation(draft, actor=world.users["coordinator"])  # type: ignore[arg-type]
    assert Evaluation.objects.get(pk=draft.pk).status == Evaluation.Status.DRAFT
    # From the page too: a clear message, nothing changes.
    page = en("coordinator").post(
        reverse("evaluation:evaluation_submit", args=[draft.pk]), follow=True
    )
    assert "closed: no more self-assessments" in page.content.decode()
    assert Evaluation.objects.get(pk=draft.pk).status == Evaluation.Status.DRAFT
    # The other region cannot start one any more, and closing twice says so.
    with pytest.raises(ValidationError):
        services.start_evaluation(world.other_region, actor=SYSTEM, year=2025)
    with pytest.raises(ValidationError, match="already closed"):
        services.close_round(draft.round, actor=SYSTEM)


def _round_with(world: World, size: int, year: int) -> EvaluationRound:
    regions = list(Region.objects.exclude(kind="province").order_by("code")[:size])
    evaluation_round = open_round(world, year=year, regions=regions)
    statuses = ["draft", "submitted", "verified", "published"]
    Evaluation.objects.bulk_create(
        Evaluation(round=evaluation_round, region=region, year=year, status=statuses[n % 4])
        for n, region in enumerate(regions[: size // 2])
    )
    return evaluation_round


def test_the_round_page_costs_the_same_for_10_and_50_regions(
    world: World, en: Callable[[str], Client]
) -> None:
    client = en("national_admin")
    small = _round_with(world, 10, 2026)
    large = _round_with(world, 50, 2027)
    counts = [
        query_count(client, reverse("evaluation:round_detail", args=[r.pk])) for r in (small, large)
    ]
    assert counts[0] == counts[1]
    page = client.get(reverse("evaluation:round_detail", args=[large.pk])).content.decode()
    assert len(_statuses(page)) == 50
    assert sorted(set(_statuses(page).values())) == [
        "draft",
        "not_started",
        "published",
        "submitted",
        "verified",
    ]


def test_the_round_page_lists_100_regions_a_page_filtered_by_status_and_province(
    world: World, en: Callable[[str], Client]
) -> None:
    client = en("national_admin")
    evaluation_round = _round_with(world, 240, 2026)  # the first 120 started, by code
    url = reverse("evaluation:round_detail", args=[evaluation_round.pk])
    first = _statuses(client.get(url).content.decode())
    third = _statuses(client.get(f"{url}?page=3").content.decode())
    assert len(first) == 100 and len(third) == 40 and not set(first) & set(third)
    assert "240 regions" in client.get(url).content.decode()
    drafts = _statuses(client.get(f"{url}?status=draft").content.decode())
    assert len(drafts) == 30 and set(drafts.values()) == {"draft"}
    region = Region.objects.filter(code=next(iter(drafts))).select_related("province").get()
    province = region.province.name  # type: ignore[union-attr]
    expected = {
        r.code
        for r in evaluation_round.regions.filter(province=region.province)
        if r.code in drafts
    }
    both = client.get(url, {"status": "draft", "province": province}).content.decode()
    assert set(_statuses(both)) == expected and region.code in expected
    # A status that does not exist is named, and the whole round is shown.
    wrong = client.get(url, {"status": "lost"}).content.decode()
    assert "invalid-feedback" in wrong and len(_statuses(wrong)) == 100
    counts = {query_count(client, f"{url}?{q}") for q in ("", "page=3", "status=draft")}
    assert len(counts) == 1


def test_the_national_admin_changes_the_deadlines_on_the_round_page(
    world: World, en: Callable[[str], Client]
) -> None:
    evaluation_round = open_round(world)
    url = reverse("evaluation:round_deadlines", args=[evaluation_round.pk])
    client = en("national_admin")
    page = client.get(reverse("evaluation:round_detail", args=[evaluation_round.pk]))
    assert 'data-testid="round-deadlines"' in page.content.decode()
    today = timezone.localdate()
    due, verify = today + dt.timedelta(days=30), today + dt.timedelta(days=60)
    response = client.post(
        url, {"self_assessment_due": due.isoformat(), "verification_due": verify.isoformat()}
    )
    assert response.status_code == 302
    evaluation_round.refresh_from_db()
    assert (evaluation_round.self_assessment_due, evaluation_round.verification_due) == (
        due,
        verify,
    )
    # The change is in the audit trail, with who made it.
    entry = LogEntry.objects.get_for_object(evaluation_round).order_by("-timestamp").first()
    assert entry is not None
    assert entry.actor == world.users["national_admin"]
    assert "verification_due" in entry.changes_dict
    shown = client.get(reverse("evaluation:round_detail", args=[evaluation_round.pk]))
    assert f'value="{due.isoformat()}"' in shown.content.decode()
    # Either may be emptied.
    assert client.post(url, {"self_assessment_due": "", "verification_due": ""}).status_code == 302
    evaluation_round.refresh_from_db()
    assert evaluation_round.self_assessment_due is None


@pytest.mark.parametrize(
    ("days", "field", "message"),
    [
        ((-1, 10), "self_assessment_due", "A deadline cannot be before the round was opened"),
        ((None, -3), "verification_due", "A deadline cannot be before the round was opened"),
        ((20, 10), "verification_due", "Verification cannot be due before the self-assessment."),
    ],
)
def test_a_deadline_before_the_opening_or_out_of_order_is_refused_beside_its_field(
    world: World,
    en: Callable[[str], Client],
    days: tuple[int | None, int],
    field: str,
    message: str,
) -> None:
    evaluation_round = open_round(world)
    today = timezone.localdate()
    dates = ["" if d is None else (today + dt.timedelta(days=d)).isoformat() for d in days]
    response = en("national_admin").post(
        reverse("evaluation:round_deadlines", args=[evaluation_round.pk]),
        {"self_assessment_due": dates[0], "verification_due": dates[1]},
    )
    assert response.status_code == 200
    form = response.context["deadlines_form"]
    assert any(message in error for error in form.errors[field])
    assert message in response.content.decode()
    evaluation_round.refresh_from_db()
    assert (evaluation_round.self_assessment_due, evaluation_round.verification_due) == (
        None,
        None,
    )


def test_the_deadline_refusal_is_in_indonesian_by_default(world: World) -> None:
    evaluation_round = open_round(world)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = world.client("national_admin").post(
        reverse("evaluation:round_deadlines", args=[evaluation_round.pk]),
        {"self_assessment_due": yesterday.isoformat(), "verification_due": ""},
    )
    assert "Batas waktu tidak boleh sebelum putaran dibuka" in response.content.decode()


def test_a_closed_round_keeps_its_deadlines(world: World) -> None:
    evaluation_round = services.close_round(open_round(world), actor=SYSTEM)
    with pytest.raises(ValidationError, match="deadlines no longer change"):
        services.set_deadlines(
            evaluation_round,
            actor=SYSTEM,
            self_assessment_due=timezone.localdate(),
            verification_due=None,
        )
