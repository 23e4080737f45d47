"""Every change to the yearly evaluation: each one transaction, each audited.

Inside its transaction a service locks the rows it changes (the round, or the evaluation
first and then its scores or report), checks the actor's permission on the locked rows,
then the state (a draft to fill, submitted to verify, verified to publish, published to
answer) and writes inside ``acting(actor)``. A refusal naming a field is bad input; one
naming none is the state (the API's 409).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.accounts.models import Role, User
from kotacerdas.accounts.queries import users_with_roles
from kotacerdas.lib.concurrency import check_version
from kotacerdas.planning.models import Masterplan
from kotacerdas.regions.models import Agency, Region

from . import scoring
from .models import (
    Assignment,
    Evaluation,
    EvaluationInstrument,
    EvaluationRound,
    FollowUpAction,
    ReportSection,
    Score,
)

Cell = tuple[str, str]  # (component, dimension)


@dataclass(frozen=True)
class ScoreIn:
    """The region's answer for one component in one dimension."""

    score: int | None
    narrative: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class AdjustmentIn:
    """The assessor's score for one cell; a score differing from the region's needs a reason."""

    score: int | None
    reason: str = ""


def _locked(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("region", "round__instrument")
        .get(pk=evaluation.pk)
    )


def _refuse_unless(evaluation: Evaluation, *statuses: str) -> None:
    if evaluation.status not in statuses:
        raise ValidationError(
            _("This evaluation is %(status)s; that step is not possible now.")
            % {"status": evaluation.get_status_display().lower()}
        )


def _check_deadlines(self_due: dt.date | None, verification_due: dt.date | None) -> None:
    if self_due and verification_due and verification_due < self_due:
        raise ValidationError(
            {"verification_due": _("Verification cannot be due before the self-assessment.")}
        )


def open_round(
    *,
    actor: Actor,
    year: int,
    instrument: EvaluationInstrument,
    regions: Iterable[Region],
    self_assessment_due: dt.date | None = None,
    verification_due: dt.date | None = None,
) -> EvaluationRound:
    """Open the evaluation of ``year`` with an instrument for the regions taking part."""
    with transaction.atomic():
        require(actor, "evaluation.manage_rounds")
        chosen = [r for r in regions if r.kind != "province"]
        if not chosen:
            raise ValidationError({"regions": _("Choose at least one kabupaten or kota.")})
        if EvaluationRound.objects.filter(year=year).exists():
            raise ValidationError({"year": _("An evaluation round for this year already exists.")})
        _check_deadlines(self_assessment_due, verification_due)
        with acting(actor):
            evaluation_round = EvaluationRound.objects.create(
                year=year,
                instrument=instrument,
                self_assessment_due=self_assessment_due,
                verification_due=verification_due,
                created_by=user_of(actor),
            )
            evaluation_round.regions.set(chosen)
    return evaluation_round


def set_deadlines(
    evaluation_round: EvaluationRound,
    *,
    actor: Actor,
    self_assessment_due: dt.date | None,
    verification_due: dt.date | None,
) -> EvaluationRound:
    """Change the round's deadlines (either may be left empty): none before the day the
    round was opened, verification not before the self-assessment. A closed round's
    deadlines no longer change."""
    with transaction.atomic():
        current = EvaluationRound.objects.select_for_update().get(pk=evaluation_round.pk)
        require(actor, "evaluation.manage_rounds", current)
        if current.status == EvaluationRound.Status.CLOSED:
            raise ValidationError(
                _("The evaluation round is closed; its deadlines no longer change."),
                code="closed",
            )
        opened = timezone.localdate(current.created)
        for name, due in (
            ("self_assessment_due", self_assessment_due),
            ("verification_due", verification_due),
        ):
            if due is not None and due < opened:
                raise ValidationError(
                    {
                        name: _("A deadline cannot be before the round was opened (%(date)s).")
                        % {"date": formats.date_format(opened, "DATE_FORMAT")}
                    },
                    code="before_opening",
                )
        _check_deadlines(self_assessment_due, verification_due)
        current.self_assessment_due = self_assessment_due
        current.verification_due = verification_due
        with acting(actor):
            current.save()
    return current


