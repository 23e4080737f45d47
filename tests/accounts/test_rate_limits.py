"""Failed token authentications and token creation are throttled per address and per user:
429 ``rate_limited`` in the error shape, in the user's language, with ``Retry-After``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kotacerdas.accounts import services
from kotacerdas.accounts.models import ApiToken
from kotacerdas.lib import ratelimit

from ..conftest import World

ME = "/api/v1/me"
TOKENS = "/api/v1/me/tokens"
WRONG = "Bearer kc_000000000000_wrong"


@pytest.fixture(autouse=True)
def _small_limits(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.API_TOKEN_FAILURES_PER_ADDRESS = 3
    settings.API_TOKEN_FAILURES_PER_USER = 2
    settings.API_TOKEN_FAILURE_MINUTES = 15
    settings.API_TOKEN_CREATIONS_PER_ADDRESS = 3
    settings.API_TOKEN_CREATIONS_PER_USER = 2
    settings.API_TOKEN_CREATION_MINUTES = 60
    # 100 s into a 15-minute (and a 60-minute) window: the wait left is known exactly.
    monkeypatch.setattr(ratelimit, "now", lambda: 1_800_000_000.0 + 100)


def _error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    return body["error"]  # type: ignore[no-any-return]


def _get(url: str, authorization: str, address: str = "10.0.0.1", **headers: str) -> Any:
    return Client().get(url, HTTP_AUTHORIZATION=authorization, REMOTE_ADDR=address, **headers)


def _secret(world: World, persona: str = "coordinator") -> str:
    user = world.users[persona]
    return services.create_token(user, actor=user, name="sync")[1]  # type: ignore[arg-type]


def test_wrong_tokens_from_one_address_are_throttled_with_retry_after(world: World) -> None:
    for _ in range(3):
        assert _get(ME, WRONG).status_code == 401
    response = _get(ME, WRONG, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60 - 100)
    error = _error(response)
    assert error["code"] == "rate_limited"
    assert error["message"] == "Too many attempts. Try again in 14 minutes."
    # A correct token from that address waits too; another address is not affected.
    secret = _secret(world)
    assert _get(ME, f"Bearer {secret}").status_code == 429
    assert _get(ME, f"Bearer {secret}", address="10.0.0.2").status_code == 200


def test_the_message_is_in_the_users_language(world: World) -> None:
    for _ in range(3):
        _get("/api/v1/regions", WRONG)
    response = _get("/api/v1/regions", WRONG, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 429
    assert _error(response)["message"] == "Terlalu banyak percobaan. Coba lagi dalam 14 menit."


def test_guessing_one_users_secret_from_many_addresses_is_throttled_per_user(
    world: World,
) -> None:
    secret = _secret(world)
    key_id = secret.split("_")[1]
    guess = f"Bearer kc_{key_id}_guessed"
    assert _get(ME, guess, address="10.0.1.1").status_code == 401
    assert _get(ME, guess, address="10.0.1.2").status_code == 401
    assert _get(ME, guess, address="10.0.1.3").status_code == 429
    # The owner's tokens wait until the window ends; other users' tokens do not.
    assert _get(ME, f"Bearer {secret}", address="10.0.1.4").status_code == 429
    other = _secret(world, "editor_a")
    assert _get(ME, f"Bearer {other}", address="10.0.1.4").status_code == 200


def test_the_window_ends(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(3):
        _get(ME, WRONG)
    assert _get(ME, WRONG).status_code == 429
    monkeypatch.setattr(ratelimit, "now", lambda: 1_800_000_000.0 + 15 * 60 + 1)
    assert _get(ME, WRONG).status_code == 401


def test_successful_authentications_do_not_count(world: World) -> None:
    secret = _secret(world)
    for _ in range(10):
        assert _get(ME, f"Bearer {secret}").status_code == 200
    assert _get(ME, WRONG).status_code == 401


def test_revoked_tokens_count_against_the_address_only(world: World) -> None:
    user = world.users["coordinator"]
    token, dead = services.create_token(user, actor=user, name="old")  # type: ignore[arg-type]
    services.revoke_token(token, actor=user)  # type: ignore[arg-type]
    live = _secret(world)
    for n in range(3):
        assert _get(ME, f"Bearer {dead}", address=f"10.0.2.{n}").status_code == 401
    assert _get(ME, f"Bearer {live}", address="10.0.2.9").status_code == 200


def _create(client: Client, address: str = "10.0.0.1") -> Any:
    return client.post(
        TOKENS, json.dumps({"name": "ci"}), content_type="application/json", REMOTE_ADDR=address
    )


def test_token_creation_is_throttled_per_user(world: World) -> None:
    client = world.client("coordinator")
    assert [_create(client, f"10.0.3.{n}").status_code for n in range(2)] == [201, 201]
    response = _create(client, "10.0.3.9")
    assert response.status_code == 429
    assert response["Retry-After"] == str(60 * 60 - 100)
    assert _error(response)["code"] == "rate_limited"
    assert ApiToken.objects.count() == 2
    # Another user is not held back.
    assert _create(world.client("editor_a"), "10.0.3.9").status_code == 201


def test_token_creation_is_throttled_per_address(world: World) -> None:
    answers = [
        _create(world.client(persona)).status_code
        for persona in ("coordinator", "editor_a", "editor_b", "council")
    ]
    assert answers == [201, 201, 201, 429]


def test_the_profile_page_counts_token_creation_too(world: World) -> None:
    client = world.client("coordinator")
    url = reverse("accounts:token_create")
    for _ in range(2):
        assert client.post(url, {"name": "page"}).status_code == 200
    response = client.post(url, {"name": "page"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "You created too many tokens. Try again in 59 minutes." in response.content.decode()
    assert ApiToken.objects.count() == 2


def test_a_limit_of_zero_turns_the_limit_off(world: World, settings: Any) -> None:
    settings.API_TOKEN_FAILURES_PER_ADDRESS = 0
    for _ in range(10):
        assert _get(ME, WRONG).status_code == 401


def test_the_openapi_document_lists_429_where_it_may_come() -> None:
    from kotacerdas.api.api import api

    paths = api.get_openapi_schema()["paths"]
    assert "429" in paths[TOKENS]["post"]["responses"]  # session only, but throttled
    assert "429" in paths[ME]["get"]["responses"]  # accepts a token
    assert "x-rate-limited" not in paths[TOKENS]["post"]
