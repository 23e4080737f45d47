"""Programme list, form (with supporting agencies, funding, partners, dependencies), detail and
milestones; the agency matrix, the budget and its yearly ceilings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.accounts.scope import scope_of
from kotacerdas.framework.models import Element
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.lib.formatting import rupiah

from ..masterplans.children import Child, GoesWith, Part, back_to, get_or_404
from ..masterplans.edges import (
    acting_user,
    add_errors,
    form_page,
    masterplan_context,
    masterplan_for,
    masterplan_page,
)
from ..masterplans.models import Masterplan
from ..masterplans.queries import dimensions_of
from ..strategy.queries import numbered_goals
from . import queries
from .checks import Attachments, Funding, Support
from .edges import programme_for
from .extras import ExtraField, extra_fields
from .forms import (
    CeilingForm,
    FundingFormSet,
    MilestoneForm,
    ProgrammeFilterForm,
    ProgrammeForm,
    SupportFormSet,
    funding_rows,
)
from .models import FundingLine, Programme, ProgrammeDependency
from .services import (
    create_milestone,
    create_programme,
    delete_milestone,
    delete_programme,
    save_ceilings,
    update_programme,
)

PAGE_SIZE = 50


@login_required
@require_GET
def programme_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Programmes filtered by dimension, agency and horizon, 50 to a page."""
    masterplan = masterplan_for(request, pk)
    dimensions = dimensions_of(masterplan)
    agencies = list(masterplan.region.agencies.active().order_by("name"))
    form = ProgrammeFilterForm(request.GET or None, dimensions=dimensions, agencies=agencies)
    filters = form.cleaned_data if form.is_valid() else {}
    programmes = queries.programme_list(
        masterplan,
        dimension=filters.get("dimension"),
        agency=filters.get("agency"),
        horizon=filters.get("horizon", ""),
        search=filters.get("q", ""),
    )
    page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    user = acting_user(request)
    return render(
        request,
        "planning/programme_list.html",
        masterplan_context(
            request,
            masterplan,
            form=form,
            page=page,
            query=query.urlencode(),
            can_add=user.has_perm("planning.add_programme", masterplan),
        ),
    )


class _Choices:
    """Every choice list of the programme form, read once."""

    def __init__(self, request: HttpRequest, masterplan: Masterplan, programme: Any) -> None:
        self.dimensions = dimensions_of(masterplan)
        self.elements = list(
            Element.objects.filter(dimension__framework=masterplan.framework_id).select_related(
                "dimension"
            )
        )
        self.agencies = list(masterplan.region.agencies.active().order_by("name"))
        if (
            programme is not None
            and programme.lead_agency
            and programme.lead_agency.pk not in {a.pk for a in self.agencies}
        ):
            self.agencies.append(programme.lead_agency)
        # Whether the programme has each partner and depends on each other programme is
        # read with the lists themselves (no query of its own).
        served_by = programme.pk if programme is not None else None
        self.stakeholders = list(
            masterplan.stakeholders.annotate(
                chosen=Exists(
                    Programme.partners.through.objects.filter(
                        stakeholder=OuterRef("pk"), programme=served_by
                    )
                )
            ).order_by("name")
        )
        others = masterplan.programmes.order_by("code")
        if programme is not None:
            others = others.exclude(pk=programme.pk)
        self.programmes = list(
            others.only("pk", "code", "name", "masterplan_id").annotate(
                chosen=Exists(
                    ProgrammeDependency.objects.filter(
                        programme=served_by, depends_on=OuterRef("pk")
                    )
                )
            )
        )
        self.goals = numbered_goals(masterplan, served_by=programme.pk if programme else None)
        user = acting_user(request)
        self.coordinator = user.has_perm("planning.change_masterplan", masterplan)
        own = scope_of(user).agencies
        self.lead_agencies = (
            self.agencies if self.coordinator else [a for a in self.agencies if a.pk in own]
        )

    def for_form(self) -> dict[str, Any]:
        empty = [("", "---------")]
        return {
            "dimensions": empty + [(d.pk, d.name) for d in self.dimensions],
            "elements": empty + [(e.pk, f"{e.dimension.name} · {e.name}") for e in self.elements],
            "lead_agencies": empty + [(a.pk, str(a)) for a in self.lead_agencies],
            "partners": [(s.pk, f"{s.name} ({s.get_group_display()})") for s in self.stakeholders],
            "programmes": [(p.pk, f"{p.code} {p.name}") for p in self.programmes],
            "goals": self.goal_choices(),
            "goals_served": [goal.pk for _n, goal in self.goals if goal.served],  # type: ignore[attr-defined]
            "partners_chosen": [s.pk for s in self.stakeholders if s.chosen],
            "programmes_chosen": [p.pk for p in self.programmes if p.chosen],
        }

    def goal_choices(self) -> list[tuple[str, list[tuple[int, str]]]]:
        """The masterplan's goals grouped by mission, numbered as on the strategy page."""
        groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
        for number, goal in self.goals:
            mission_number = number.split(".")[0]
            label = f"{mission_number}. {_short(goal.mission.text)}"
            groups.setdefault(goal.mission_id, (label, []))[1].append(
                (goal.pk, f"{number} {_short(goal.text)}")
            )
        return list(groups.values())

    def resolve(
        self, form: ProgrammeForm, supports: Any, funding: Any, extra: set[str]
    ) -> tuple[dict, Attachments]:
        data = {k: v for k, v in form.cleaned_data.items() if k not in extra}
        dims = {d.pk: d for d in self.dimensions}
        elements = {e.pk: e for e in self.elements}
        agencies = {a.pk: a for a in self.agencies}
        fields = {
            k: v
            for k, v in data.items()
            if k
            not in (
                "version",
                "partners",
                "depends_on",
                "goals",
                "dimension",
                "element",
                "lead_agency",
            )
        }
        fields["dimension"] = dims[data["dimension"]]
        fields["element"] = elements.get(data["element"]) if data["element"] else None
        fields["lead_agency"] = agencies.get(data["lead_agency"]) if data["lead_agency"] else None
        stakeholders = {s.pk: s for s in self.stakeholders}
        programmes = {p.pk: p for p in self.programmes}
        goals = {goal.pk: goal for _number, goal in self.goals}
        parts = Attachments(
            supports=[
                Support(agencies[f.cleaned_data["agency"]], f.cleaned_data.get("role", ""))
                for f in supports.forms
                if f.cleaned_data.get("agency")
            ],
            funding=[Funding(**row) for row in funding_rows(funding)],
            partners=[stakeholders[pk] for pk in data["partners"]],
            depends_on=[programmes[pk] for pk in data["depends_on"]],
            goals=[goals[pk] for pk in data["goals"]],
        )
        return fields, parts


