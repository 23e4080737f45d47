"""What the edges (pages, API handlers) need from accounts to call a service."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .models import User


def acting_user(request: HttpRequest) -> User:
    """The signed-in user a page or API call acts for, typed for the services.

    Behind ``login_required`` (or the API's token/session auth) there always is one; an
    anonymous request reaching this is refused rather than handed to a service.
    """
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
