"""HTML pages of the guidance: cohorts and their pipeline, a region's guidance, sessions,
attendance (tick list and sign-in sheet import), follow-up actions, experts and calendars.
Reading works without JavaScript."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.accounts.actors import allowed
from kotacerdas.accounts.edge import acting_user
from kotacerdas.accounts.scope import scope_of
from kotacerdas.lib import files
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.lib.errors import StateConflict
from kotacerdas.lib.spreadsheet import SpreadsheetError, read_upload
from kotacerdas.lib.xlsx import write_table
from kotacerdas.selection.models import Campaign
from kotacerdas.selection.queries import campaigns_visible_to

from . import calendars, importing, queries, services
from .checks import AttendanceIn
from .edges import (
    add_errors,
    cohort_for,
    comment_for,
    current_member_for,
    expert_for,
    follow_up_for,
    member_by_pk,
    member_for,
    national_only,
    region_for,
    session_file_for,
    session_for,
)
from .forms import (
    AssignForm,
    CohortForm,
    CommentForm,
    ExpertForm,
    FollowUpForm,
    ImportForm,
    PipelineFilterForm,
    SessionFileForm,
    SessionForm,
    StagePlanForm,
    TickFormSet,
)
from .models import Attendance, Group, Session, Stage


def _warn(request: HttpRequest, warnings: list[str]) -> None:
    for text in warnings:
        messages.warning(request, text)


# --- cohorts and the pipeline -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cohort_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    national_only(user, "guidance.manage_cohorts")
    form = CohortForm(
        request.POST or None,
        campaigns=campaigns_visible_to(user).filter(
            status=Campaign.Status.CLOSED, cohort__isnull=True
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.create_cohort(
                form.cleaned_data["campaign"], actor=user, name=form.cleaned_data["name"]
            )
        except ValidationError as refused:
            add_errors(form, refused)
        except StateConflict as refused:
            form.add_error("campaign", refused.message)
        else:
            messages.success(request, _("Cohort created."))
            return redirect("guidance:pipeline", pk=cohort.pk)
    cohorts = queries.cohorts_visible_to(user).order_by("-year", "name")
    return render(request, "guidance/cohort_list.html", {"cohorts": cohorts, "form": form})


@login_required
@require_GET
def pipeline(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    cohort = cohort_for(user, pk)
    rows, form = _pipeline_rows(request, cohort)
    return render(
        request,
        "guidance/pipeline.html",
        {"cohort": cohort, "rows": _shown(rows), "form": form, "stages": Stage.choices},
    )


def _shown(rows: list[queries.PipelineRow]) -> list[tuple[queries.PipelineRow, list[Any]]]:
    """Each cell's badge and note, worked out once per label (the table has 200 cells for
    50 regions)."""
    badges = {
        "complete": ("success", _("Deliverables complete")),
        "overdue": ("danger", _("Overdue")),
        "open": ("secondary", pgettext("pipeline stage: deliverables not yet complete", "Open")),
    }
    notes = {"held": _("held"), "scheduled": _("scheduled"), "none": _("no session")}
    shown = []
    for row in rows:
        cells = []
        for cell in row.cells:
            state = "complete" if cell.complete else "overdue" if cell.overdue else "open"
            note = "held" if cell.held else "scheduled" if cell.sessions else "none"
            planned = date_format(cell.planned.ends_on, "j M Y") if cell.planned else ""
            cells.append((cell.stage, *badges[state], notes[note], planned))
        shown.append((row, cells))
    return shown


def _pipeline_rows(request: HttpRequest, cohort: Any) -> tuple[list[Any], PipelineFilterForm]:
    rows = queries.pipeline(cohort)
    form = PipelineFilterForm(request.GET or None, rows=rows)
    if form.is_valid():
        data = form.cleaned_data
        rows = queries.filter_rows(rows, province_id=data["province"], expert_id=data["expert"])
        rows = queries.sort_rows(rows, data["sort"] or "rank")
    return rows, form


@login_required
@require_GET
def pipeline_export(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    cohort = cohort_for(user, pk)
    rows, _form = _pipeline_rows(request, cohort)
    header = [_("Rank"), _("Region"), _("Province"), _("Experts")]
    for _value, label in Stage.choices:
        header += [
            f"{label}: {_('sessions')}",
            f"{label}: {_('complete')}",
            f"{label}: {_('overdue')}",
        ]
    header += [_("Behind schedule"), _("Open comments")]
    yes, no = _("Yes"), _("No")
    body = []
    for row in rows:
        line: list[Any] = [
            row.member.rank,
            row.member.region.name,
            row.member.region.province.name if row.member.region.province else "",
            ", ".join(row.expert_names),
        ]
        for cell in row.cells:
            line += [cell.sessions, yes if cell.complete else no, yes if cell.overdue else no]
        line += [yes if row.behind else no, row.open_comments]
        body.append(line)
    content = write_table(_("Pipeline"), header, body)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="pipeline-{cohort.year}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def cohort_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    cohort = cohort_for(user, pk)
    form = StagePlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_stage(cohort, actor=user, **form.cleaned_data)
        except ValidationError as refused:
            add_errors(form, refused)
        else:
            messages.success(request, _("Stage calendar saved."))
            return redirect("guidance:cohort_calendar", pk=cohort.pk)
    plans = list(cohort.plans.all())
    return render(
        request, "guidance/cohort_calendar.html", {"cohort": cohort, "plans": plans, "form": form}
    )


# --- a region's guidance ---------------------------------------------------------------------


@login_required
@require_GET
def region_guidance(request: HttpRequest, code: str) -> HttpResponse:
    user = acting_user(request)
    member = current_member_for(user, code)
    if member is None:
        # A region the reader may see that no cohort holds: say so, rather than a 404 for a
        # link the region's own page shows.
        region = region_for(user, code)
        return render(request, "guidance/region_outside.html", {"region": region})
    guidance = queries.region_guidance(member)
    # Only the programme office and the region's assigned experts may comment: the rule is
    # asked only of them, so other readers cost no query.
    may_comment = (user.pk in guidance.expert_user_ids() or scope_of(user).national) and allowed(
        user, "guidance.comment", member
    )
    return render(
        request,
        "guidance/region.html",
        {
            "member": member,
            "region": member.region,
            "guidance": guidance,
            "rates": queries.agency_attendance(member, sessions=guidance.sessions),
            "comments": queries.comments_of(member),
            "comment_form": CommentForm() if may_comment else None,
            "stage_labels": [label for _value, label in Stage.choices],
            "may_resolve": allowed(user, "guidance.resolve_comments", member),
            "may_schedule": allowed(user, "guidance.change_sessions", member),
            "may_assign": allowed(user, "guidance.manage_experts", member),
        },
    )


@login_required
@require_GET
def region_calendar(request: HttpRequest, code: str) -> HttpResponse:
    user = acting_user(request)
    member = member_for(user, code)
    sessions = member.sessions.select_related("member__region").order_by("starts_on")
    return _ics(calendars.feed(member.region.name, sessions), f"bimtek-{member.region.code}")


def _ics(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def member_assign(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    member = member_by_pk(user, pk, change="guidance.manage_experts")
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.assign_expert(member, form.cleaned_data["expert"], actor=user)
        messages.success(request, _("Expert assigned."))
        return redirect("guidance:region_guidance", code=member.region.code)
    return render(
        request,
        "guidance/simple_form.html",
        {"form": form, "title": _("Assign an expert"), "region": member.region},
    )


# --- sessions --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, code: str) -> HttpResponse:
    user = acting_user(request)
    member = member_for(user, code, change="guidance.change_sessions")
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scheduled = services.schedule_session(member, actor=user, data=form.data_in())
        except ValidationError as refused:
            add_errors(form, refused)
        else:
            messages.success(request, _("Session scheduled."))
            _warn(request, scheduled.warnings)
            return redirect("guidance:session_detail", pk=scheduled.session.pk)
    return render(
        request,
        "guidance/session_form.html",
        {"form": form, "region": member.region, "title": _("Schedule a session")},
    )


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    session = session_for(user, pk)
    may_change = allowed(user, "guidance.change_sessions", session)
    return render(
        request,
        "guidance/session_detail.html",
        {
            "session": session,
            "region": session.member.region,
            "experts": list(session.experts.order_by("name")),
            "people": queries.attendance_by_person(session),
            "counts": queries.group_counts(session),
            "follow_ups": list(session.follow_ups.select_related("owner")),
            "follow_up_form": FollowUpForm(region=session.member.region) if may_change else None,
            "session_files": list(session.files.select_related("created_by")),
            "file_form": SessionFileForm() if may_change else None,
            "may_change": may_change,
            "comments": queries.comments_of(session.member, session),
            "comment_form": CommentForm(with_stage=False)
            if allowed(user, "guidance.comment", session)
            else None,
            "may_resolve": allowed(user, "guidance.resolve_comments", session),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    session = session_for(user, pk, change="guidance.change_sessions")
    form = SessionForm(request.POST or None, initial=SessionForm.initial_of(session))
    if request.method == "POST" and form.is_valid():
        try:
            scheduled = services.update_session(
                session, actor=user, data=form.data_in(), version=form.cleaned_data["version"]
            )
        except ValidationError as refused:
            add_errors(form, refused)
        except ConcurrentEditError:
            form.add_error(None, _("Someone changed this session meanwhile; reload and retry."))
        else:
            messages.success(request, _("Session saved."))
            _warn(request, scheduled.warnings)
            return redirect("guidance:session_detail", pk=session.pk)
    return render(
        request,
        "guidance/session_form.html",
        {"form": form, "region": session.member.region, "session": session, "title": _("Edit")},
    )


# --- attendance ------------------------------------------------------------------------------


def _day(request: HttpRequest, session: Session) -> date:
    text = request.GET.get("day") or ""
    if not text:
        return session.starts_on
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise Http404 from exc
    if day not in session.days:
        raise Http404
    return day


@login_required
@require_http_methods(["GET", "POST"])
def attendance_tick(request: HttpRequest, pk: int) -> HttpResponse:
    """A phone-friendly tick list of one day, used at the door without JavaScript: the
    region's agencies, and the sub-districts, villages and partners known for the session,
    each present or not, in person or online, as a substitute or not; new lines for anyone
    not yet listed. Saving replaces that day's attendance, all or nothing."""
    user = acting_user(request)
    session = session_for(user, pk, change="guidance.record_attendance")
    day = _day(request, session)
    lines, agencies = queries.tick_list(session, day)
    formset = TickFormSet(
        request.POST or None, initial=lines, form_kwargs={"agencies": agencies}, prefix="tick"
    )
    formset.extra = extra = _new_lines(request)
    if request.method == "POST" and formset.is_valid():
        chosen = [form for form in formset.forms if form.recorded()]
        rows = [_ticked(form, day) for form in chosen]
        try:
            count = services.record_attendance(session, actor=user, rows=rows, days=[day])
        except services.AttendanceRefused as refused:
            for number, name, text in refused.problems:
                form = chosen[number - 1]
                form.add_error(name if name in form.fields else None, text)
        else:
            messages.success(request, _("Attendance saved: %(count)d.") % {"count": count})
            return redirect("guidance:session_detail", pk=session.pk)
    return render(
        request,
        "guidance/attendance_tick.html",
        {
            "session": session,
            "region": session.member.region,
            "formset": formset,
            "day": day,
            "more_lines": min(extra + MORE_LINES, MAX_NEW_LINES) if extra < MAX_NEW_LINES else 0,
        },
    )


