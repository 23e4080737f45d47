"""State changes of accounts: invitations, memberships and API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.lib.audit import acting_as
from kotacerdas.regions.models import Agency, Region

from .models import ApiToken, Membership, Role, User
from .scope import forget_scope, scope_of

REGION_ROLES = (
    Role.REGION_COORDINATOR,
    Role.AGENCY_EDITOR,
    Role.COUNCIL_MEMBER,
    Role.ASSESSOR,
)


def _username_for(email: str) -> str:
    base = slugify(email.split("@")[0])[:140] or "user"
    name, n = base, 2
    while User.objects.filter(username=name).exists():
        name, n = f"{base}{n}", n + 1
    return name


def invite_member(
    region: Region,
    *,
    actor: Any,
    email: str,
    role: str,
    agency: Agency | None = None,
    full_name: str = "",
    base_url: str = "",
) -> Membership:
    """Give a person a role in a region, creating their account if needed.

    A new account has no password: the invitation email carries a link to set one.
    """
    _check_role_fits(region, role, agency)
    if role == Role.ASSESSOR and not scope_of(actor).national:
        raise ValidationError({"role": _("Assessors are assigned by the programme office.")})
    email = email.strip().lower()
    with transaction.atomic(), acting_as(actor):
        user = User.objects.filter(email__iexact=email).first()
        existing = (
            Membership.objects.filter(user=user, role=role, region=region, agency=agency).first()
            if user is not None
            else None
        )
        if existing is not None and not user.has_usable_password():  # type: ignore[union-attr]
            # The person never set a password (the link may have expired): send a new link.
            transaction.on_commit(lambda: _send_invitation(existing, True, base_url))
            return existing
        is_new = user is None
        if user is None:
            first, _sep, last = full_name.strip().partition(" ")
            user = User(
                username=_username_for(email), email=email, first_name=first, last_name=last
            )
            user.set_unusable_password()
            user.save()
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    user=user, role=role, region=region, agency=agency, created_by=actor
                )
        except IntegrityError as exc:
            raise ValidationError(_("This person already holds this role in this region.")) from exc
    forget_scope(user)
    needs_password = is_new or not user.has_usable_password()
    transaction.on_commit(lambda: _send_invitation(membership, needs_password, base_url))
    return membership


def _check_role_fits(region: Region, role: str, agency: Agency | None) -> None:
    if role == Role.PROVINCE_VIEWER:
        if not region.is_province:
            raise ValidationError({"role": _("A province viewer belongs to a province.")})
    elif role in REGION_ROLES:
        if region.is_province:
            raise ValidationError({"role": _("This role belongs to a kabupaten or kota.")})
    else:
        raise ValidationError(
            {"role": _("This is a national role; it cannot be given in a region.")}
        )
    if role == Role.AGENCY_EDITOR:
        if agency is None:
            raise ValidationError({"agency": _("Choose the agency this editor works for.")})
        if agency.region_id != region.pk or not agency.is_active:
            raise ValidationError({"agency": _("Choose an active agency of this region.")})
    elif agency is not None:
        raise ValidationError(
            {"agency": _("Leave the agency empty unless the role is agency editor.")}
        )


def _send_invitation(membership: Membership, needs_password: bool, base_url: str) -> None:
    user = membership.user
    if not user.email:
        return
    link = ""
    if needs_password:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        link = base_url + reverse(
            "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
        )
    where = membership.agency or membership.region
    body = _("You have been given the role %(role)s in %(where)s on Kotacerdas.") % {
        "role": membership.get_role_display(),
        "where": where,
    }
    if link:
        body += "\n\n" + _("Set your password here: %(link)s") % {"link": link}
        body += "\n" + _("Your username is %(username)s.") % {"username": user.username}
    send_mail(_("Invitation to Kotacerdas"), body, None, [user.email])


def remove_membership(membership: Membership, *, actor: Any) -> None:
    """Take a role away. The account stays, with its history.

    A coordinator cannot remove their own role, so a region is never left without one by
    accident; another coordinator or the programme office does it.
    """
    if getattr(actor, "pk", None) == membership.user_id and not scope_of(actor).national:
        raise ValidationError(_("You cannot remove your own role; ask another coordinator."))
    with transaction.atomic(), acting_as(actor):
        membership.delete()
    forget_scope(membership.user)


def create_token(user: User, *, name: str) -> tuple[ApiToken, str]:
    """A new personal API token; the secret is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    with transaction.atomic(), acting_as(user):
        token, secret = ApiToken.generate(user, name)
        token.save()
    return token, secret


def revoke_token(token: ApiToken, *, actor: Any) -> ApiToken:
    with transaction.atomic(), acting_as(actor):
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def authenticate_token(text: str) -> User | None:
    """The active user a token text belongs to, or None. Records when it was last used."""
    parts = text.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != "kc":
        return None
    token = ApiToken.objects.usable().select_related("user").filter(key_id=parts[1]).first()
    if token is None or not token.matches(parts[2]):
        return None
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user
