"""Pages of public consultation: the public list and page of a consultation with its
aspiration form (no account), and the region's moderation pages (region members read, the
coordinator opens, closes, moderates, answers and links)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.actors import SYSTEM, Actor, allowed
from kotacerdas.accounts.edge import acting_user
from kotacerdas.accounts.models import User
from kotacerdas.lib.client_ip import client_ip
from kotacerdas.lib.ratelimit import Limit, RateLimited
from kotacerdas.planning.models import Programme
from kotacerdas.regions.models import Region

from . import consultation_queries as queries
from . import services
from .forms import AnswerForm, AspirationForm, ConsultationForm, LinkForm, ModerateForm
from .models import Aspiration, Consultation

PAGE_SIZE = 25
ASPIRATIONS_BY_ADDRESS = Limit(
    "consultation-address", "CONSULTATION_ASPIRATIONS_PER_ADDRESS", "CONSULTATION_WINDOW_MINUTES"
)


def _add_errors(form: Any, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


def _citizen(request: HttpRequest) -> Actor:
    """Who sends an aspiration: the signed-in user, else the public page as the system."""
    return request.user if isinstance(request.user, User) else SYSTEM


# Public pages ----------------------------------------------------------------------------


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        queries.public_consultations().order_by("-opens_at", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "portal/consultation/public_list.html", {"page": page})


def _public_consultation(pk: int) -> Consultation:
    return get_for_user(SYSTEM, queries.public_consultations(), view=None, pk=pk)


def _programme(page: queries.PublicPage, programme_id: int | None) -> Programme | None:
    return next((p for p in page.programmes if p.pk == programme_id), None)


@require_http_methods(["GET", "POST"])
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The opened parts of the draft, the published aspirations and answers, and the form."""
    consultation = _public_consultation(pk)
    page = queries.public_page(consultation)
    form = AspirationForm(request.POST or None, targets=page.targets)
    status = 200
    if request.method == "POST":
        status = _submit(request, consultation, page, form)
        if status == 302:
            messages.success(
                request,
                _(
                    "Thank you. Your aspiration was received and will appear once the team "
                    "has read it."
                ),
            )
            return redirect("consultation:public_detail", pk=consultation.pk)
    context = {"page": page, "consultation": consultation, "form": form}
    return render(request, "portal/consultation/public_detail.html", context, status=status)


def _submit(
    request: HttpRequest,
    consultation: Consultation,
    page: queries.PublicPage,
    form: AspirationForm,
) -> int:
    """Send the aspiration; the status of the answer (302 when taken)."""
    try:
        ASPIRATIONS_BY_ADDRESS.take(client_ip(request) or "unknown")
    except RateLimited as exc:
        minutes = max(1, round(exc.retry_after / 60))
        form.add_error(
            None,
            _("Too many aspirations from your address. Try again in %(minutes)s minutes.")
            % {"minutes": minutes},
        )
        return 429
    if not page.is_open:
        form.add_error(None, _("This consultation is not open for comments."))
        return 409
    if not form.is_valid():
        return 400
    section, programme_id = form.target_of()
    try:
        services.submit_aspiration(
            consultation,
            actor=_citizen(request),
            text=form.cleaned_data["text"],
            section=section,
            programme=_programme(page, programme_id),
            name=form.cleaned_data["name"],
            contact=form.cleaned_data["contact"],
        )
    except ValidationError as exc:
        _add_errors(form, exc)
        return 400
    return 302


# Moderation (region only) ----------------------------------------------------------------


def _region(request: HttpRequest, code: str) -> Region:
    return get_for_user(
        request.user,
        Region.objects.select_related("province"),
        view="regions.view_region_data",
        code=code,
    )


def _consultation(
    request: HttpRequest, region: Region, pk: int, change: str | None = None
) -> Consultation:
    return get_for_user(
        request.user,
        queries.consultations_visible_to(request.user).filter(masterplan__region=region),
        view="portal.view_consultation",
        change=change,
        pk=pk,
    )