# The tick list's blank lines for newcomers: three, and five more per "Add lines", up to 50.
NEW_LINES, MORE_LINES, MAX_NEW_LINES = 3, 5, 50


def _new_lines(request: HttpRequest) -> int:
    """How many blank lines ``?extra=N`` asks for: at most 50; anything not a number ≥ 0 is
    ignored."""
    try:
        asked = int(request.GET.get("extra", ""))
    except ValueError:
        return NEW_LINES
    return min(asked, MAX_NEW_LINES) if asked >= 0 else NEW_LINES


def _ticked(form: Any, day: date) -> AttendanceIn:
    data = form.cleaned_data
    agency = data["group"] == Group.AGENCY
    return AttendanceIn(
        day=day,
        group=data["group"],
        agency_id=data["agency"] if agency else None,
        organisation="" if agency else data["organisation"],
        participant=data["participant"].strip() or (_("Representative") if agency else ""),
        mode=Attendance.Mode.ONLINE if data["online"] else Attendance.Mode.IN_PERSON,
        substitute=data["substitute"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_import(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    session = session_for(user, pk, change="guidance.record_attendance")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            sheet = importing.read_sheet(read_upload(form.cleaned_data["file"]), session)
            try:
                count = services.record_attendance(session, actor=user, rows=sheet.rows)
            except services.AttendanceRefused as refused:
                raise sheet.errors_for(refused.problems) from None
        except SpreadsheetError as refused:
            errors = refused.errors
        else:
            messages.success(request, _("Attendance imported: %(count)d rows.") % {"count": count})
            return redirect("guidance:session_detail", pk=session.pk)
    return render(
        request,
        "guidance/attendance_import.html",
        {
            "session": session,
            "region": session.member.region,
            "form": form,
            "errors": errors,
            "headers": importing.HEADERS,
        },
    )


# --- materials and photos -----------------------------------------------------------------------


@login_required
@require_POST
def session_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a material or a photo; a refused file is named in the message, nothing kept."""
    user = acting_user(request)
    session = session_for(user, pk, change="guidance.change_sessions")
    form = SessionFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            item = services.add_session_file(
                session,
                actor=user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("File added: %(title)s.") % {"title": item.title})
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("guidance:session_detail", pk=session.pk)


@login_required
@require_GET
def session_file_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve a session's material or photo to those who read the session (no public URL)."""
    item = session_file_for(acting_user(request), pk)
    return files.serve(request, item.file, item.download_name())


@login_required
@require_POST
def session_file_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    item = session_file_for(user, pk, change="guidance.change_sessions")
    services.remove_session_file(item, actor=user)
    messages.success(request, _("File removed: %(title)s.") % {"title": item.title})
    return redirect("guidance:session_detail", pk=item.session_id)


# --- follow-up actions -------------------------------------------------------------------------


@login_required
@require_POST
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    session = session_for(user, pk, change="guidance.change_follow_ups")
    form = FollowUpForm(request.POST, region=session.member.region)
    if form.is_valid():
        try:
            services.add_follow_up(session, actor=user, **form.cleaned_data)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("Follow-up action added."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("guidance:session_detail", pk=session.pk)


@login_required
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    follow_up = follow_up_for(user, pk, change="guidance.change_follow_ups")
    try:
        services.complete_follow_up(follow_up, actor=user)
    except StateConflict as refused:
        messages.info(request, refused.message)
    return redirect("guidance:session_detail", pk=follow_up.session_id)


# --- experts' comments -------------------------------------------------------------------------


@login_required
@require_POST
def comment_add(request: HttpRequest, code: str) -> HttpResponse:
    """An assigned expert comments on a stage of the region (or its guidance as a whole)."""
    user = acting_user(request)
    member = member_for(user, code, change="guidance.comment")
    form = CommentForm(request.POST)
    if form.is_valid():
        _comment(request, member, None, form.cleaned_data)
    else:
        _form_errors(request, form)
    return redirect("guidance:region_guidance", code=member.region.code)


@login_required
@require_POST
def session_comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """An assigned expert comments on one of the region's sessions."""
    user = acting_user(request)
    session = session_for(user, pk, change="guidance.comment")
    form = CommentForm(request.POST, with_stage=False)
    if form.is_valid():
        _comment(request, session.member, session, form.cleaned_data)
    else:
        _form_errors(request, form)
    return redirect("guidance:session_detail", pk=session.pk)


def _comment(request: HttpRequest, member: Any, session: Any, data: dict[str, Any]) -> None:
    try:
        services.add_comment(
            member,
            actor=acting_user(request),
            text=data["text"],
            stage=data.get("stage", ""),
            session=session,
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("Comment added."))


def _form_errors(request: HttpRequest, form: Any) -> None:
    messages.error(
        request,
        " ".join(
            f"{form.fields[name].label}: {e}" if name in form.fields else str(e)
            for name, errs in form.errors.items()
            for e in errs
        ),
    )


@login_required
@require_POST
def comment_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """The region's coordinator marks an expert's comment resolved."""
    user = acting_user(request)
    comment = comment_for(user, pk, change="guidance.resolve_comments")
    try:
        services.resolve_comment(comment, actor=user)
    except StateConflict as refused:
        messages.info(request, refused.message)
    else:
        messages.success(request, _("Comment resolved."))
    if comment.session_id is not None and request.POST.get("back") == "session":
        return redirect("guidance:session_detail", pk=comment.session_id)
    return redirect("guidance:region_guidance", code=comment.member.region.code)


# --- experts -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def expert_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    national_only(user, "guidance.manage_experts")
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_expert(None, actor=user, data=form.data_in())
        except ValidationError as refused:
            add_errors(form, refused)
        else:
            messages.success(request, _("Expert added."))
            return redirect("guidance:expert_list")
    return render(
        request, "guidance/expert_list.html", {"workloads": queries.workloads(), "form": form}
    )


@login_required
@require_GET
def expert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    expert = expert_for(user, pk)
    return render(
        request,
        "guidance/expert_detail.html",
        {
            "expert": expert,
            "sessions": list(queries.expert_sessions(expert)),
            "show_contact": allowed(user, "guidance.view_expert_contact"),
        },
    )


@login_required
@require_GET
def expert_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    expert = expert_for(user, pk)
    return _ics(calendars.feed(expert.name, queries.expert_sessions(expert)), f"bimtek-{pk}")
