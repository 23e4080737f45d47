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


def test_submit_anyway_submits(world: World, assessment: Assessment) -> None:
    client = world.client("coordinator")
    assert client.post(_submit(assessment)).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert client.get(_submit(assessment)).status_code == 403  # nothing left to submit
