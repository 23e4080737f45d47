"""Application documents are reachable only through the view that checks the application."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from ..conftest import World
from . import factories as f

# Bengkulu's document: its region's members, its assigned assessor and the national admin
# get it; another region's coordinator, the province viewer and users without a role do not
# learn it exists; an anonymous visitor is sent to the login page.
FETCHES = [
    ("anonymous", 302),
    ("other_coordinator", 404),
    ("province_viewer", 404),
    ("no_role", 404),
    ("coordinator", 200),
    ("assessor", 200),
    ("national_admin", 200),
]


def _document_url(world: World) -> str:
    setup = f.setup(world)
    value = setup.application.values.get()
    return reverse(
        "selection:document_download",
        kwargs={"pk": setup.campaign.pk, "code": world.region.code, "value_id": value.pk},
    )


@pytest.mark.parametrize(("persona", "status"), FETCHES)
def test_a_document_is_served_only_to_those_who_may_see_the_application(
    world: World, persona: str, status: int
) -> None:
    response = world.client(persona).get(_document_url(world))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    if status != 200:
        assert f.PDF not in response.getvalue()
        return
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="surat-komitmen.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.getvalue() == f.PDF


def test_pages_link_documents_to_the_view_never_to_the_stored_file(world: World) -> None:
    setup = f.setup(world)
    stored = setup.application.values.get().document.name
    pages = [
        reverse(
            "selection:application_detail",
            kwargs={"pk": setup.campaign.pk, "code": world.region.code},
        ),
        reverse("selection:value_edit", kwargs={"pk": setup.campaign.pk}),
    ]
    for page in pages:
        body = world.client("national_admin").get(page).content.decode()
        assert _document_url(world) in body
        assert stored not in body and settings.MEDIA_URL not in body


def test_another_applications_document_is_not_reached_through_this_application(
    world: World,
) -> None:
    setup = f.setup(world)
    other_value = setup.other.values.get()
    url = reverse(
        "selection:document_download",
        kwargs={"pk": setup.campaign.pk, "code": world.region.code, "value_id": other_value.pk},
    )
    assert world.client("coordinator").get(url).status_code == 404