def close_round(evaluation_round: EvaluationRound, *, actor: Actor) -> EvaluationRound:
    """Close the round: no region starts or submits a self-assessment in it any more;
    verifying and publishing what was submitted goes on."""
    with transaction.atomic():
        current = EvaluationRound.objects.select_for_update().get(pk=evaluation_round.pk)
        require(actor, "evaluation.manage_rounds", current)
        if current.status == EvaluationRound.Status.CLOSED:
            raise ValidationError(_("The evaluation round is already closed."), code="closed")
        current.status = EvaluationRound.Status.CLOSED
        with acting(actor):
            current.save()
    return current


def assign_assessor(
    evaluation_round: EvaluationRound, region: Region, assessor: User, *, actor: Actor
) -> Assignment:
    """Assign a user holding the region's assessor role to verify its evaluation."""
    with transaction.atomic():
        current = EvaluationRound.objects.select_for_update().get(pk=evaluation_round.pk)
        require(actor, "evaluation.manage_rounds", current)
        if not current.regions.filter(pk=region.pk).exists():
            raise ValidationError({"region": _("This region does not take part in the round.")})
        if not users_with_roles(region.pk, [Role.ASSESSOR]).filter(pk=assessor.pk).exists():
            raise ValidationError(
                {
                    "assessor": _(
                        "Only a user with the assessor role in this region can be assigned."
                    )
                }
            )
        if current.assignments.filter(region=region, assessor=assessor).exists():
            raise ValidationError(
                {"assessor": _("This assessor is already assigned to this region.")}
            )
        with acting(actor):
            return Assignment.objects.create(round=current, region=region, assessor=assessor)


def remove_assignment(assignment: Assignment, *, actor: Actor) -> None:
    with transaction.atomic():
        EvaluationRound.objects.select_for_update().get(pk=assignment.round_id)
        current = Assignment.objects.select_related("round").get(pk=assignment.pk)
        require(actor, "evaluation.manage_rounds", current.round)
        with acting(actor):
            current.delete()


def start_evaluation(region: Region, *, actor: Actor, year: int) -> Evaluation:
    """The region's self-assessment for the open round of ``year``, one cell per criterion."""
    with transaction.atomic():
        locked = Region.objects.select_for_update().get(pk=region.pk)
        require(actor, "evaluation.start_evaluation", locked)
        evaluation_round = (
            EvaluationRound.objects.select_related("instrument")
            .filter(year=year, status=EvaluationRound.Status.OPEN, regions=locked)
            .first()
        )
        if evaluation_round is None:
            raise ValidationError(
                {"year": _("No open evaluation round of this year includes this region.")}
            )
        if Evaluation.objects.filter(region=locked, year=year).exists():
            raise ValidationError(
                {"year": _("This region already has a self-assessment for this year.")}
            )
        with acting(actor):
            evaluation = Evaluation.objects.create(
                round=evaluation_round, region=locked, year=year, created_by=user_of(actor)
            )
            Score.objects.bulk_create(
                Score(evaluation=evaluation, component=c["component"], dimension=c["dimension"])
                for c in evaluation_round.instrument.criteria
            )
    return evaluation


def _check_score(value: int | None, instrument: EvaluationInstrument, field: str) -> None:
    if value is not None and value not in instrument.scale():
        raise ValidationError(
            {
                field: _("A score is a whole number from %(min)s to %(max)s.")
                % {"min": instrument.scale_min, "max": instrument.scale_max}
            }
        )


def _scores_by_cell(evaluation: Evaluation) -> dict[Cell, Score]:
    return {
        (s.component, s.dimension): s
        for s in Score.objects.select_for_update().filter(evaluation=evaluation)
    }


def _unknown(cells: Iterable[Cell], known: Mapping[Cell, Score]) -> None:
    for component, dimension in cells:
        if (component, dimension) not in known:
            raise ValidationError(
                {
                    "scores": _(
                        "%(component)s / %(dimension)s is not a criterion of this instrument."
                    )
                    % {"component": component, "dimension": dimension}
                }
            )


