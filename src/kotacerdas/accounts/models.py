"""Users, their memberships (user × region × role [× agency]) and personal API tokens."""

from __future__ import annotations

import functools
import hashlib
import secrets
from typing import Any

import rules
from django.apps import apps
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.models import TrackedModel


class Role(models.TextChoices):
    """The roles of DESIGN.md §1. Public (anonymous) access needs no role."""

    NATIONAL_ADMIN = "national_admin", _("National administrator")
    ASSESSOR = "assessor", _("Assessor")
    PROVINCE_VIEWER = "province_viewer", _("Province viewer")
    REGION_COORDINATOR = "region_coordinator", _("Region coordinator")
    AGENCY_EDITOR = "agency_editor", _("Agency editor")
    COUNCIL_MEMBER = "council_member", _("Smart city council member")


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships."""

    email = models.EmailField(  # type: ignore[assignment]
        _("email address"), unique=True, null=True, blank=True
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """Domain permissions come from roles; the superuser flag opens the admin site only.

        A permission registered with ``rules`` is decided by its predicate alone, so a
        superuser without a membership cannot approve, verify or edit a region's work. The
        model-level permissions the admin site asks for (no object) keep Django's meaning.
        """
        if rules.perm_exists(perm) and not (obj is None and _is_model_permission(perm)):
            return bool(self.is_active and rules.has_perm(perm, self, obj))
        return super().has_perm(perm, obj)


@functools.cache
def _is_model_permission(perm: str) -> bool:
    """``app.add_model``, ``app.change_model``, … as the admin site checks them."""
    app_label, _dot, codename = perm.partition(".")
    action, _sep, model_name = codename.partition("_")
    if action not in {"add", "change", "delete", "view"}:
        return False
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        return self.filter(user__is_active=True)


class Membership(TrackedModel):
    """One role a user holds: national, in a region, or in one agency of a region.

    ``national_admin`` has no region; a ``province_viewer`` is attached to a province; every
    other role to a kabupaten/kota; an ``agency_editor`` also names its agency.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        "regions.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["region__code", "role", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role="national_admin", region__isnull=True)
                    | (~models.Q(role="national_admin") & models.Q(region__isnull=False))
                ),
                name="membership_region_unless_national",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role="agency_editor", agency__isnull=False)
                    | (~models.Q(role="agency_editor") & models.Q(agency__isnull=True))
                ),
                name="membership_agency_only_for_editors",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency"],
                condition=models.Q(agency__isnull=False),
                name="membership_unique_agency_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=models.Q(agency__isnull=True, region__isnull=False),
                name="membership_unique_region_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(region__isnull=True),
                name="membership_unique_national_role",
            ),
        ]

    def __str__(self) -> str:
        where = self.agency or self.region
        role = self.get_role_display()
        return f"{self.user} — {role} — {where}" if where else f"{self.user} — {role}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.region_id}


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(status=Invitation.Status.PENDING)


class Invitation(TrackedModel):
    """A role in a region offered to a person, who accepts or declines it after signing in.

    The membership exists only once the person accepts, and whoever invites learns nothing
    about the address (whether it has an account, whose it is): they see the address they
    typed and the invitation's status.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    agency = models.ForeignKey(
        "regions.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role="agency_editor", agency__isnull=False)
                    | (~models.Q(role="agency_editor") & models.Q(agency__isnull=True))
                ),
                name="invitation_agency_only_for_editors",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency"],
                condition=models.Q(status="pending", agency__isnull=False),
                name="invitation_one_pending_per_agency_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=models.Q(status="pending", agency__isnull=True),
                name="invitation_one_pending_per_region_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} — {self.get_role_display()} — {self.agency or self.region}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.region_id}


TOKEN_PREFIX = "kc"  # noqa: S105 - a label, not a secret


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )

    def named_by(self, text: str) -> tuple[ApiToken | None, str]:
        """The usable token whose key id ``text`` (``kc_<key id>_<secret>``) names, whatever
        its secret, and the secret part of ``text``."""
        parts = text.strip().split("_", 2)
        if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
            return None, ""
        return self.usable().select_related("user").filter(key_id=parts[1]).first(), parts[2]

    def presented(self, text: str) -> ApiToken | None:
        """The usable token whose full text (``kc_<key id>_<secret>``) is ``text``, if any."""
        token, secret = self.named_by(text)
        if token is None or not token.matches(secret):
            return None
        return token


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 hash is stored; the secret is shown once."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_id = models.CharField(_("key id"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({TOKEN_PREFIX}_{self.key_id}_…)"

    @classmethod
    def generate(cls, user: User, name: str) -> tuple[ApiToken, str]:
        """A new unsaved token and its full secret text, ``kc_<key id>_<secret>``."""
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        token = cls(user=user, name=name, key_id=key_id, key_hash=hash_token(secret))
        return token, f"{TOKEN_PREFIX}_{key_id}_{secret}"

    def matches(self, secret: str) -> bool:
        return secrets.compare_digest(self.key_hash, hash_token(secret))

    def mark_used(self) -> None:
        """Record when the token was last used, at most once a minute (no audit entry)."""
        now = timezone.now()
        if self.last_used is None or (now - self.last_used).total_seconds() > 60:
            ApiToken.objects.filter(pk=self.pk).update(last_used=now)
            self.last_used = now

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )
