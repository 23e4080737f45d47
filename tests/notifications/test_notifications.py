"""Notices: sent by services, read by their owner alone, unread count in the navbar."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.notifications import kinds
from kotacerdas.notifications.models import Notification
from kotacerdas.notifications.services import mark_read, notify
from tests.conftest import World

pytestmark = pytest.mark.django_db

kinds.register(
    "tests.greeting",
    _("Greeting"),
    _("%(who)s greets you about “%(title)s”."),
)


def _send(world: World, *who: str, actor: Any = None) -> list[Notification]:
    users = [world.users[p] for p in who]
    return notify(
        users,  # type: ignore[arg-type]
        actor=actor or world.users["coordinator"],
        kind="tests.greeting",
        params={"title": "Masterplan <b>2026</b>"},
        url="/regions/17.71/",
        region=world.region,
    )


def test_a_notice_reaches_each_recipient_but_not_the_actor(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notices = _send(world, "council", "assessor", "coordinator")
    assert {n.user for n in notices} == {world.users["council"], world.users["assessor"]}
    assert len(mail.outbox) == 2
    assert "Masterplan <b>2026</b>" in mail.outbox[0].body
    assert "http" in mail.outbox[0].body and "/regions/17.71/" in mail.outbox[0].body


def test_the_sentence_is_written_in_the_readers_language_as_text(world: World) -> None:
    _send(world, "council")
    client = world.client("council")
    page = client.get(reverse("notifications:notification_list"))
    body = page.content.decode()
    assert "greets you about" in body or "Greeting" in body or "Coord" in body
    assert "Masterplan &lt;b&gt;2026&lt;/b&gt;" in body  # text, never HTML
    assert "<b>2026</b>" not in body


def test_the_navbar_counts_unread_notices_and_marking_read_clears_it(world: World) -> None:
    _send(world, "council")
    _send(world, "council")
    client = world.client("council")
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count"' in home
    assert ">2<" in home
    client.post(reverse("notifications:notification_read"))
    assert Notification.objects.filter(user=world.users["council"]).unread().count() == 0
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count"' not in home


def test_marking_one_read_follows_its_link_and_leaves_the_others(world: World) -> None:
    first, *_ = _send(world, "council")
    _send(world, "council")
    client = world.client("council")
    response = client.post(
        reverse("notifications:notification_read"), {"id": first.pk, "next": first.url}
    )
    assert response.status_code == 302 and response["Location"] == "/regions/17.71/"
    assert Notification.objects.filter(user=world.users["council"]).unread().count() == 1


def test_nobody_reads_or_marks_anothers_notices(world: World) -> None:
    (notice,) = _send(world, "council")
    other: Client = world.client("assessor")
    page = other.get(reverse("notifications:notification_list")).content.decode()
    assert "greets you" not in page and "Greeting" not in page
    other.post(reverse("notifications:notification_read"), {"id": notice.pk})
    notice.refresh_from_db()
    assert notice.read_at is None
    assert mark_read(world.users["assessor"], [notice.pk]) == 0  # type: ignore[arg-type]


def test_the_system_may_notify_and_names_nobody(world: World) -> None:
    (notice,) = _send(world, "council", actor=SYSTEM)
    assert "who" not in notice.params
    assert notice.text  # falls back to the subject when a parameter is missing


def test_an_unknown_kind_still_renders(world: World) -> None:
    notice = Notification.objects.create(
        user=world.users["council"], kind="gone.kind", params={"text": "old"}
    )
    assert notice.text == "old"
    assert str(notice) == "old"


def test_the_list_costs_the_same_queries_for_one_or_fifty_notices(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = world.client("council")
    for _i in range(50):
        _send(world, "council")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("notifications:notification_list")).status_code == 200
