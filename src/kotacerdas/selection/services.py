"""State changes of selection campaigns: each one transaction, each audited.

Every service takes a typed ``actor`` and checks its own permission: inside its transaction
it locks the rows it changes (the campaign first), re-reads them, checks the permission on
the current object with ``require``, then the state, and writes inside ``acting(actor)``.
Managing a campaign (criteria, values, assessors, closing) is the national admin's; applying
is the region coordinator's; verifying is the assigned assessor's (or a national admin's).

Once a campaign is closed nothing in it changes: every service here refuses with
``CAMPAIGN_CLOSED``.

Readiness scores are stored on the application rather than aggregated on every page view:
they are computed by the readiness module's own ``scoring.compute`` (same weights, same
rule that an unanswered item counts as the lowest level) when the region submits its
application — the assessment is then submitted and read-only — and again whenever an
assessor changes a verified level. The ranking of 514 applicants then reads one row per
application instead of 30 000 answers, which keeps the ranking page fast, and a region
sees the same self-assessed number on its readiness page and in the campaign.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.accounts.models import Membership, Role, User
from kotacerdas.accounts.scope import forget_scope
from kotacerdas.lib.concurrency import check_version
from kotacerdas.lib.files import Kind, check_upload
from kotacerdas.lib.xlsx import CellError, SpreadsheetError, read_upload
from kotacerdas.readiness.models import Answer, Assessment
from kotacerdas.regions.models import Region

from . import queries
from .importing import values_from_table
from .models import (
    Application,
    Assignment,
    Campaign,
    CampaignCriterion,
    CriterionValue,
    RankingEntry,
    Verification,
    VerifiedLevel,
)

MANAGE = "selection.manage_campaign"
APPLY = "selection.apply"
VERIFY = "selection.verify_application"
CAMPAIGN_CLOSED = gettext_lazy(
    "This campaign is closed: its ranking is frozen and nothing in it can change."
)
CAMPAIGN_FIELDS = (
    "name",
    "year",
    "instrument",
    "quota",
    "deadline",
    "open_to_all",
    "readiness_weight",
)
CRITERION_FIELDS = (
    "code",
    "name",
    "weight",
    "value_min",
    "value_max",
    "lower_is_better",
    "requires_document",
)


def _locked_campaign(campaign_id: int) -> Campaign:
    """The current campaign, locked for the rest of the transaction."""
    return (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("instrument")
        .get(pk=campaign_id)
    )


def _refuse_if_closed(campaign: Campaign) -> None:
    if campaign.is_closed:
        raise ValidationError(str(CAMPAIGN_CLOSED))


def _campaign_to_manage(campaign_id: int, actor: Actor) -> Campaign:
    """Lock the campaign, check that ``actor`` manages campaigns, refuse when it is closed."""
    current = _locked_campaign(campaign_id)
    require(actor, MANAGE, current)
    _refuse_if_closed(current)
    return current


# Campaigns and criteria ---------------------------------------------------------------------


def create_campaign(*, actor: Actor, invited: Iterable[Region] = (), **fields: Any) -> Campaign:
    with transaction.atomic(), acting(actor):
        require(actor, MANAGE)
        campaign = Campaign(created_by=user_of(actor), **{k: fields[k] for k in CAMPAIGN_FIELDS})
        campaign.full_clean()
        campaign.save()
        campaign.invited_regions.set(invited)
    return campaign


def update_campaign(
    campaign: Campaign,
    *,
    actor: Actor,
    opened_version: int | None,
    invited: Iterable[Region] = (),
    **fields: Any,
) -> Campaign:
    with transaction.atomic(), acting(actor):
        current = _campaign_to_manage(campaign.pk, actor)
        check_version(current, opened_version)
        if (
            fields.get("instrument") is not None
            and fields["instrument"].pk != current.instrument_id
            and current.applications.exists()
        ):
            raise ValidationError(
                {"instrument": _("Regions have applied on this instrument; it cannot change.")}
            )
        for name in CAMPAIGN_FIELDS:
            if name in fields:
                setattr(current, name, fields[name])
        current.full_clean()
        current.save()
        current.invited_regions.set(invited)
    return current


def open_campaign(campaign: Campaign, *, actor: Actor) -> Campaign:
    """Open a draft campaign to applications."""
    with transaction.atomic(), acting(actor):
        current = _campaign_to_manage(campaign.pk, actor)
        if current.status == Campaign.Status.DRAFT:
            current.status = Campaign.Status.OPEN
            current.save(update_fields=["status"])
    return current


def save_criterion(
    campaign: Campaign,
    *,
    actor: Actor,
    criterion: CampaignCriterion | None = None,
    **fields: Any,
) -> CampaignCriterion:
    with transaction.atomic(), acting(actor):
        current = _campaign_to_manage(campaign.pk, actor)
        if criterion is None:
            criterion = CampaignCriterion(campaign=current, created_by=user_of(actor))
        else:
            criterion = CampaignCriterion.objects.select_for_update().get(
                pk=criterion.pk, campaign=current
            )
        for name in CRITERION_FIELDS:
            if name in fields:
                setattr(criterion, name, fields[name])
        criterion.full_clean()
        criterion.save()
    return criterion


def delete_criterion(criterion: CampaignCriterion, *, actor: Actor) -> None:
    with transaction.atomic(), acting(actor):
        current = _campaign_to_manage(criterion.campaign_id, actor)
        locked = (
            CampaignCriterion.objects.select_for_update()
            .filter(pk=criterion.pk, campaign=current)
            .first()
        )
        if locked is not None:
            locked.delete()


# Criteria values ----------------------------------------------------------------------------


def set_values(
    campaign: Campaign,
    values: dict[tuple[int, int], Decimal | None],
    *,
    actor: Actor,
    source: str = CriterionValue.Source.ENTERED,
) -> int:
    """Save values keyed by (application id, criterion id); ``None`` clears one.

    Every value is checked against its criterion's range first; nothing is saved when any
    is outside. Returns the number of values changed.
    """
    with transaction.atomic(), acting(actor):
        current = _campaign_to_manage(campaign.pk, actor)
        return _write_values(current, values, user_of(actor), source)


def _write_values(
    campaign: Campaign,
    values: dict[tuple[int, int], Decimal | None],
    user: User | None,
    source: str,
) -> int:
    criteria = {c.pk: c for c in campaign.criteria.all()}
    applications = set(campaign.applications.values_list("pk", flat=True))
    errors = []
    for (app_id, criterion_id), value in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None or app_id not in applications:
            raise ValidationError(_("That value does not belong to this campaign."))
        if value is not None and not criterion.accepts(value):
            errors.append(criterion.range_error(value))
    if errors:
        raise ValidationError(errors)
    existing = {
        (v.application_id, v.criterion_id): v
        for v in CriterionValue.objects.select_for_update().filter(application__campaign=campaign)
    }
    changed = 0
    for key, value in values.items():
        row = existing.get(key)
        if row is None:
            if value is None:
                continue
            row = CriterionValue(application_id=key[0], criterion_id=key[1], created_by=user)
        elif row.value == value:
            continue
        row.value = value
        row.source = source
        row.save()  # one by one so each change enters the audit trail
        changed += 1
    return changed


def import_values(campaign: Campaign, upload: Any, *, actor: Actor) -> int:
    """Import criteria values from XLSX/CSV: all rows or none.

    Raises ``SpreadsheetError`` listing every bad cell (sheet, row, column, reason): a file
    the spreadsheet reader refuses, an unknown region code, a region that has not applied,
    an unknown criterion column, a cell that is not a number or is outside the criterion's
    range. The file is read only once the actor is known to manage the open campaign.
    """
    with transaction.atomic(), acting(actor):
        current = _locked_campaign(campaign.pk)
        require(actor, MANAGE, current)
        if current.is_closed:
            raise SpreadsheetError([CellError("", 0, "", str(CAMPAIGN_CLOSED))])
        values = values_from_table(current, read_upload(upload))
        return _write_values(current, values, user_of(actor), CriterionValue.Source.IMPORTED)


# Applications -------------------------------------------------------------------------------


def submit_application(
    campaign: Campaign,
    region: Region,
    assessment: Assessment,
    *,
    actor: Actor,
    documents: dict[int, Any] | None = None,
) -> Application:
    """Apply (or re-submit while the campaign is open) with a submitted assessment and the
    documents of the criteria that require one (criterion id → uploaded file)."""
    documents = documents or {}
    with transaction.atomic(), acting(actor):
        current = _locked_campaign(campaign.pk)
        region = Region.objects.get(pk=region.pk)
        require(actor, APPLY, region)
        _refuse_if_closed(current)
        assessment = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("instrument")
            .get(pk=assessment.pk)
        )
        _check_may_apply(current, region, assessment)
        for upload in documents.values():
            check_upload(upload, Kind.DOCUMENT)
        application = (
            Application.objects.select_for_update().filter(campaign=current, region=region).first()
        )
        user = user_of(actor)
        if application is None:
            application = Application(campaign=current, region=region, created_by=user)
        application.assessment = assessment
        application.status = Application.Status.SUBMITTED
        application.submitted_at = timezone.now()
        application.submitted_by = user
        application.self_score = queries.readiness_score(assessment)
        application.verified_score = application.self_score
        application.save()
        _save_documents(current, application, documents, user)
        _refresh_scores(application)
    return application


def _check_may_apply(campaign: Campaign, region: Region, assessment: Assessment) -> None:
    if campaign.status != Campaign.Status.OPEN:
        raise ValidationError(_("This campaign is not open for applications."))
    if timezone.localdate() > campaign.deadline:
        raise ValidationError(_("The application deadline has passed."))
    if region.is_province:
        raise ValidationError(_("Only a kabupaten or kota can apply."))
    if not campaign.open_to_all and not campaign.invited_regions.filter(pk=region.pk).exists():
        raise ValidationError(_("This region is not invited to this campaign."))
    if (
        assessment.region_id != region.pk
        or assessment.instrument_id != campaign.instrument_id
        or assessment.status != Assessment.Status.SUBMITTED
    ):
        raise ValidationError(
            {
                "assessment": _(
                    "Choose a submitted readiness assessment of this region on the "
                    "campaign's instrument."
                )
            }
        )


def _save_documents(
    campaign: Campaign, application: Application, documents: dict[int, Any], user: User | None
) -> None:
    """Store the uploaded documents; refuse (before storing any) when a required one is
    missing from both the upload and the earlier application."""
    criteria = list(campaign.criteria.all())
    existing = {v.criterion_id: v for v in application.values.all()}
    missing = [
        c.name
        for c in criteria
        if c.requires_document
        and c.pk not in documents
        and not (c.pk in existing and existing[c.pk].document)
    ]
    if missing:
        raise ValidationError(
            _("Upload the required document for: %(names)s.") % {"names": ", ".join(missing)}
        )
    for criterion in criteria:
        upload = documents.get(criterion.pk)
        if upload is None:
            continue
        row = existing.get(criterion.pk) or CriterionValue(
            application=application, criterion=criterion, created_by=user
        )
        row.document_name = (upload.name or "")[:200]
        row.document.save(upload.name or "document", upload, save=False)
        row.save()


# Assessors and verification -----------------------------------------------------------------


def assign_assessor(application: Application, assessor: User, *, actor: Actor) -> Assignment:
    """Assign an assessor; they also become an assessor of the region, so they may read
    its readiness assessment through the one scope mechanism."""
    with transaction.atomic(), acting(actor):
        current = _campaign_to_manage(application.campaign_id, actor)
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("region")
            .get(pk=application.pk, campaign=current)
        )
        if not Membership.objects.filter(user=assessor, role=Role.ASSESSOR).exists():
            raise ValidationError(
                {"assessor": _("Only users with the assessor role can be assigned.")}
            )
        assignment, _created = Assignment.objects.get_or_create(
            application=locked, assessor=assessor, defaults={"created_by": user_of(actor)}
        )
        Membership.objects.get_or_create(
            user=assessor, role=Role.ASSESSOR, region=locked.region, agency=None
        )
        forget_scope(assessor)
    return assignment


def remove_assignment(assignment: Assignment, *, actor: Actor) -> None:
    """Take an assessor off an application (their region membership stays)."""
    with transaction.atomic(), acting(actor):
        current = _campaign_to_manage(assignment.application.campaign_id, actor)
        locked = (
            Assignment.objects.select_for_update(of=("self",))
            .filter(pk=assignment.pk, application__campaign=current)
            .first()
        )
        if locked is not None:
            locked.delete()


@dataclass(frozen=True)
class Adjustment:
    level: int | None  # None: keep the region's own level
    reason: str = ""


def verify_application(
    application: Application,
    adjustments: dict[int, Adjustment],
    *,
    actor: Actor,
    notes: str,
    complete: bool,
) -> Application:
    """Save the assessor's adjusted levels (each with a reason) and interview notes.

    ``complete`` marks the application verified. The verified readiness score is
    recomputed from the region's answers with the adjusted levels in their place.
    """
    with transaction.atomic(), acting(actor):
        campaign = _locked_campaign(application.campaign_id)
        current = (
            Application.objects.select_for_update(of=("self",))
            .select_related("assessment__instrument")
            .get(pk=application.pk, campaign=campaign)
        )
        require(actor, VERIFY, current)
        _refuse_if_closed(campaign)
        changes = _checked_changes(current, adjustments)
        user = user_of(actor)
        _save_levels(current, set(adjustments), changes, user)
        verification, _created = Verification.objects.select_for_update().get_or_create(
            application=current, defaults={"created_by": user}
        )
        verification.assessor = user
        verification.interview_notes = notes
        if complete:
            verification.verified_at = timezone.now()
            current.status = Application.Status.VERIFIED
        verification.save()
        _refresh_scores(current)
    return current


def _checked_changes(
    application: Application, adjustments: dict[int, Adjustment]
) -> dict[int, Adjustment]:
    """The adjustments that change the region's own level; refused without a reason or
    outside the instrument's scale."""
    instrument = application.assessment.instrument
    own = dict(
        Answer.objects.filter(assessment_id=application.assessment_id).values_list(
            "item_id", "level"
        )
    )
    changes = {
        item_id: adjustment
        for item_id, adjustment in adjustments.items()
        if adjustment.level is not None and adjustment.level != own.get(item_id)
    }
    errors = {}
    for item_id, adjustment in changes.items():
        if adjustment.level not in instrument.levels():
            errors[f"level_{item_id}"] = _("Choose a level between %(low)d and %(high)d.") % {
                "low": instrument.scale_min,
                "high": instrument.scale_max,
            }
        elif not adjustment.reason.strip():
            errors[f"reason_{item_id}"] = _("Give the reason for the adjusted level.")
    if errors:
        raise ValidationError(errors)
    return changes


