"""HTML pages of the readiness assessment: answers, scores, pictures and the SWOT."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.accounts.access import get_for_user, require, require_change
from kotacerdas.accounts.edge import acting_user
from kotacerdas.accounts.queries import describe_changes, history_of
from kotacerdas.framework.queries import latest_instrument
from kotacerdas.lib import files
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.lib.errors import Incomplete
from kotacerdas.regions.models import Region

from . import queries, services
from .charts import aspect_totals, fixed, heatmap_rows, radar_data
from .forms import AnswerForm, AssignForm, EvidenceForm, ReturnForm, StartAssessmentForm, SwotForm
from .models import Answer, Assessment, Evidence, SwotEntry
from .states import state_refusal

GAPS_SHOWN = 10


def _assessment(request: HttpRequest, pk: int, change: str | None = None) -> Assessment:
    return get_for_user(
        request.user,
        queries.assessments_visible_to(request.user).select_related("instrument__framework"),
        view="readiness.view_assessment",
        change=change,
        state_refusal=state_refusal,
        pk=pk,
    )


def _answer(request: HttpRequest, pk: int, answer_pk: int, change: str | None) -> Answer:
    return get_for_user(
        request.user,
        queries.answers_visible_to(request.user).select_related(
            "agency", "answered_by", "item__dimension", "item__aspect", "item__element"
        ),
        view="readiness.view_assessment",
        change=change,
        state_refusal=state_refusal,
        pk=answer_pk,
        assessment_id=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_list(request: HttpRequest, code: str) -> HttpResponse:
    """A region's assessments by year; the coordinator starts a new one here."""
    region = get_for_user(
        request.user,
        Region.objects.select_related("province"),
        view="regions.view_region_data",
        code=code,
    )
    may_start = request.user.has_perm("readiness.start_assessment", region)
    form = StartAssessmentForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "readiness.start_assessment", region)
        if form.is_valid():
            try:
                assessment = services.start_assessment(
                    region, form.cleaned_data["year"], actor=acting_user(request)
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Assessment started."))
                return redirect("readiness:assessment_detail", pk=assessment.pk)
    context = {
        "region": region,
        "assessments": queries.assessments_of(region),
        "form": form if may_start else None,
        "instrument": latest_instrument(),
    }
    return render(request, "readiness/assessment_list.html", context)


def _score_context(assessment: Assessment) -> dict[str, Any]:
    scores = queries.scores_of(assessment)
    dimensions = list(queries.dimensions_of(assessment))
    aspects = list(queries.aspects_of(assessment))
    return {
        "scores": scores,
        "dimensions": dimensions,
        "aspects": aspects,
        "radar": radar_data(
            scores, dimensions, (assessment.instrument.scale_min, assessment.instrument.scale_max)
        ),
        "unanswered": scores.overall.total - scores.overall.answered,
    }


def _peer_rows(rows: list[queries.PeerRow], names: dict[str, Any]) -> list[tuple]:
    """The peer table, its figures written once here rather than by a filter per cell."""
    separator = get_format("DECIMAL_SEPARATOR")
    return [
        (
            names.get(row.key),
            fixed(row.own, 2, separator),
            [(fixed(peer.median, 2, separator), peer) for peer in row.medians],
        )
        for row in rows
    ]


@login_required
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Scores, radar, heat map, largest gaps and peer medians of one assessment."""
    assessment = _assessment(request, pk)
    context = _score_context(assessment)
    scores = context["scores"]
    gap_items = {
        a.item_id: a
        for a in queries.answer_sheet(assessment).filter(
            item_id__in=[g.key for g in scores.gaps[:GAPS_SHOWN]]
        )
    }
    names = {d.code: d for d in context["dimensions"]}
    aspect_names = {a.code: a for a in context["aspects"]}
    context.update(
        assessment=assessment,
        region=assessment.region,
        heatmap=heatmap_rows(scores, context["dimensions"], context["aspects"]),
        aspect_totals=aspect_totals(scores, context["aspects"]),
        gaps=[(gap, gap_items[gap.key]) for gap in scores.gaps[:GAPS_SHOWN]],
        peers=_peer_rows(queries.peer_comparison(assessment, scores), names),
        dimension_names=names,
        aspect_names=aspect_names,
        may_manage=request.user.has_perm("readiness.manage_assessment", assessment),
        may_return=request.user.has_perm("readiness.review_submission", assessment),
        may_swot=request.user.has_perm("readiness.edit_swot", assessment),
    )
    return render(request, "readiness/assessment_detail.html", context)


def _answer_row(
    request: HttpRequest, answer: Answer, form: AnswerForm | None = None
) -> dict[str, Any]:
    levels = answer.item.level_descriptors()
    may_answer = request.user.has_perm("readiness.answer_item", answer)
    if form is None:
        form = AnswerForm(
            initial={
                "level": answer.level,
                "justification": answer.justification,
                "version": answer.version,
            },
            levels=levels,
            prefix=f"a{answer.pk}",
        )
    # Built here, once per item, rather than by template tags: the questionnaire renders some
    # fifteen items with five choices each, and reversing and localising in the template was
    # most of the page's time.
    value = form["level"].value()
    chosen = "" if value is None else str(value)
    keys = {"pk": answer.assessment_id, "answer_pk": answer.pk}
    return {
        "answer": answer,
        "form": form,
        "levels": levels,
        "choices": [
            {"value": str(level), "text": text, "checked": str(level) == chosen}
            for level, text in levels
        ],
        "update_url": reverse("readiness:answer_update", kwargs=keys),
        "history_url": reverse("readiness:answer_history", kwargs=keys),
        "evidence_url": reverse("readiness:evidence_create", kwargs=keys),
        "may_answer": may_answer,
        "evidence_form": EvidenceForm(prefix=f"e{answer.pk}") if may_answer else None,
    }


@login_required
@require_GET
def answer_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The questionnaire, one dimension at a time, saving each answer as the user goes."""
    assessment = _assessment(request, pk)
    context = _score_context(assessment)
    codes = [d.code for d in context["dimensions"]]
    current = request.GET.get("dimension") or (codes[0] if codes else "")
    if current not in codes:
        raise Http404
    answers = list(queries.answer_sheet(assessment, dimension=current))
    for answer in answers:
        answer.assessment = assessment
    context.update(
        assessment=assessment,
        region=assessment.region,
        current=current,
        rows=[_answer_row(request, answer) for answer in answers],
    )
    return render(request, "readiness/answer_list.html", context)


@login_required
@require_POST
def answer_update(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    """Save one answer; htmx gets the item back with the score panel, others a redirect."""
    answer = _answer(request, pk, answer_pk, change="readiness.answer_item")
    assessment = answer.assessment
    form = AnswerForm(request.POST, levels=answer.item.level_descriptors(), prefix=f"a{answer.pk}")
    saved = False
    if form.is_valid():
        try:
            answer = services.save_answer(
                answer,
                level=form.cleaned_data["level"],
                justification=form.cleaned_data["justification"],
                actor=acting_user(request),
                opened_version=form.cleaned_data["version"],
            )
        except ConcurrentEditError as exc:
            form.add_error(None, str(exc))
            current = cast(Answer, exc.current)
            form.add_error(
                None,
                _("Saved meanwhile: level %(level)s, “%(text)s”.")
                % {
                    "level": "—" if current.level is None else current.level,
                    "text": current.justification,
                },
            )
            data = request.POST.copy()
            data[f"a{answer.pk}-version"] = str(current.version)
            form.data = data
        except ValidationError as exc:
            for field, errors in _errors_by_field(exc):
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            saved = True
    if not getattr(request, "htmx", False):
        if saved:
            messages.success(request, _("Answer saved."))
        else:
            messages.error(
                request, "; ".join(str(e) for errs in form.errors.values() for e in errs)
            )
        return _back_to_item(answer)
    answer = queries.answer_sheet(assessment).get(pk=answer.pk)
    answer.assessment = assessment
    row = _answer_row(request, answer, None if saved else form)
    context = {
        **row,
        **_score_context(assessment),
        "assessment": assessment,
        "saved": saved,
        "oob": True,
    }
    return render(request, "readiness/_answer_saved.html", context, status=200 if saved else 422)


def _errors_by_field(exc: ValidationError) -> list[tuple[str | None, list[str]]]:
    if hasattr(exc, "error_dict"):
        return [(field, errors) for field, errors in exc.message_dict.items()]
    return [(None, exc.messages)]


def _back_to_item(answer: Answer) -> HttpResponse:
    """Back to the item on the questionnaire page (for browsers without JavaScript)."""
    url = reverse("readiness:answer_list", kwargs={"pk": answer.assessment_id})
    return redirect(f"{url}?dimension={answer.item.dimension.code}#item-{answer.item.code}")


@login_required
@require_POST
def evidence_create(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    answer = _answer(request, pk, answer_pk, change="readiness.answer_item")
    form = EvidenceForm(request.POST, request.FILES, prefix=f"e{answer.pk}")
    if form.is_valid():
        try:
            services.add_evidence(
                answer,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                url=form.cleaned_data["url"],
                actor=acting_user(request),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Evidence added."))
    else:
        messages.error(
            request,
            "; ".join(
                f"{form.fields[f].label}: {e}" for f, errs in form.errors.items() for e in errs
            ),
        )
    return _back_to_item(answer)


def _evidence(request: HttpRequest, pk: int, change: str | None = None) -> Evidence:
    return get_for_user(
        request.user,
        queries.evidence_visible_to(request.user).select_related(
            "answer__item__dimension", "answer__agency"
        ),
        view="readiness.view_assessment",
        change=change,
        state_refusal=state_refusal,
        pk=pk,
    )


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve an evidence file to those who may read the assessment (it has no public URL);
    a link evidence sends them to the link."""
    evidence = _evidence(request, pk)
    if not evidence.file:
        return redirect(evidence.url)
    return files.serve(request, evidence.file, evidence.download_name())


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence(request, pk, change="readiness.answer_item")
    answer = evidence.answer
    try:
        services.remove_evidence(evidence, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Evidence removed."))
    return _back_to_item(answer)


@login_required
@require_GET
def answer_history(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    """Who answered what, when: the audit trail of one answer."""
    answer = _answer(request, pk, answer_pk, change=None)
    page = Paginator(history_of(answer), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "readiness/answer_history.html",
        {
            "answer": answer,
            "assessment": answer.assessment,
            "region": answer.assessment.region,
            "page": page,
            "rows": describe_changes(page),
            "query": "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator assigns each dimension × aspect to the agency that answers it."""
    assessment = _assessment(request, pk, change="readiness.manage_assessment")
    dimensions = list(queries.dimensions_of(assessment))
    aspects = list(queries.aspects_of(assessment))
    answers = list(assessment.answers.select_related("item__dimension", "item__aspect"))
    current: dict[str, Any] = {}
    for answer in answers:
        current.setdefault(
            f"{answer.item.dimension.code}__{answer.item.aspect.code}", answer.agency_id
        )
    cells = [
        (f"{d.code}__{a.code}", f"{d.name} · {a.name}", current.get(f"{d.code}__{a.code}"))
        for d in dimensions
        for a in aspects
    ]
    agencies = {a.pk: a for a in assessment.region.agencies.active().order_by("name")}
    form = AssignForm(request.POST or None, cells=cells, agencies=agencies.values())
    if request.method == "POST" and form.is_valid():
        chosen = {
            key: agencies[int(value)] if value else None for key, value in form.cleaned_data.items()
        }
        wanted = {
            answer.item_id: chosen[f"{answer.item.dimension.code}__{answer.item.aspect.code}"]
            for answer in answers
        }
        try:
            changed = services.assign_items(assessment, wanted, actor=acting_user(request))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(count)s items reassigned.") % {"count": changed})
            return redirect("readiness:assessment_detail", pk=assessment.pk)
    return render(
        request,
        "readiness/assessment_assign.html",
        {"assessment": assessment, "region": assessment.region, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the items still unanswered, by dimension, and the button that submits anyway;
    POST: submit. With items unanswered it goes only with that button's
    ``confirm_incomplete``; otherwise the list comes back with the refusal."""
    assessment = _assessment(request, pk, change="readiness.manage_assessment")
    if request.method == "GET":
        groups = queries.unanswered_by_dimension(assessment)
        return render(
            request,
            "readiness/assessment_submit.html",
            {
                "assessment": assessment,
                "region": assessment.region,
                "groups": groups,
                "unanswered": sum(len(answers) for _dimension, answers in groups),
            },
        )
    try:
        services.submit_assessment(
            assessment,
            actor=acting_user(request),
            confirm_incomplete=request.POST.get("confirm_incomplete") == "1",
        )
    except Incomplete as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("readiness:assessment_submit", pk=assessment.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Assessment submitted; it is read-only until returned."))
    return redirect("readiness:assessment_detail", pk=assessment.pk)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_return(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk, change="readiness.review_submission")
    form = ReturnForm(request.POST or None, initial={"version": assessment.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.return_assessment(
                assessment,
                comment=form.cleaned_data["comment"],
                actor=acting_user(request),
                opened_version=form.cleaned_data["version"],
            )
        except ConcurrentEditError as exc:
            assessment = cast(Assessment, exc.current)
            form.add_error(None, str(exc))
            data = request.POST.copy()
            data["version"] = str(assessment.version)
            form.data = data
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Assessment returned to the region."))
            return redirect("readiness:assessment_detail", pk=assessment.pk)
    return render(
        request,
        "readiness/assessment_return.html",
        {"assessment": assessment, "region": assessment.region, "form": form},
    )


def _swot_fields(form: SwotForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "text": data["text"],
        "aspect": data["aspect"],
        "dimension": data["dimension"],
        "items": data["items"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def swot_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The SWOT of an assessment as four quadrants; the coordinator adds entries here."""
    assessment = _assessment(request, pk)
    may_edit = request.user.has_perm("readiness.edit_swot", assessment)
    initial = {}
    if "from_item" in request.GET:
        initial = _weakness_draft(assessment, request.GET["from_item"])
    form = SwotForm(request.POST or None, assessment=assessment, initial=initial)
    if request.method == "POST":
        require_change(request.user, "readiness.edit_swot", assessment, state_refusal=state_refusal)
        if form.is_valid():
            try:
                entry = services.create_swot_entry(
                    assessment,
                    kind=form.cleaned_data["kind"],
                    actor=acting_user(request),
                    **_swot_fields(form),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("SWOT entry %(label)s added.") % {"label": entry.label})
                return redirect("readiness:swot_list", pk=assessment.pk)
    entries = list(
        queries.current_swot(assessment)
        .select_related("aspect", "dimension")
        .prefetch_related("items")
    )
    quadrants = [
        (kind, label, [e for e in entries if e.kind == kind])
        for kind, label in SwotEntry.Kind.choices
    ]
    return render(
        request,
        "readiness/swot_list.html",
        {
            "assessment": assessment,
            "region": assessment.region,
            "quadrants": quadrants,
            "form": form if may_edit else None,
            "may_edit": may_edit,
        },
    )


def _weakness_draft(assessment: Assessment, item_code: str) -> dict[str, Any]:
    """A draft weakness from one gap: the item's question, its level and the target."""
    if "\x00" in item_code:  # no item code holds one, and PostgreSQL refuses it in a query
        return {}
    answer = (
        assessment.answers.select_related("item__dimension", "item__aspect")
        .filter(item__code=item_code)
        .first()
    )
    if answer is None:
        return {}
    facts: dict[str, Any] = {"question": answer.item.question, "target": answer.item.target_level}
    if answer.level is None:
        text = _("%(question)s — not answered yet; target %(target)s.") % facts
    else:
        facts["level"] = answer.level
        text = _("%(question)s — level %(level)s of target %(target)s.") % facts
    return {
        "kind": SwotEntry.Kind.WEAKNESS,
        "text": text,
        "aspect": answer.item.aspect,
        "dimension": answer.item.dimension,
        "items": [answer.item],
    }


def _swot_entry(request: HttpRequest, pk: int, change: str | None) -> SwotEntry:
    return get_for_user(
        request.user,
        queries.swot_visible_to(request.user).filter(removed_at__isnull=True),
        view="readiness.view_assessment",
        change=change,
        state_refusal=state_refusal,
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def swot_update(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _swot_entry(request, pk, change="readiness.edit_swot")
    assessment = entry.assessment
    initial = {
        "kind": entry.kind,
        "text": entry.text,
        "aspect": entry.aspect,
        "dimension": entry.dimension,
        "items": list(entry.items.all()),
        "version": entry.version,
    }
    form = SwotForm(request.POST or None, assessment=assessment, initial=initial, editing=True)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_swot_entry(
                entry,
                actor=acting_user(request),
                opened_version=form.cleaned_data["version"],
                **_swot_fields(form),
            )
        except ConcurrentEditError as exc:
            conflict = cast(SwotEntry, exc.current)
            form.add_error(None, str(exc))
            data = request.POST.copy()
            data["version"] = str(conflict.version)
            form.data = data
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("SWOT entry %(label)s saved.") % {"label": entry.label})
            return redirect("readiness:swot_list", pk=assessment.pk)
    return render(
        request,
        "readiness/swot_form.html",
        {
            "assessment": assessment,
            "region": assessment.region,
            "entry": entry,
            "form": form,
            "conflict": conflict,
        },
    )


@login_required
@require_POST
def swot_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _swot_entry(request, pk, change="readiness.edit_swot")
    try:
        services.delete_swot_entry(entry, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("SWOT entry %(label)s removed.") % {"label": entry.label})
    return redirect("readiness:swot_list", pk=entry.assessment_id)