def _short(text: str, length: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _initial_rows(programme: Programme | None) -> tuple[list[dict], list[dict]]:
    if programme is None:
        return [], []
    supports = [{"agency": s.agency_id, "role": s.role} for s in programme.supports.all()]
    funding = [
        {"source": f.source, "year": f.year, "amount": f.amount} for f in programme.funding.all()
    ]
    return supports, funding


def _programme_form(
    request: HttpRequest, masterplan: Masterplan, programme: Programme | None
) -> HttpResponse:
    choices = _Choices(request, masterplan, programme)
    post = request.POST if request.method == "POST" else None
    form = ProgrammeForm(
        post,
        instance=programme,
        choices=choices.for_form(),
        lead_required=not choices.coordinator,
    )
    agency_choices = [("", "---------")] + [(a.pk, str(a)) for a in choices.agencies]
    support_initial, funding_initial = _initial_rows(programme)
    supports = SupportFormSet(
        post, prefix="supports", initial=support_initial, form_kwargs={"agencies": agency_choices}
    )
    funding = FundingFormSet(post, prefix="funding", initial=funding_initial)
    extras = _add_extra_fields(form, masterplan, programme, acting_user(request))
    conflict = None
    if post is not None and form.is_valid() and supports.is_valid() and funding.is_valid():
        fields, parts = choices.resolve(form, supports, funding, {e.key for e in extras})
        try:
            saved = _save(request, form, masterplan, programme, fields, parts, extras)
        except ConcurrentEditError as exc:
            conflict = _conflict_rows(form, exc.current)
            form.add_error(None, str(exc))
            data = request.POST.copy()
            data["version"] = str(exc.current.version)  # type: ignore[attr-defined]
            form.data = data
        except PermissionDenied:
            form.add_error("lead_agency", _("You can only save programmes your agency leads."))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Programme %(code)s saved.") % {"code": saved.code})
            return redirect(saved)
    return render(
        request,
        "planning/programme_form.html",
        masterplan_context(
            request,
            masterplan,
            programme=programme,
            form=form,
            supports=supports,
            funding=funding,
            conflict=conflict,
        ),
    )


def _add_extra_fields(
    form: ProgrammeForm, masterplan: Masterplan, programme: Programme | None, user: Any
) -> list[ExtraField]:
    """The fields other apps add (SPBE indicators) that this user may set."""
    shown = []
    for extra in extra_fields():
        field = extra.field(masterplan, programme, user)
        if field is not None:
            form.fields[extra.key] = field
            shown.append(extra)
    return shown


def _save(
    request: HttpRequest,
    form: ProgrammeForm,
    masterplan: Masterplan,
    programme: Programme | None,
    fields: dict,
    parts: Attachments,
    extras: list[ExtraField],
) -> Programme:
    """The programme and what the other apps' fields say of it, in one transaction."""
    actor = acting_user(request)
    with transaction.atomic():
        if programme is None:
            saved = create_programme(masterplan, actor=actor, fields=fields, parts=parts)
        else:
            saved = update_programme(
                programme,
                actor=actor,
                opened_version=form.cleaned_data["version"],
                fields=fields,
                parts=parts,
            )
        for extra in extras:
            extra.save(saved, form.cleaned_data[extra.key], actor)
    return saved


def _conflict_rows(form: ProgrammeForm, current: Any) -> list[tuple[Any, Any, Any]]:
    """Field, the value this user typed, the value someone else saved."""
    rows = []
    for name in ("code", "name", "horizon", "start_year", "end_year", "status", "description"):
        mine = form.cleaned_data.get(name)
        theirs = getattr(current, name)
        if mine != theirs:
            rows.append((form.fields[name].label, mine, theirs))
    mine_lead = form.cleaned_data.get("lead_agency")
    if mine_lead != current.lead_agency_id:
        rows.append((_("Lead agency"), mine_lead, current.lead_agency))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change="planning.add_programme")
    return _programme_form(request, masterplan, None)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_for(request, pk, change="planning.change_programme", full=False)
    return _programme_form(request, programme.masterplan, programme)