def _save_levels(
    application: Application,
    items: set[int],
    changes: dict[int, Adjustment],
    user: User | None,
) -> None:
    """Write the changed levels; items sent without a change lose any earlier adjustment."""
    valid_items = set(application.assessment.instrument.items.values_list("pk", flat=True))
    existing = {v.item_id: v for v in application.verified_levels.select_for_update()}
    for item_id in items & valid_items:
        row = existing.get(item_id)
        adjustment = changes.get(item_id)
        if adjustment is None:
            if row is not None:
                row.delete()
            continue
        reason = adjustment.reason.strip()
        if row is None:
            row = VerifiedLevel(application=application, item_id=item_id, created_by=user)
        elif row.level == adjustment.level and row.reason == reason:
            continue
        row.level = adjustment.level  # type: ignore[assignment]
        row.reason = reason
        row.assessor = user
        row.save()


def _refresh_scores(application: Application) -> None:
    """Recompute the stored verified readiness score from answers and verified levels."""
    overrides = queries.verified_overrides(application)
    assessment = Assessment.objects.select_related("instrument").get(pk=application.assessment_id)
    application.verified_score = (
        queries.readiness_score(assessment, overrides) if overrides else application.self_score
    )
    application.save(update_fields=["verified_score", "status", "self_score"])


