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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.regions.models import Region

from . import queries, services
from .access import get_for_user, require
from .forms import InviteForm, LoginForm, TokenForm, UserSearchForm
from .models import ApiToken, Membership, User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": queries.memberships_for_home(request.user),
            "tokens": queries.tokens_of(request.user),  # type: ignore[arg-type]
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
    token, secret = services.create_token(request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
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
    services.revoke_token(token, actor=request.user)
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
    return render(
        request,
        "accounts/member_list.html",
        {
            "region": region,
            "members": list(queries.members_of(region)),
            "can_manage": request.user.has_perm("accounts.manage_members", region),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_invite(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code, change="accounts.manage_members")
    national = request.user.has_perm("accounts.manage_users")
    form = InviteForm(request.POST or None, region=region, national=national)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invite_member(
                region,
                actor=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                agency=form.cleaned_data["agency"],
                full_name=form.cleaned_data["full_name"],
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(user)s now holds the role %(role)s; an invitation email was sent.")
                % {"user": membership.user, "role": membership.get_role_display()},
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
        services.remove_membership(membership, actor=request.user)
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
