"""State changes of accounts: invitations, memberships and API tokens.

Each function takes the typed ``actor`` it acts for, locks what it changes, checks the
actor's permission on the current rows, and writes inside ``acting(actor)``.
"""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.regions.models import Agency, Region

from .actors import Actor, acting, allowed, require, user_of
from .models import ApiToken, Invitation, Membership, Role, User
from .scope import forget_scope

REGION_ROLES = (
    Role.REGION_COORDINATOR,
    Role.AGENCY_EDITOR,
    Role.COUNCIL_MEMBER,
    Role.ASSESSOR,
)


def invite_member(
    region: Region,
    *,
    actor: Actor,
    email: str,
    role: str,
    agency: Agency | None = None,
    full_name: str = "",
    base_url: str = "",
) -> Invitation:
    """Invite a person to a role in a region; they accept or decline it after signing in.

    An address with no account gets one without a password: the email carries a link to
    set it. Whoever invites is told the same thing whether or not the address has an
    account, and nobody gets a role they did not accept.
    """
    email = email.strip().lower()
    with transaction.atomic():
        current = Region.objects.select_for_update().get(pk=region.pk)
        require(actor, "accounts.manage_members", current)
        agency = Agency.objects.get(pk=agency.pk) if agency is not None else None
        _check_role_fits(current, role, agency)
        if role == Role.ASSESSOR and not allowed(actor, "accounts.assign_assessors"):
            raise ValidationError({"role": _("Assessors are assigned by the programme office.")})
        with acting(actor):
            user = _account_for(email, full_name)
            invitation = _pending_invitation(user, email, role, current, agency, actor)
        needs_password = not user.has_usable_password()
        transaction.on_commit(lambda: _send_invitation(invitation, needs_password, base_url))
    return invitation


def _account_for(email: str, full_name: str) -> User:
    """The account of ``email``; a new one, with no password yet, if there is none."""
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    first, _sep, last = full_name.strip().partition(" ")
    user = User(username=_username_for(email), email=email, first_name=first, last_name=last)
    user.set_unusable_password()
    user.save()
    return user


def _username_for(email: str) -> str:
    base = slugify(email.split("@")[0])[:140] or "user"
    name, n = base, 2
    while User.objects.filter(username=name).exists():
        name, n = f"{base}{n}", n + 1
    return name


def _pending_invitation(
    user: User, email: str, role: str, region: Region, agency: Agency | None, actor: Actor
) -> Invitation:
    """The pending invitation for this role, made now or the one already waiting."""
    if Membership.objects.filter(user=user, role=role, region=region, agency=agency).exists():
        raise ValidationError(_("This person already holds this role in this region."))
    invitation, _created = Invitation.objects.get_or_create(
        user=user,
        role=role,
        region=region,
        agency=agency,
        status=Invitation.Status.PENDING,
        defaults={"email": email, "created_by": user_of(actor)},
    )
    return invitation


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


def _send_invitation(invitation: Invitation, needs_password: bool, base_url: str) -> None:
    user = invitation.user
    if not user.email:
        return
    body = _("You are invited to take the role %(role)s in %(where)s on Kotacerdas.") % {
        "role": invitation.get_role_display(),
        "where": invitation.agency or invitation.region,
    }
    if needs_password:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        link = base_url + reverse(
            "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
        )
        body += "\n\n" + _("Set your password here: %(link)s") % {"link": link}
        body += "\n" + _("Your username is %(username)s.") % {"username": user.username}
    body += "\n\n" + _(
        "After signing in, accept or decline the invitation on your account page: %(link)s"
    ) % {"link": base_url + reverse("accounts:profile")}
    send_mail(_("Invitation to Kotacerdas"), body, None, [user.email])


def accept_invitation(invitation: Invitation, *, actor: Actor) -> Membership:
    """The invited person takes the role: their membership is created now."""
    with transaction.atomic():
        current = _locked_invitation(invitation, actor)
        if current.agency is not None and not current.agency.is_active:
            raise ValidationError(
                _("The agency of this invitation was retired; ask for a new invitation.")
            )
        with acting(actor):
            membership, _created = Membership.objects.get_or_create(
                user=current.user,
                role=current.role,
                region=current.region,
                agency=current.agency,
                defaults={"created_by": current.created_by},
            )
            _answer(current, Invitation.Status.ACCEPTED)
    forget_scope(current.user)
    forget_scope(actor)
    return membership


def decline_invitation(invitation: Invitation, *, actor: Actor) -> Invitation:
    """The invited person refuses the role; nothing else changes."""
    with transaction.atomic():
        current = _locked_invitation(invitation, actor)
        with acting(actor):
            _answer(current, Invitation.Status.DECLINED)
    return current


def _locked_invitation(invitation: Invitation, actor: Actor) -> Invitation:
    """The invitation as it is now, locked, once ``actor`` may answer it and it is pending."""
    current = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("user", "region", "agency")
        .get(pk=invitation.pk)
    )
    require(actor, "accounts.answer_invitation", current)
    if current.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered."))
    return current


def _answer(invitation: Invitation, status: str) -> None:
    invitation.status = status
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])


def remove_membership(membership: Membership, *, actor: Actor) -> None:
    """Take a role away. The account stays, with its history.

    A coordinator cannot remove their own role, so a region is never left without one by
    accident; another coordinator or the programme office does it.
    """
    with transaction.atomic():
        current = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("user", "region")
            .get(pk=membership.pk)
        )
        require(actor, "accounts.manage_members", current)
        acting_user = user_of(actor)
        own = acting_user is not None and acting_user.pk == current.user_id
        if own and not allowed(actor, "accounts.manage_users"):
            raise ValidationError(_("You cannot remove your own role; ask another coordinator."))
        with acting(actor):
            current.delete()
    forget_scope(current.user)
    forget_scope(membership.user)


def grant_assessor(region: Region, user: User, *, actor: Actor) -> Membership:
    """Make ``user`` an assessor of ``region`` (an expert assigned to guide it), so they read
    its data; nothing changes when they already are one. National administrators only."""
    with transaction.atomic():
        locked = Region.objects.select_for_update().get(pk=region.pk)
        require(actor, "accounts.assign_assessors", locked)
        with acting(actor):
            membership, _created = Membership.objects.get_or_create(
                user=user, role=Role.ASSESSOR, region=locked, agency=None
            )
    forget_scope(user)
    return membership


def create_token(owner: User, *, actor: Actor, name: str) -> tuple[ApiToken, str]:
    """A new personal API token of ``owner``; the secret is returned once and never stored."""
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=owner.pk)
        require(actor, "accounts.create_apitoken", current)
        name = name.strip()
        if not name:
            raise ValidationError({"name": _("Give the token a name.")})
        token, secret = ApiToken.generate(current, name)
        with acting(actor):
            token.save()
    return token, secret


def revoke_token(token: ApiToken, *, actor: Actor) -> ApiToken:
    """Revoke a token at once; revoking it again changes nothing."""
    with transaction.atomic():
        current = ApiToken.objects.select_for_update().get(pk=token.pk)
        require(actor, "accounts.change_apitoken", current)
        if current.revoked_at is None:
            current.revoked_at = timezone.now()
            with acting(actor):
                current.save(update_fields=["revoked_at"])
    return current
