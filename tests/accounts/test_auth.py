"""Log-in, lock-out after repeated failures, and personal API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kotacerdas.accounts import services
from kotacerdas.accounts.api_auth import authenticate_token
from kotacerdas.accounts.models import ApiToken

from ..conftest import PASSWORD, World


def test_login_and_logout(world: World) -> None:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "coord", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_wrong_password_is_refused_and_lock_out_follows(world: World, settings: object) -> None:
    client = Client()
    url = reverse("accounts:login")
    for _ in range(4):
        response = client.post(url, {"username": "coord", "password": "wrong"})
        assert response.status_code == 200
        assert response.context["form"].errors
    response = client.post(url, {"username": "coord", "password": "wrong"})
    assert response.status_code == 429
    # Locked: even the right password is refused now.
    response = client.post(url, {"username": "coord", "password": PASSWORD})
    assert response.status_code == 429


def test_token_shown_once_and_stored_hashed(world: World) -> None:
    client = world.client("coordinator")
    response = client.post(reverse("accounts:token_create"), {"name": "dashboard"})
    secret = response.context["secret"]
    token = ApiToken.objects.get(name="dashboard")
    assert secret.startswith(f"kc_{token.key_id}_")
    assert secret.split("_", 2)[2] not in token.key_hash
    assert authenticate_token(secret) == world.users["coordinator"]
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "dashboard" in profile and secret not in profile


def test_token_create_without_name_is_refused(world: World) -> None:
    client = world.client("coordinator")
    response = client.post(reverse("accounts:token_create"), {"name": "  "})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_revoked_expired_and_malformed_tokens_do_not_authenticate(world: World) -> None:
    user = world.users["coordinator"]
    assert user is not None
    token, secret = services.create_token(user, actor=user, name="a")
    assert authenticate_token(secret) == user
    assert authenticate_token(secret + "x") is None
    assert authenticate_token("not-a-token") is None
    assert authenticate_token(f"kc_nope_{secret}") is None
    token.expires_at = timezone.now() - timedelta(days=1)
    token.save()
    assert authenticate_token(secret) is None
    token.expires_at = None
    token.save()
    client = world.client("coordinator")
    client.post(reverse("accounts:token_revoke", kwargs={"pk": token.pk}))
    assert authenticate_token(secret) is None
    assert "a (kc_" in str(token)