def save_scores(
    evaluation: Evaluation,
    *,
    actor: Actor,
    scores: Mapping[Cell, ScoreIn],
    version: int | None = None,
) -> Evaluation:
    """The region's scores, narratives and evidence; every score within the scale."""
    with transaction.atomic():
        current = _locked(evaluation)
        require(actor, "evaluation.fill_evaluation", current)
        _refuse_unless(current, Evaluation.Status.DRAFT)
        if version is not None:
            check_version(current, version)
        known = _scores_by_cell(current)
        _unknown(scores, known)
        for cell, given in scores.items():
            _check_score(given.score, current.round.instrument, scoring.cell_key(cell))
        changed = []
        for cell, given in scores.items():
            row = known[cell]
            new = (given.score, given.narrative.strip(), given.evidence.strip())
            if (row.self_score, row.narrative, row.evidence) != new:
                row.self_score, row.narrative, row.evidence = new
                changed.append(row)
        with acting(actor):
            for row in changed:
                row.save(update_fields=["self_score", "narrative", "evidence"])
            current.save(update_fields=["updated"])
    return current


def _cells(evaluation: Evaluation, which: str) -> dict[Cell, Decimal]:
    values = {}
    for row in Score.objects.filter(evaluation=evaluation):
        value = (
            row.self_score
            if which == "self"
            else scoring.effective(row.self_score, row.verified_score)
        )
        if value is not None:
            values[(row.component, row.dimension)] = Decimal(value)
    return values


def _index(evaluation: Evaluation, which: str) -> Decimal:
    instrument = evaluation.round.instrument
    components = scoring.component_scores(_cells(evaluation, which), instrument.component_codes())
    return scoring.evaluation_index(components, instrument.weights(), rounded=False)


def submit_evaluation(evaluation: Evaluation, *, actor: Actor) -> Evaluation:
    """Hand the self-assessment to the assessors; every cell needs a score."""
    with transaction.atomic():
        current = _locked(evaluation)
        require(actor, "evaluation.submit_evaluation", current)
        _refuse_unless(current, Evaluation.Status.DRAFT)
        # Locked so that a round closing at the same moment cannot take a late submission.
        locked_round = EvaluationRound.objects.select_for_update().get(pk=current.round_id)
        if locked_round.status == EvaluationRound.Status.CLOSED:
            raise ValidationError(
                _("The evaluation round of %(year)s is closed: no more self-assessments are taken.")
                % {"year": current.year},
                code="round_closed",
            )
        missing = Score.objects.filter(evaluation=current, self_score__isnull=True).count()
        if missing:
            raise ValidationError(
                _("%(count)s criteria have no score yet; score every one before submitting.")
                % {"count": missing}
            )
        current.self_index = _index(current, "self")
        current.status = Evaluation.Status.SUBMITTED
        current.submitted_at = timezone.now()
        with acting(actor):
            current.save()
    return current


def verify_scores(
    evaluation: Evaluation,
    *,
    actor: Actor,
    adjustments: Mapping[Cell, AdjustmentIn],
    notes: str | None = None,
) -> Evaluation:
    """The assessor's scores, each change from the region's score with its reason."""
    with transaction.atomic():
        current = _locked(evaluation)
        require(actor, "evaluation.verify_evaluation", current)
        _refuse_unless(current, Evaluation.Status.SUBMITTED)
        known = _scores_by_cell(current)
        _unknown(adjustments, known)
        errors: dict[str, str] = {}
        for cell, given in adjustments.items():
            _check_score(given.score, current.round.instrument, scoring.cell_key(cell))
            changed = given.score is not None and given.score != known[cell].self_score
            if changed and not given.reason.strip():
                errors[scoring.cell_key(cell, "reason")] = _("A changed score needs a reason.")
        if errors:
            raise ValidationError(errors)
        with acting(actor):
            for cell, given in adjustments.items():
                row = known[cell]
                same = given.score is None or given.score == row.self_score
                new = (None, "") if same else (given.score, given.reason.strip())
                if (row.verified_score, row.reason) != new:
                    row.verified_score, row.reason = new
                    row.save(update_fields=["verified_score", "reason"])
            if notes is not None:
                current.verification_notes = notes.strip()
            current.save()
    return current


