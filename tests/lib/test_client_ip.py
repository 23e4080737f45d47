"""The login lock-out and the audit trail trust X-Forwarded-For only behind configured proxies."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse

from kotacerdas.lib.client_ip import client_ip
from tests.conftest import World

CLIENT = "198.51.100.7"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.66", "127.0.0.1"),  # gunicorn reached directly: the header is a lie
        (1, CLIENT, CLIENT),  # nginx overwrote the header
        (1, f"203.0.113.66, {CLIENT}", CLIENT),  # nginx appended to a forged header
        (2, f"203.0.113.66, {CLIENT}, 192.0.2.1", CLIENT),  # load balancer + nginx
        (2, CLIENT, "127.0.0.1"),  # fewer addresses than proxies: not through them
        (1, "not-an-address", "127.0.0.1"),
        (1, f"[2001:db8::1]:443, {CLIENT}:5555", CLIENT),
    ],
)
def test_the_client_is_counted_from_the_right(
    proxies: int, forwarded: str, expected: str, settings: Any
) -> None:
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_escape_the_lock_out(world: World, settings: Any) -> None:
    settings.PROXY_COUNT = 0
    settings.AXES_FAILURE_LIMIT = 3
    user = world.users["coordinator"]
    assert user is not None
    client = Client()
    url = reverse("accounts:login")
    for n in range(5):
        client.post(
            url,
            {"username": user.username, "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
            REMOTE_ADDR="192.0.2.10",
        )
    attempts = AccessAttempt.objects.filter(username=user.username)
    assert {a.ip_address for a in attempts} == {"192.0.2.10"}
    response = client.post(
        url,
        {"username": user.username, "password": "correct-horse-battery-staple"},
        HTTP_X_FORWARDED_FOR="203.0.113.200",
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 429  # still locked: a new header is not a new client
