"""Pages of a masterplan: list, create, overview, edit, the cycle's entry points, the team and
the stakeholder register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kotacerdas.lib import files
from kotacerdas.lib.concurrency import ConcurrentEditError

from . import queries, services
from .children import Child, GoesWith, back_to, get_or_404, of_masterplan
from .edges import acting_user, masterplan_context, masterplan_for, region_for
from .forms import MasterplanCreateForm, MasterplanEditForm, StakeholderForm, TeamMemberForm
from .models import Stakeholder, TeamMember


@login_required
@require_GET
def masterplan_list(request: HttpRequest, code: str) -> HttpResponse:
    """A region's masterplans: all of them for its team, the published ones for others."""
    region = region_for(request, code)
    user = acting_user(request)
    return render(
        request,
        "planning/masterplan_list.html",
        {
            "region": region,
            "masterplans": list(queries.masterplans_of(user, region)),
            "can_create": user.has_perm("planning.add_masterplan", region),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def masterplan_create(request: HttpRequest, code: str) -> HttpResponse:
    region = region_for(request, code, change="planning.add_masterplan")
    form = MasterplanCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            masterplan = services.create_masterplan(
                region, actor=acting_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Masterplan created as a draft."))
            return redirect(masterplan)
    return render(request, "planning/masterplan_form.html", {"region": region, "form": form})


@login_required
@require_GET
def masterplan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Status, period, what it holds, and the review actions open to the user."""
    masterplan = masterplan_for(request, pk)
    user = acting_user(request)
    actions = {
        name: user.has_perm(f"planning.{name}_masterplan", masterplan)
        for name in ("submit", "return", "approve", "publish", "comment")
    }
    return render(
        request,
        "planning/masterplan_detail.html",
        masterplan_context(
            request,
            masterplan,
            counts=queries.overview_counts(masterplan),
            actions=actions,
            can_new_draft=user.has_perm("planning.start_new_draft", masterplan),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def masterplan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change="planning.change_masterplan")
    form = MasterplanEditForm(request.POST or None, request.FILES or None, instance=masterplan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_masterplan(
                masterplan,
                actor=acting_user(request),
                opened_version=form.cleaned_data["version"],
                **fields,
            )
        except ConcurrentEditError as exc:
            conflict = exc.current
            form.add_error(None, str(exc))
            data = request.POST.copy()
            data["version"] = str(getattr(conflict, "version", ""))
            form.data = data
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Masterplan saved."))
            return redirect(masterplan)
    return render(
        request,
        "planning/masterplan_edit.html",
        masterplan_context(request, masterplan, form=form, conflict=conflict),
    )


@login_required
@require_GET
def stage_view(request: HttpRequest, code: str, page: str) -> HttpResponse:
    """A stage of the cycle (team, strategy, programmes, …): ``page`` of the region's current
    masterplan, the latest one the user may read."""
    region = region_for(request, code, change=None)
    user = acting_user(request)
    if not user.has_perm("regions.view_region_data", region):
        raise Http404
    masterplan = queries.current_masterplan(user, region)
    if masterplan is None:
        messages.info(request, _("Start a masterplan first."))
        return redirect("planning:masterplan_list", code=region.code)
    return redirect(reverse(page, kwargs={"pk": masterplan.pk}))


# Team ----------------------------------------------------------------------------------


@login_required
@require_GET
def team_list(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk)
    members = list(masterplan.team.select_related("agency").order_by("body", "name"))
    bodies = [
        (label, [m for m in members if m.body == value]) for value, label in TeamMember.Body.choices
    ]
    context = masterplan_context(request, masterplan, bodies=bodies)
    if context["can_edit"]:
        context["form"] = TeamMemberForm(masterplan=masterplan)
    return render(request, "planning/team_list.html", context)


TEAM = Child(
    fetch=of_masterplan(TeamMember, "member"),
    perm="planning.change_team",
    heading=lambda part: _("Team member"),
    back=back_to("planning:team_list"),
    form=lambda request, part: TeamMemberForm(
        request.POST or None,
        request.FILES or None,
        instance=part.obj,
        masterplan=part.masterplan,
    ),
    save=lambda part, actor, data, opened: services.save_team_member(
        part.masterplan, actor=actor, member=part.obj, opened_version=opened, **data
    ),
    delete=lambda obj, actor: services.delete_team_member(obj, actor=actor),
    saved=gettext_lazy("Team member saved."),
    removed=lambda obj: _("Team member removed."),
)


# Stakeholders --------------------------------------------------------------------------


@login_required
@require_GET
def stakeholder_list(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk)
    stakeholders = list(
        masterplan.stakeholders.prefetch_related("programmes").order_by("group", "name")
    )
    groups = [
        (label, [s for s in stakeholders if s.group == value])
        for value, label in Stakeholder.Group.choices
    ]
    context = masterplan_context(request, masterplan, groups=groups)
    context["can_see_internal"] = request.user.has_perm("planning.view_internal", masterplan)
    if context["can_edit"]:
        context["form"] = StakeholderForm()
    return render(request, "planning/stakeholder_list.html", context)


def _partnered(stakeholder: Stakeholder) -> list[GoesWith]:
    """A partner leaves the programmes it partners (they stay)."""
    codes = list(stakeholder.programmes.order_by("code").values_list("code", flat=True))
    return [GoesWith(_("Partner of programmes"), codes)] if codes else []


STAKEHOLDERS = Child(
    fetch=of_masterplan(Stakeholder, "stakeholder"),
    perm="planning.change_stakeholders",
    heading=lambda part: _("Stakeholder"),
    back=back_to("planning:stakeholder_list"),
    form=lambda request, part: StakeholderForm(request.POST or None, instance=part.obj),
    save=lambda part, actor, data, opened: services.save_stakeholder(
        part.masterplan, actor=actor, stakeholder=part.obj, opened_version=opened, **data
    ),
    delete=lambda obj, actor: services.delete_stakeholder(obj, actor=actor),
    goes_with=_partnered,
    saved=gettext_lazy("Stakeholder saved."),
    removed=lambda obj: _("Stakeholder removed."),
)


# Files ---------------------------------------------------------------------------------
# Served only here, to those who may read the masterplan, as a download. Other regions'
# users learn nothing (404); an anonymous visitor is sent to log in, as on every page and
# every other file of the application.


@login_required
@require_GET
def masterplan_regulation(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file of the regulation that enacts the masterplan."""
    masterplan = masterplan_for(request, pk)
    stem = f"{masterplan.regulation_type} {masterplan.regulation_number}".strip()
    file = masterplan.regulation_file
    return files.serve(request, file, files.download_name(stem or _("regulation"), file))


@login_required
@require_GET
def team_decree(request: HttpRequest, pk: int, member: int) -> HttpResponseBase:
    """The decree (SK) that appoints a member of the team."""
    masterplan = masterplan_for(request, pk)
    row = get_or_404(masterplan.team.exclude(decree_file=""), pk=member)
    stem = f"SK {row.decree_number}" if row.decree_number else _("decree")
    return files.serve(request, row.decree_file, files.download_name(stem, row.decree_file))