@login_required
@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, programme_for(request, pk))


def _detail(
    request: HttpRequest, programme: Programme, milestone_form: MilestoneForm | None = None
) -> HttpResponse:
    user = acting_user(request)
    can_change = user.has_perm("planning.change_programme", programme)
    if milestone_form is None and can_change:
        milestone_form = MilestoneForm(initial={"year": programme.start_year})
    return render(
        request,
        "planning/programme_detail.html",
        masterplan_context(
            request,
            programme.masterplan,
            programme=programme,
            funding_total=sum(f.amount for f in programme.funding.all()),
            milestones=list(programme.milestones.all()),
            milestone_form=milestone_form,
            can_change=can_change,
            can_see_history=user.has_perm("planning.view_internal", programme),
        ),
    )


@login_required
@require_POST
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_for(request, pk, change="planning.change_programme")
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            create_milestone(programme, actor=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Milestone added."))
            return redirect(programme)
    return _detail(request, programme, form)


def _programme(request: HttpRequest, kwargs: Mapping[str, int], perm: str) -> Part:
    programme = programme_for(request, kwargs["pk"], change=perm)
    return Part(programme.masterplan, programme.masterplan, programme)


def _milestone(request: HttpRequest, kwargs: Mapping[str, int], perm: str) -> Part:
    programme = programme_for(request, kwargs["pk"], change=perm)
    milestone = get_or_404(programme.milestones.all(), pk=kwargs["milestone"])
    return Part(programme.masterplan, programme, milestone)


def _funding_line(line: FundingLine) -> str:
    return f"{line.get_source_display()} {line.year}: {rupiah(line.amount)}"


def _with_programme(programme: Programme) -> list[GoesWith]:
    """A programme goes with its agencies, funding, dependencies, milestones and comments."""
    groups = [
        (_("Supporting agencies"), [str(s.agency) for s in programme.supports.all()]),
        (_("Funding lines"), [_funding_line(f) for f in programme.funding.all()]),
        (_("Depends on"), [d.depends_on.code for d in programme.dependencies.all()]),
        (_("Needed by"), [d.programme.code for d in programme.dependents.all()]),
        (_("Milestones"), [str(m) for m in programme.milestones.all()]),
        (_("Comments"), [str(c) for c in programme.comments.all()]),
    ]
    return [GoesWith(label, items) for label, items in groups if items]


PROGRAMME = Child(
    fetch=_programme,
    perm="planning.delete_programme",
    heading=lambda part: _("Programme %(code)s") % {"code": part.obj.code},
    back=back_to("planning:programme_list"),
    cancel=lambda part: part.obj.get_absolute_url(),
    delete=lambda obj, actor: delete_programme(obj, actor=actor),
    goes_with=_with_programme,
    removed=lambda obj: _("Programme %(code)s deleted.") % {"code": obj.code},
)
MILESTONE = Child(
    fetch=_milestone,
    perm="planning.change_programme",
    heading=lambda part: _("Milestone of %(code)s") % {"code": part.parent.code},
    back=lambda part: part.parent.get_absolute_url(),
    delete=lambda obj, actor: delete_milestone(obj, actor=actor),
    removed=lambda obj: _("Milestone removed."),
)


# Agency matrix, budget and ceilings ----------------------------------------------------


@login_required
@require_GET
def agency_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    """Which agency leads or supports which programme, its workload and budget per year."""
    return masterplan_page(request, pk, "planning/agency_matrix.html", matrix=queries.agency_matrix)


@login_required
@require_GET
def budget_view(request: HttpRequest, pk: int) -> HttpResponse:
    return masterplan_page(request, pk, "planning/budget.html", budget=queries.budget_summary)


@login_required
@require_http_methods(["GET", "POST"])
def ceiling_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator sets the most the region means to spend in each year."""
    masterplan = masterplan_for(request, pk, change="planning.change_masterplan")
    form = CeilingForm(request.POST or None, masterplan=masterplan)
    if request.method == "POST" and form.is_valid():
        try:
            save_ceilings(masterplan, actor=acting_user(request), ceilings=form.ceilings())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Budget ceilings saved."))
            return redirect("planning:budget_view", pk=masterplan.pk)
    back = reverse("planning:budget_view", kwargs={"pk": masterplan.pk})
    return form_page(request, masterplan, form=form, heading=_("Budget ceilings"), back_url=back)
