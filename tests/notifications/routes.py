"""Permission rows of the notifications pages: every signed-in user reaches their own."""

from __future__ import annotations

from django.urls import reverse

from ..permissions import Route, signed_in

ROUTES = [
    Route(
        "notifications:notification_list",
        lambda w: reverse("notifications:notification_list"),
        signed_in(),
    ),
    Route(
        "notifications:notification_read",
        lambda w: reverse("notifications:notification_read"),
        signed_in(302),
        method="post",
    ),
]
