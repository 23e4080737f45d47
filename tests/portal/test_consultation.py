"""Public consultation: opening a draft, citizens' aspirations and their protections, the
team's moderation, what the public sees, and the document annex's reading."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.planning.models import Mission, Vision
from kotacerdas.portal import services
from kotacerdas.portal.consultation_queries import consultation_changes
from kotacerdas.portal.models import Aspiration, Consultation

from ..conftest import World
from ..planning.factories import masterplan, programme
from .routes_consultation import aspiration, aspiration_form, consultation, draft, stamp

DRAFT_MARKER = "RAHASIA-DRAF-7781"


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def _url(c: Consultation) -> str:
    return reverse("consultation:public_detail", kwargs={"pk": c.pk})


def _post(c: Consultation, client: Client | None = None, **data: str) -> Any:
    return (client or Client()).post(_url(c), aspiration_form(**data), HTTP_ACCEPT_LANGUAGE="en")


def _get(url: str, client: Client | None = None) -> Any:
    return (client or Client()).get(url, HTTP_ACCEPT_LANGUAGE="en")


# Opening -------------------------------------------------------------------------------


def _period(days: int = 14) -> services.Period:
    now = timezone.now()
    return services.Period(now, now + dt.timedelta(days=days))


def test_the_coordinator_opens_chosen_programmes_of_a_draft(world: World) -> None:
    plan, p01 = draft(world)
    found = services.open_consultation(
        plan,
        actor=world.users["coordinator"],  # type: ignore[arg-type]
        title="Konsultasi program",
        period=_period(),
        whole=False,
        programmes=[p01],
    )
    assert list(found.programmes.all()) == [p01]
    assert found.is_open(timezone.now() + dt.timedelta(minutes=1))


def test_a_published_masterplan_or_a_backwards_period_is_refused(world: World) -> None:
    published = masterplan(world, status="published", start_year=2020)
    with pytest.raises(ValidationError, match="Only a draft"):
        services.open_consultation(published, actor=SYSTEM, title="X", period=_period())
    now = timezone.now()
    with pytest.raises(ValidationError) as caught:
        services.open_consultation(
            draft(world)[0], actor=SYSTEM, title="X", period=services.Period(now, now)
        )
    assert "closes_at" in caught.value.message_dict


def test_programmes_of_another_masterplan_are_refused(world: World) -> None:
    other = programme(masterplan(world, status="draft", region=world.other_region), "Z9")
    with pytest.raises(ValidationError) as caught:
        services.open_consultation(
            draft(world)[0],
            actor=SYSTEM,
            title="X",
            period=_period(),
            whole=False,
            programmes=[other],
        )
    assert "programmes" in caught.value.message_dict


def test_the_opening_form_takes_the_region_time_zone(world: World) -> None:
    plan, _p01 = draft(world)
    client = world.client("coordinator")
    response = client.post(
        reverse("consultation:consultation_create", kwargs={"code": world.region.code}),
        {
            "masterplan": plan.pk,
            "title": "Konsultasi",
            "opens_at": "2026-12-01T08:00",
            "closes_at": "2026-12-31T17:00",
            "whole": "on",
        },
    )
    assert response.status_code == 302
    found = Consultation.objects.get(title="Konsultasi")
    # Kota Bengkulu is in WIB (UTC+7): 08:00 there is 01:00 UTC.
    assert found.opens_at == dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)


# What the public sees ------------------------------------------------------------------


def test_only_the_opened_parts_of_the_draft_are_shown(world: World) -> None:
    plan, p01 = draft(world)
    hidden = programme(plan, "P02", name=f"Program {DRAFT_MARKER}", description=DRAFT_MARKER)
    c = consultation(world, whole=False, programmes=[p01])
    page = _get(_url(c)).content.decode()
    assert "Programme P01" in page
    assert DRAFT_MARKER not in page
    assert hidden.code not in page


def test_pending_hidden_and_spam_aspirations_and_contacts_stay_private(world: World) -> None:
    c = consultation(world)
    aspiration(c, "Menunggu moderasi PENDING-1")
    aspiration(c, "Disembunyikan HIDDEN-1", state="hidden", hide_reason="Kasar")
    aspiration(c, "Iklan SPAM-1", state="spam")
    aspiration(c, "Dipublikasikan PUB-1", state="published", contact="warga@contoh.id")
    page = _get(_url(c)).content.decode()
    assert "PUB-1" in page
    for private in ("PENDING-1", "HIDDEN-1", "SPAM-1", "warga@contoh.id", "Kasar"):
        assert private not in page


def test_a_consultation_not_yet_open_or_unknown_is_not_found(world: World) -> None:
    future = consultation(world, state="future")
    assert _get(_url(future)).status_code == 404
    assert _get(reverse("consultation:public_detail", kwargs={"pk": 999999})).status_code == 404
    assert "Konsultasi" not in _get(reverse("consultation:public_list")).content.decode()


def test_after_the_period_counts_and_answers_show_and_the_draft_does_not(world: World) -> None:
    c = consultation(world, state="ended")
    aspiration(
        c,
        "Tambah CCTV",
        state="published",
        answer="Masuk program P01",
        changed_programme=draft(world)[1],
    )
    aspiration(c, "Kedua", state="published")
    aspiration(c, "Iklan", state="spam")
    response = _get(_url(c))
    page = response.content.decode()
    assert "Aspirations received: 2" in page
    assert "Answered: 1" in page
    assert "Changed a programme: 1" in page
    assert "Masuk program P01" in page
    assert "Layanan terpadu" not in page  # P01's description: the draft is no longer shown
    assert 'name="text"' not in page


# Sending an aspiration -----------------------------------------------------------------


def test_a_citizen_sends_an_aspiration_without_an_account(world: World) -> None:
    c = consultation(world)
    _plan, p01 = draft(world)
    response = _post(c, target=f"programme:{p01.pk}", name="Sari", contact="0812000")
    assert response.status_code == 302
    found = Aspiration.objects.get()
    assert (found.programme, found.name, found.contact, found.state) == (
        p01,
        "Sari",
        "0812000",
        "pending",
    )
    assert "Perluas jaringan" not in _get(_url(c)).content.decode()  # waits for moderation


def test_a_comment_of_100000_characters_is_refused_with_a_clear_message(world: World) -> None:
    c = consultation(world)
    response = _post(c, text="a" * 100_000)
    assert response.status_code == 400
    assert "100000" in response.content.decode()  # "… at most 5000 characters (it has 100000)"
    assert not Aspiration.objects.exists()


def test_html_and_script_are_shown_as_text(world: World) -> None:
    c = consultation(world)
    aspiration(c, '<script>alert("x")</script><b>tebal</b>', state="published")
    page = _get(_url(c)).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;tebal&lt;/b&gt;" in page
    assert "<b>tebal</b>" not in page


def test_fifty_comments_in_a_minute_from_one_address_are_refused_after_the_limit(
    world: World, settings: Any
) -> None:
    c = consultation(world)
    client = Client()
    statuses = [_post(c, client, text=f"Usulan nomor {n}").status_code for n in range(50)]
    allowed = settings.CONSULTATION_ASPIRATIONS_PER_ADDRESS
    assert statuses == [302] * allowed + [429] * (50 - allowed)
    last = _post(c, client, text="Satu lagi")
    assert "Too many aspirations from your address" in last.content.decode()
    assert Aspiration.objects.count() == allowed


def test_another_address_is_not_held_back_by_the_first(world: World, settings: Any) -> None:
    settings.CONSULTATION_ASPIRATIONS_PER_ADDRESS = 1
    c = consultation(world)
    assert _post(c, text="Satu").status_code == 302
    assert _post(c, text="Dua").status_code == 429
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert _post(c, other, text="Tiga").status_code == 302


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"website": "http://spam.example"}, "Your aspiration could not be accepted."),
        ({"stamp": "now"}, "The form was sent too quickly."),
        ({"stamp": "tampered"}, "This form has expired."),
        ({"text": "teks\x00rusak"}, "character"),
        ({"target": "roadmap-x"}, "Select a valid choice"),
    ],
)
def test_robots_and_bad_input_are_refused_with_a_message(
    world: World, extra: dict[str, str], message: str
) -> None:
    c = consultation(world)
    if extra.get("stamp") == "now":
        extra = {"stamp": stamp(0)}
    response = _post(c, **extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Aspiration.objects.exists()


def test_the_same_text_on_the_same_target_is_refused_as_a_duplicate(world: World) -> None:
    c = consultation(world)
    assert _post(c, text="Jalan   rusak di Kampung Bali").status_code == 302
    response = _post(c, text="jalan rusak di kampung bali")
    assert response.status_code == 400
    assert "The same aspiration was already sent" in response.content.decode()
    assert Aspiration.objects.count() == 1


def test_a_closed_consultation_takes_no_aspiration(world: World) -> None:
    c = consultation(world, state="ended")
    response = _post(c)
    assert response.status_code == 409
    assert "This consultation is not open for comments." in response.content.decode()
    with pytest.raises(ValidationError, match="not open"):
        services.submit_aspiration(c, actor=SYSTEM, text="Terlambat")
    assert not Aspiration.objects.exists()


def test_a_section_or_programme_not_opened_is_refused(world: World) -> None:
    plan, p01 = draft(world)
    p02 = programme(plan, "P02")
    c = consultation(world, whole=False, sections=["strategy"], programmes=[p01])
    with pytest.raises(ValidationError) as caught:
        services.submit_aspiration(c, actor=SYSTEM, text="Peta jalan", section="roadmap")
    assert "section" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.submit_aspiration(c, actor=SYSTEM, text="Program dua", programme=p02)
    assert "programme" in caught.value.message_dict
    assert services.submit_aspiration(c, actor=SYSTEM, text="Visi", section="strategy").pk


def test_a_masterplan_no_longer_draft_closes_its_consultation(world: World) -> None:
    c = consultation(world)
    c.masterplan.status = "in_review"
    c.masterplan.save()
    assert _post(c).status_code == 409


# Moderation ----------------------------------------------------------------------------


def test_hiding_needs_a_reason(world: World) -> None:
    found = aspiration(consultation(world))
    with pytest.raises(ValidationError) as caught:
        services.moderate_aspiration(found, actor=SYSTEM, state="hidden")
    assert "reason" in caught.value.message_dict
    services.moderate_aspiration(found, actor=SYSTEM, state="hidden", reason="Menyinggung SARA")
    found.refresh_from_db()
    assert (found.state, found.hide_reason) == ("hidden", "Menyinggung SARA")


def test_the_coordinator_answers_links_and_the_annex_lists_the_change(world: World) -> None:
    c = consultation(world)
    _plan, p01 = draft(world)
    found = aspiration(c, "Tambahkan layanan malam hari", name="Budi")
    client = world.client("coordinator")
    base = {"code": world.region.code, "pk": found.pk}
    client.post(
        reverse("consultation:aspiration_answer", kwargs=base), {"answer": "Kami tambahkan."}
    )
    client.post(reverse("consultation:aspiration_link", kwargs=base), {"programme": p01.pk})
    found.refresh_from_db()
    assert (found.state, found.answer, found.changed_programme) == (
        "published",
        "Kami tambahkan.",
        p01,
    )
    page = _get(_url(c)).content.decode()
    assert "Kami tambahkan." in page and "Budi" in page
    (change,) = consultation_changes(c.masterplan)
    assert (change.name, change.text, change.answer, change.programme_code) == (
        "Budi",
        "Tambahkan layanan malam hari",
        "Kami tambahkan.",
        "P01",
    )


def test_spam_is_not_answered_and_leaves_the_annex(world: World) -> None:
    c = consultation(world)
    found = aspiration(c, changed_programme=draft(world)[1], state="published")
    services.moderate_aspiration(found, actor=SYSTEM, state="spam")
    with pytest.raises(ValidationError, match="spam"):
        services.answer_aspiration(found, actor=SYSTEM, answer="Tidak")
    assert consultation_changes(c.masterplan) == []


def test_a_programme_of_another_masterplan_cannot_be_linked(world: World) -> None:
    found = aspiration(consultation(world))
    other = programme(masterplan(world, status="draft", region=world.other_region), "Z1")
    with pytest.raises(ValidationError):
        services.link_aspiration(found, actor=SYSTEM, programme=other)


def test_an_agency_editor_reads_moderation_but_is_offered_no_action(world: World) -> None:
    c = consultation(world)
    aspiration(c, "Untuk dibaca", contact="kontak@contoh.id")
    url = reverse(
        "consultation:consultation_moderate", kwargs={"code": world.region.code, "pk": c.pk}
    )
    page = world.client("editor_a").get(url).content.decode()
    assert "Untuk dibaca" in page
    assert "aspirasi/" not in page  # no moderation form posts anywhere
    assert "kontak@contoh.id" in world.client("coordinator").get(url).content.decode()


def test_closing_ends_the_consultation_now(world: World) -> None:
    c = consultation(world)
    services.close_consultation(c, actor=SYSTEM)
    c.refresh_from_db()
    assert c.has_ended()
    with pytest.raises(ValidationError, match="already ended"):
        services.close_consultation(c, actor=SYSTEM)


# Query counts ------------------------------------------------------------------------------


def _fill(w: World, c: Consultation, n: int) -> None:
    plan = c.masterplan
    for i in range(n):
        p = programme(plan, f"Q{i:02d}", lead=w.agency_b)
        aspiration(
            c, f"Aspirasi {i}", state="published", programme=p, changed_programme=p, answer="Ya"
        )


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["public", "moderate", "list"])
def test_pages_cost_the_same_queries_for_few_and_many_aspirations(world: World, page: str) -> None:
    small, large = consultation(world), None
    _fill(world, small, 2)
    other_plan = masterplan(world, status="draft", start_year=2030)
    large = consultation(world, plan=other_plan)
    _fill(world, large, 30)

    def url(c: Consultation) -> str:
        if page == "public":
            return _url(c)
        if page == "list":
            return reverse("consultation:public_list")
        return reverse(
            "consultation:consultation_moderate", kwargs={"code": world.region.code, "pk": c.pk}
        )

    client = world.client("coordinator")
    assert _count(client, url(small)) == _count(client, url(large))


def test_the_api_lists_published_aspirations_with_answers_and_no_contact(world: World) -> None:
    c = consultation(world)
    aspiration(c, "Terbit", state="published", answer="Dijawab", contact="rahasia@contoh.id")
    aspiration(c, "Menunggu")
    url = reverse("api:list_consultation_aspirations", kwargs={"consultation_id": c.pk})
    body = Client().get(url).json()
    assert [(a["text"], a["answer"]) for a in body["items"]] == [("Terbit", "Dijawab")]
    assert "rahasia@contoh.id" not in str(body)
    future = consultation(world, state="future")
    url = reverse("api:list_consultation_aspirations", kwargs={"consultation_id": future.pk})
    assert Client().get(url).json()["error"]["code"] == "not_found"


def test_the_api_lists_cost_the_same_queries_for_few_and_many(world: World) -> None:
    small = consultation(world)
    _fill(world, small, 2)
    large = consultation(world, plan=masterplan(world, status="draft", start_year=2030))
    _fill(world, large, 30)
    client = Client()

    def url(c: Consultation) -> str:
        return reverse("api:list_consultation_aspirations", kwargs={"consultation_id": c.pk})

    assert _count(client, url(small)) == _count(client, url(large))


def test_opened_strategy_and_quick_wins_show_their_parts_only(world: World) -> None:
    plan, p01 = draft(world)
    Vision.objects.create(masterplan=plan, text="Bengkulu kota cerdas yang melayani")
    Mission.objects.create(masterplan=plan, text="Layanan digital terpadu", position=1)
    programme(plan, "QW1", name="Quick win QRIS", is_quick_win=True)
    c = consultation(world, whole=False, sections=["strategy", "quickwins"])
    page = _get(_url(c)).content.decode()
    assert "Bengkulu kota cerdas yang melayani" in page
    assert "Layanan digital terpadu" in page
    assert "Quick win QRIS" in page
    assert "Programme P01" not in page
    # A citizen may write on the opened sections and programmes, not on the roadmap.
    assert 'value="strategy"' in page and 'value="roadmap"' not in page
