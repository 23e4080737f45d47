"""Before submitting a readiness assessment the coordinator sees the unanswered items, by
dimension, each a link to where it is answered, and confirms."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.readiness.models import Assessment

from ..conftest import World


def _submit(assessment: Assessment) -> str:
    return reverse("readiness:assessment_submit", kwargs={"pk": assessment.pk})


def test_unanswered_items_are_counted_and_listed_by_dimension(
    world: World, assessment: Assessment
) -> None:
    client = world.client("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    answers = list(assessment.answers.select_related("item__dimension").order_by("item__position"))
    for answer in answers[1:]:
        answer.level = 2
    type(answers[0]).objects.bulk_update(answers[1:], ["level"])
    detail = client.get(reverse("readiness:assessment_detail", kwargs={"pk": assessment.pk}))
    assert (
        f'href="{_submit(assessment)}" data-testid="submit-assessment"' in detail.content.decode()
    )
    with CaptureQueriesContext(connection) as one_missing:
        page = client.get(_submit(assessment)).content.decode()
    assert "1 item is still unanswered" in page
    first = answers[0]
    dimension = first.item.dimension
    assert re.search(rf'data-testid="gap-dimension">{re.escape(dimension.name)} \(1\)', page)
    link = f"?dimension={dimension.code}#item-{first.item.code}"
    assert link in page and "Diskominfo" in page
    assert "Submit anyway" in page and "Fix first" in page
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    assessment.answers.update(level=None)
    with CaptureQueriesContext(connection) as all_missing:
        page = client.get(_submit(assessment)).content.decode()
    assert f"{len(answers)} items are still unanswered" in page
    assert len(one_missing) == len(all_missing) <= 15
    assessment.answers.update(level=3)
    page = client.get(_submit(assessment)).content.decode()
    assert 'data-testid="submit-complete"' in page and "Submit anyway" not in page


def test_a_direct_post_without_the_confirmation_submits_nothing(
    world: World, assessment: Assessment
) -> None:
    client = world.client("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(_submit(assessment), follow=True)
    assert response.redirect_chain[-1][0] == _submit(assessment)  # back to the list
    page = response.content.decode()
    unanswered = assessment.answers.count()
    assert f"{unanswered} items are still unanswered; they would count as the lowest" in page
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def test_a_complete_assessment_needs_no_confirmation(world: World, assessment: Assessment) -> None:
    assessment.answers.update(level=3)
    assert world.client("coordinator").post(_submit(assessment)).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_the_api_answers_409_listing_the_gap_unless_confirmed(
    world: World, assessment: Assessment
) -> None:
    url = f"/api/v1/readiness/{assessment.pk}/submit"
    client = world.client("token_client")
    refused = client.post(url, "{}", content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "incomplete"
    assert [d["field"] for d in error["details"]] == ["unanswered"]
    assert "items are still unanswered" in error["message"]
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    body = '{"confirm_incomplete": true}'
    confirmed = client.post(url, body, content_type="application/json")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "submitted"


def test_submit_anyway_submits(world: World, assessment: Assessment) -> None:
    client = world.client("coordinator")
    page = client.get(_submit(assessment)).content.decode()
    assert 'name="confirm_incomplete" value="1"' in page
    assert client.post(_submit(assessment), {"confirm_incomplete": "1"}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert client.get(_submit(assessment)).status_code == 409  # nothing left to submit