def save_report_section(
    evaluation: Evaluation,
    *,
    actor: Actor,
    dimension: str,
    weaknesses: str,
    strengths: str,
    recommendations: str,
) -> ReportSection:
    """The three-part report on one dimension (Kelemahan, Kekuatan, Rekomendasi)."""
    with transaction.atomic():
        current = _locked(evaluation)
        require(actor, "evaluation.verify_evaluation", current)
        _refuse_unless(current, Evaluation.Status.SUBMITTED)
        dimensions = {c["dimension"] for c in current.round.instrument.criteria}
        if dimension not in dimensions:
            raise ValidationError({"dimension": _("This dimension is not in the instrument.")})
        section = (
            ReportSection.objects.select_for_update()
            .filter(evaluation=current, dimension=dimension)
            .first()
        ) or ReportSection(evaluation=current, dimension=dimension)
        section.weaknesses = weaknesses.strip()
        section.strengths = strengths.strip()
        section.recommendations = recommendations.strip()
        with acting(actor):
            section.save()
    return section


def verify_evaluation(evaluation: Evaluation, *, actor: Actor) -> Evaluation:
    """Close verification: the index of the scores that count is computed and kept."""
    with transaction.atomic():
        current = _locked(evaluation)
        require(actor, "evaluation.verify_evaluation", current)
        _refuse_unless(current, Evaluation.Status.SUBMITTED)
        dimensions = {c["dimension"] for c in current.round.instrument.criteria}
        written = set(
            ReportSection.objects.filter(evaluation=current)
            .exclude(weaknesses="", strengths="", recommendations="")
            .values_list("dimension", flat=True)
        )
        if dimensions - written:
            raise ValidationError(
                _("Write the report (Kelemahan, Kekuatan, Rekomendasi) for every dimension first.")
            )
        current.index = _index(current, "verified")
        current.status = Evaluation.Status.VERIFIED
        current.verified_at = timezone.now()
        with acting(actor):
            current.save()
    return current


def publish_evaluation(evaluation: Evaluation, *, actor: Actor) -> Evaluation:
    """Make the verified result official: the region and everyone signed in read it."""
    with transaction.atomic():
        current = _locked(evaluation)
        require(actor, "evaluation.publish_evaluation", current)
        _refuse_unless(current, Evaluation.Status.VERIFIED)
        current.status = Evaluation.Status.PUBLISHED
        current.published_at = timezone.now()
        with acting(actor):
            current.save()
    return current


def add_follow_up(
    evaluation: Evaluation,
    *,
    actor: Actor,
    text: str,
    dimension: str = "",
    agency: Agency | None = None,
    due: dt.date | None = None,
    masterplan: Masterplan | None = None,
) -> FollowUpAction:
    """The region's answer to the report: an action on its masterplan."""
    with transaction.atomic():
        current = _locked(evaluation)
        require(actor, "evaluation.respond_evaluation", current)
        _refuse_unless(current, Evaluation.Status.PUBLISHED)
        if not text.strip():
            raise ValidationError({"text": _("Describe the action.")})
        if agency is not None and agency.region_id != current.region_id:
            raise ValidationError({"agency": _("Choose an agency of this region.")})
        if masterplan is not None and masterplan.region_id != current.region_id:
            raise ValidationError({"masterplan": _("Choose a masterplan of this region.")})
        with acting(actor):
            return FollowUpAction.objects.create(
                evaluation=current,
                masterplan=masterplan,
                dimension=dimension,
                text=text.strip(),
                agency=agency,
                due=due,
                created_by=user_of(actor),
            )


def complete_follow_up(action: FollowUpAction, *, actor: Actor) -> FollowUpAction:
    with transaction.atomic():
        current_evaluation = _locked(action.evaluation)
        current = FollowUpAction.objects.select_for_update().get(pk=action.pk)
        current.evaluation = current_evaluation
        require(actor, "evaluation.respond_evaluation", current)
        if current.status == FollowUpAction.Status.DONE:
            raise ValidationError(_("This action is already done."))
        current.status = FollowUpAction.Status.DONE
        with acting(actor):
            current.save()
    return current
