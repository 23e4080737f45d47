"""HTML pages of accounts: sign-in, profile and tokens, members of a region, users."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.lib.ratelimit import RateLimited
from kotacerdas.regions.models import Region

from . import limits, queries, services
from .access import get_for_user, require
from .edge import acting_user
from .forms import InviteForm, LoginForm, TokenForm, UserSearchForm
from .models import ApiToken, Invitation, Membership, User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        """Who has an invitation waiting lands where they can answer it."""
        user = self.request.user
        if isinstance(user, User) and queries.invitations_for(user).exists():
            return reverse("accounts:profile")
        return super().get_default_redirect_url()


@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": queries.memberships_for_home(user),
            "invitations": list(queries.invitations_for(user)),
            "tokens": queries.tokens_of(user),
            "form": TokenForm(),
        },
    )


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name."))
        return redirect("accounts:profile")
    user = acting_user(request)
    try:
        limits.count_token_creation(request, user)
    except RateLimited as exc:
        minutes = max(1, -(-exc.retry_after // 60))
        messages.error(
            request,
            ngettext(
                "You created too many tokens. Try again in %(minutes)d minute.",
                "You created too many tokens. Try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
        )
        return redirect("accounts:profile")
    token, secret = services.create_token(user, actor=user, name=form.cleaned_data["name"])
    return render(request, "accounts/token_created.html", {"token": token, "secret": secret})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_for_user(
        request.user,
        ApiToken.objects.all(),
        view="accounts.view_apitoken",
        change="accounts.change_apitoken",
        pk=pk,
    )
    services.revoke_token(token, actor=acting_user(request))
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:profile")


def _region(request: HttpRequest, code: str, change: str | None = None) -> Region:
    return get_for_user(
        request.user,
        Region.objects.select_related("province"),
        view="accounts.view_members",
        change=change,
        code=code,
    )


@login_required
@require_GET
def member_list(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    can_manage = request.user.has_perm("accounts.manage_members", region)
    invitations = list(queries.pending_invitations_in(region)) if can_manage else []
    return render(
        request,
        "accounts/member_list.html",
        {
            "region": region,
            "members": list(queries.members_of(region)),
            "invitations": invitations,
            "can_manage": can_manage,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_invite(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code, change="accounts.manage_members")
    national = request.user.has_perm("accounts.assign_assessors")
    form = InviteForm(request.POST or None, region=region, national=national)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_member(
                region,
                actor=acting_user(request),
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                agency=form.cleaned_data["agency"],
                full_name=form.cleaned_data["full_name"],
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # The same words whether or not the address has an account: nothing about the
            # person behind it is revealed.
            messages.success(
                request,
                _("An invitation to the role %(role)s was sent to %(email)s.")
                % {"email": invitation.email, "role": invitation.get_role_display()},
            )
            return redirect("accounts:member_list", code=region.code)
    return render(request, "accounts/member_invite.html", {"region": region, "form": form})


def _membership(request: HttpRequest, code: str, pk: int, change: str | None) -> Membership:
    return get_for_user(
        request.user,
        Membership.objects.select_related("region", "user", "agency"),
        view="accounts.view_members",
        change=change,
        pk=pk,
        region__code=code,
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    membership = _membership(request, code, pk, change="accounts.manage_members")
    try:
        services.remove_membership(membership, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(user)s no longer holds the role %(role)s.")
            % {"user": membership.user, "role": membership.get_role_display()},
        )
    return redirect("accounts:member_list", code=code)


@login_required
@require_GET
def member_history(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    membership = _membership(request, code, pk, change=None)
    page = Paginator(queries.history_of(membership), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/member_history.html",
        {
            "region": membership.region,
            "membership": membership,
            "page": page,
            "rows": queries.describe_changes(page),
            "query": "",
        },
    )


def _invitation(request: HttpRequest, pk: int) -> Invitation:
    return get_for_user(
        request.user,
        Invitation.objects.select_related("region", "agency"),
        view="accounts.answer_invitation",
        pk=pk,
    )


@login_required
@require_POST
def invitation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    try:
        membership = services.accept_invitation(invitation, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:profile")
    messages.success(
        request,
        _("You now hold the role %(role)s in %(where)s.")
        % {"role": membership.get_role_display(), "where": membership.agency or membership.region},
    )
    return redirect("home")


@login_required
@require_POST
def invitation_decline(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    try:
        services.decline_invitation(invitation, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Invitation declined."))
    return redirect("accounts:profile")


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    """Every account, for the national administrator."""
    require(request.user, "accounts.manage_users")
    form = UserSearchForm(request.GET or None)
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    users = User.objects.order_by("username").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("region", "agency"))
    )
    if text:
        users = users.filter(
            Q(username__icontains=text)
            | Q(email__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
        )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(
        request, "accounts/user_list.html", {"form": form, "page": page, "query": f"q={text}"}
    )