def _aspiration(request: HttpRequest, region: Region, pk: int) -> Aspiration:
    return get_for_user(
        request.user,
        queries.aspirations_visible_to(request.user).filter(
            consultation__masterplan__region=region
        ),
        view="portal.view_consultation",
        change="portal.moderate_aspiration",
        pk=pk,
    )


@login_required
@require_GET
def consultation_list(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    context = {
        "region": region,
        "consultations": list(queries.consultations_of(region.pk)),
        "may_open": allowed(request.user, "portal.open_consultation", region),
    }
    return render(request, "portal/consultation/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    if not allowed(request.user, "portal.open_consultation", region):
        raise PermissionDenied
    form = ConsultationForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.open_consultation(
                data["masterplan"],
                actor=acting_user(request),
                title=data["title"],
                introduction=data["introduction"],
                period=services.Period(data["opens_at"], data["closes_at"]),
                whole=data["whole"],
                sections=data["sections"],
                programmes=list(data["programmes"]),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The consultation is set up."))
            return redirect("consultation:consultation_moderate", code=code, pk=consultation.pk)
    return render(request, "portal/consultation/create.html", {"region": region, "form": form})


@login_required
@require_GET
def consultation_moderate(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    region = _region(request, code)
    consultation = _consultation(request, region, pk)
    state = request.GET.get("state", "")
    if state not in Aspiration.State.values:
        state = ""
    page = Paginator(queries.moderation_list(consultation, state), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    programmes = list(consultation.masterplan.programmes.order_by("code"))
    context = {
        "region": region,
        "consultation": consultation,
        "page": page,
        "state": state,
        "states": Aspiration.State.choices,
        "programmes": programmes,
        "counts": queries.counts_of(consultation),
        "may_moderate": allowed(request.user, "portal.moderate_aspiration", consultation),
        "moderate_states": ModerateForm.base_fields["state"].choices,  # type: ignore[attr-defined]
    }
    return render(request, "portal/consultation/moderate.html", context)


@login_required
@require_POST
def consultation_close(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    region = _region(request, code)
    consultation = _consultation(request, region, pk, change="portal.manage_consultation")
    try:
        services.close_consultation(consultation, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The consultation is closed."))
    return redirect("consultation:consultation_moderate", code=code, pk=pk)


def _back(aspiration: Aspiration, code: str) -> HttpResponse:
    return redirect("consultation:consultation_moderate", code=code, pk=aspiration.consultation_id)


def _refused(request: HttpRequest, form: Any, exc: ValidationError | None = None) -> None:
    if exc is not None:
        messages.error(request, " ".join(exc.messages))
        return
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
@require_POST
def aspiration_moderate(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    aspiration = _aspiration(request, _region(request, code), pk)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        _refused(request, form)
        return _back(aspiration, code)
    try:
        services.moderate_aspiration(
            aspiration,
            actor=acting_user(request),
            state=form.cleaned_data["state"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        _refused(request, form, exc)
    else:
        messages.success(request, _("Moderation saved."))
    return _back(aspiration, code)


@login_required
@require_POST
def aspiration_answer(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    aspiration = _aspiration(request, _region(request, code), pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        _refused(request, form)
        return _back(aspiration, code)
    try:
        services.answer_aspiration(
            aspiration, actor=acting_user(request), answer=form.cleaned_data["answer"]
        )
    except ValidationError as exc:
        _refused(request, form, exc)
    else:
        messages.success(request, _("Answer published."))
    return _back(aspiration, code)


@login_required
@require_POST
def aspiration_link(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    aspiration = _aspiration(request, _region(request, code), pk)
    form = LinkForm(request.POST, masterplan_id=aspiration.consultation.masterplan_id)
    if not form.is_valid():
        _refused(request, form)
        return _back(aspiration, code)
    try:
        services.link_aspiration(
            aspiration, actor=acting_user(request), programme=form.cleaned_data["programme"]
        )
    except ValidationError as exc:
        _refused(request, form, exc)
    else:
        messages.success(request, _("Link to the programme saved."))
    return _back(aspiration, code)