# Closing ------------------------------------------------------------------------------------


def close_campaign(campaign: Campaign, *, actor: Actor) -> int:
    """Freeze the ranking into ``RankingEntry`` rows and close the campaign.

    Returns the number of ranked applicants. Afterwards the ranking page and API read the
    frozen rows, and every service refuses to change the campaign.
    """
    with transaction.atomic(), acting(actor):
        current = _campaign_to_manage(campaign.pk, actor)
        criteria = queries.criteria_of(current)
        rows = queries.ranking(current, criteria)
        regions = dict(
            Region.objects.filter(code__in=[r.region_code for r in rows]).values_list("code", "pk")
        )
        RankingEntry.objects.bulk_create(
            RankingEntry(
                campaign=current,
                region_id=regions[row.region_code],
                application_status=row.status,
                rank=row.rank,
                self_score=row.self_score,
                verified_score=row.verified_score,
                criteria={c.code: {"value": c.value, "score": c.score} for c in row.criteria},
                total=row.total,
                selected=row.selected,
                submitted_at=row.submitted_at,
            )
            for row in rows
        )
        current.status = Campaign.Status.CLOSED
        current.closed_at = timezone.now()
        current.closed_by = user_of(actor)
        current.save(update_fields=["status", "closed_at", "closed_by"])
    return len(rows)
