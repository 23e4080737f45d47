"""JSON API of readiness assessments, their answers, scores and SWOT entries."""

from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Body, Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.edge import acting_user
from kotacerdas.framework.models import Dimension, InstrumentAspect, InstrumentItem
from kotacerdas.lib import files
from kotacerdas.lib.errors import state_conflicts
from kotacerdas.lib.ids import RowId
from kotacerdas.lib.openapi import inline_choices
from kotacerdas.lib.pagination import LimitOffsetPagination
from kotacerdas.regions.models import Region

from . import queries, services
from .forms import EvidenceForm
from .models import Answer, Assessment, Evidence, SwotEntry
from .states import state_refusal

router = Router(tags=["readiness"])

UNANSWERED_RULE = "An unanswered item counts as the lowest level of the scale."


class AssessmentOut(Schema):
    id: int
    region: str = Field(..., alias="region.code")
    year: int
    instrument: str = Field(..., alias="instrument.code")
    instrument_version: str = Field(..., alias="instrument.number")
    status: Annotated[Assessment.Status, inline_choices(Assessment.Status)]
    submitted_at: datetime | None
    return_comment: str


class AssessmentIn(Schema):
    year: int = Field(..., ge=2017, le=2100)


class ScoreOut(Schema):
    current: float
    target: float
    gap: float
    answered: int
    total: int


class CellOut(ScoreOut):
    dimension: str
    aspect: str


class GapOut(Schema):
    item_id: int
    dimension: str
    aspect: str
    level: int | None
    target: int
    gap: int


class AssessmentDetailOut(AssessmentOut):
    unanswered_rule: str
    overall: ScoreOut
    dimensions: dict[str, ScoreOut]
    aspects: dict[str, ScoreOut]
    cells: list[CellOut]
    gaps: list[GapOut]


class AnswerOut(Schema):
    item_id: int
    item_code: str = Field(..., alias="item.code")
    dimension: str = Field(..., alias="item.dimension.code")
    aspect: str = Field(..., alias="item.aspect.code")
    agency_id: int | None
    level: int | None
    justification: str
    answered_at: datetime | None
    version: int


class AnswerIn(Schema):
    level: int | None = Field(None, ge=0, le=10)
    justification: str = Field("", max_length=5000)
    version: int | None = Field(None, description="The version you read; 409 if it moved on")


class SwotOut(Schema):
    id: int
    label: str
    kind: Annotated[SwotEntry.Kind, inline_choices(SwotEntry.Kind)]
    number: int
    text: str
    aspect: str | None = Field(None, alias="aspect.code")
    dimension: str | None = Field(None, alias="dimension.code")
    item_ids: list[int]
    removed_at: datetime | None
    version: int

    @staticmethod
    def resolve_item_ids(obj: SwotEntry) -> list[int]:
        return [item.pk for item in obj.items.all()]


class SwotIn(Schema):
    kind: Annotated[SwotEntry.Kind, inline_choices(SwotEntry.Kind)]
    text: str = Field(..., min_length=1, max_length=2000)
    aspect: str | None = Field(None, description="Aspect code, e.g. structure")
    dimension: str | None = Field(None, description="Dimension code, e.g. governance")
    item_ids: list[RowId] = Field(default_factory=list)


def _assessment(request: HttpRequest, assessment_id: int, change: str | None = None) -> Any:
    return get_for_user(
        request.user,
        queries.assessments_visible_to(request.user),
        view="readiness.view_assessment",
        change=change,
        state_refusal=state_refusal,
        pk=assessment_id,
    )


@router.get(
    "/regions/{code}/readiness", response=list[AssessmentOut], summary="Assessments of a region"
)
@paginate(LimitOffsetPagination)
def list_assessments(request: HttpRequest, code: str) -> Any:
    region = get_for_user(
        request.user,
        Region.objects.select_related("province"),
        view="regions.view_region_data",
        code=code,
    )
    return queries.assessments_visible_to(request.user).filter(region=region).order_by("-year")


@router.post(
    "/regions/{code}/readiness",
    response={201: AssessmentOut},
    summary="Start an assessment",
)
def start_assessment(request: HttpRequest, code: str, payload: AssessmentIn) -> Any:
    region = get_for_user(
        request.user,
        Region.objects.select_related("province"),
        view="regions.view_region_data",
        change="readiness.start_assessment",
        code=code,
    )
    assessment = services.start_assessment(region, payload.year, actor=acting_user(request))
    return Status(201, assessment)


def _score(score: Any) -> dict[str, Any]:
    return {
        "current": score.current,
        "target": score.target,
        "gap": score.gap,
        "answered": score.answered,
        "total": score.total,
    }


@router.get(
    "/readiness/{assessment_id}",
    response=AssessmentDetailOut,
    summary="An assessment with its scores and gaps",
)
def get_assessment(request: HttpRequest, assessment_id: int) -> Any:
    """Scores per dimension, aspect and cell (weighted means on the instrument's scale),
    and the items below their target, largest gap first."""
    assessment = _assessment(request, assessment_id)
    scores = queries.scores_of(assessment)
    assessment.unanswered_rule = UNANSWERED_RULE
    assessment.overall = _score(scores.overall)
    assessment.dimensions = {code: _score(s) for code, s in scores.by_dimension.items()}
    assessment.aspects = {code: _score(s) for code, s in scores.by_aspect.items()}
    assessment.cells = [
        {"dimension": d, "aspect": a, **_score(s)} for (d, a), s in scores.by_cell.items()
    ]
    assessment.gaps = [
        {
            "item_id": g.key,
            "dimension": g.dimension,
            "aspect": g.aspect,
            "level": g.level,
            "target": g.target,
            "gap": g.gap,
        }
        for g in scores.gaps
    ]
    return assessment


@router.get("/readiness/{assessment_id}/answers", response=list[AnswerOut], summary="Answers")
@paginate(LimitOffsetPagination)
def list_answers(request: HttpRequest, assessment_id: int) -> Any:
    assessment = _assessment(request, assessment_id)
    return assessment.answers.select_related("item__dimension", "item__aspect").order_by(
        "item__position"
    )


@router.put(
    "/readiness/{assessment_id}/answers/{item_id}", response=AnswerOut, summary="Answer an item"
)
def put_answer(request: HttpRequest, assessment_id: int, item_id: int, payload: AnswerIn) -> Any:
    answer: Answer = get_for_user(
        request.user,
        queries.answers_visible_to(request.user).select_related("item__dimension", "item__aspect"),
        view="readiness.view_assessment",
        change="readiness.answer_item",
        state_refusal=state_refusal,
        assessment_id=assessment_id,
        item_id=item_id,
    )
    with state_conflicts():
        saved = services.save_answer(
            answer,
            level=payload.level,
            justification=payload.justification,
            actor=acting_user(request),
            opened_version=payload.version,
        )
    saved.item = answer.item
    return saved


def _swot_links(assessment: Assessment, payload: SwotIn) -> dict[str, Any]:
    aspect = dimension = None
    if payload.aspect:
        aspect = InstrumentAspect.objects.filter(
            instrument_id=assessment.instrument_id, code=payload.aspect
        ).first()
        if aspect is None:
            raise ValidationError({"aspect": _("Unknown aspect %s.") % payload.aspect})
    if payload.dimension:
        dimension = Dimension.objects.filter(
            framework_id=assessment.instrument.framework_id, code=payload.dimension
        ).first()
        if dimension is None:
            raise ValidationError({"dimension": _("Unknown dimension %s.") % payload.dimension})
    items = list(InstrumentItem.objects.filter(pk__in=payload.item_ids))
    if len(items) != len(set(payload.item_ids)):
        raise ValidationError({"item_ids": _("Unknown item id.")})
    return {"aspect": aspect, "dimension": dimension, "items": items}


@router.get("/readiness/{assessment_id}/swot", response=list[SwotOut], summary="SWOT entries")
@paginate(LimitOffsetPagination)
def list_swot(request: HttpRequest, assessment_id: int) -> Any:
    assessment = _assessment(request, assessment_id)
    return (
        queries.current_swot(assessment)
        .select_related("aspect", "dimension")
        .prefetch_related("items")
    )


@router.post("/readiness/{assessment_id}/swot", response={201: SwotOut}, summary="Add a SWOT entry")
def create_swot(request: HttpRequest, assessment_id: int, payload: SwotIn) -> Any:
    assessment = _assessment(request, assessment_id, change="readiness.change_swot")
    links = _swot_links(assessment, payload)
    with state_conflicts():
        entry = services.create_swot_entry(
            assessment, kind=payload.kind, text=payload.text, actor=acting_user(request), **links
        )
    return Status(201, entry)


@router.get("/swot/{entry_id}", response=SwotOut, summary="One SWOT entry (stable id)")
def get_swot(request: HttpRequest, entry_id: int) -> Any:
    return get_for_user(
        request.user,
        queries.swot_visible_to(request.user),
        view="readiness.view_assessment",
        pk=entry_id,
    )


# Submitting and returning -------------------------------------------------------------


class AssessmentSubmitIn(Schema):
    confirm_incomplete: bool = Field(
        False, description="Submit even though items are still unanswered"
    )


class AssessmentReturnIn(Schema):
    comment: str = Field(..., min_length=1, max_length=5000, description="What to revise")
    version: int | None = Field(None, description="The version you read; 409 if it moved on")


@router.post(
    "/readiness/{assessment_id}/submit",
    response=AssessmentOut,
    summary="Submit an assessment to the assessors (coordinator); read-only until returned",
)
def submit_assessment(
    request: HttpRequest, assessment_id: int, payload: Body[AssessmentSubmitIn | None] = None
) -> Any:
    """With items still unanswered: 409 ``incomplete`` unless the body says
    `{"confirm_incomplete": true}`."""
    assessment = _assessment(request, assessment_id, change="readiness.submit_assessment")
    with state_conflicts():
        services.submit_assessment(
            assessment,
            actor=acting_user(request),
            confirm_incomplete=payload is not None and payload.confirm_incomplete,
        )
    return _assessment(request, assessment_id)


@router.post(
    "/readiness/{assessment_id}/return",
    response=AssessmentOut,
    summary="Return a submitted assessment to the region with comments (assessor)",
)
def return_assessment(request: HttpRequest, assessment_id: int, payload: AssessmentReturnIn) -> Any:
    assessment = _assessment(request, assessment_id, change="readiness.return_assessment")
    with state_conflicts():
        services.return_assessment(
            assessment,
            comment=payload.comment,
            actor=acting_user(request),
            opened_version=payload.version,
        )
    return _assessment(request, assessment_id)


# Evidence -----------------------------------------------------------------------------


class AnswerEvidenceOut(Schema):
    id: int
    item_id: int = Field(..., alias="answer.item_id")
    title: str
    url: str = Field(..., description="The link, for evidence that is a link; empty otherwise")
    has_file: bool = Field(..., description="Download it from `GET /evidence/{id}/file`")
    size: int = Field(..., description="Size of the file in bytes; 0 for a link")
    created: datetime

    @staticmethod
    def resolve_has_file(obj: Evidence) -> bool:
        return bool(obj.file)


class EvidenceIn(Schema):
    title: str = Field("", max_length=200, description="Empty: the file's name or the link")
    url: str = Field("", max_length=500, description="A link, instead of a file")


def _evidence(request: HttpRequest, evidence_id: int, change: str | None = None) -> Any:
    return get_for_user(
        request.user,
        queries.evidence_visible_to(request.user).select_related("answer"),
        view="readiness.view_assessment",
        change=change,
        state_refusal=state_refusal,
        pk=evidence_id,
    )


@router.get(
    "/readiness/{assessment_id}/evidence",
    response=list[AnswerEvidenceOut],
    summary="Evidence of an assessment's answers",
)
@paginate(LimitOffsetPagination)
def list_evidence(request: HttpRequest, assessment_id: int, item_id: int | None = None) -> Any:
    """In the order of the items, then as added; `item_id` keeps one item's evidence."""
    assessment = _assessment(request, assessment_id)
    evidence = (
        queries.evidence_visible_to(request.user)
        .filter(answer__assessment=assessment)
        .select_related("answer")
        .order_by("answer__item__position", "created", "pk")
    )
    return evidence if item_id is None else evidence.filter(answer__item_id=item_id)


@router.post(
    "/readiness/{assessment_id}/answers/{item_id}/evidence",
    response={201: AnswerEvidenceOut},
    summary="Add evidence to an answer: a file or a link (multipart form)",
)
def add_evidence(
    request: HttpRequest,
    assessment_id: int,
    item_id: int,
    payload: Form[EvidenceIn],
    file: File[UploadedFile | None] = None,
) -> Any:
    """Send `file` or `url`, not both. A file is checked like every upload: PDF, image,
    office document, CSV or text, by name and content, within `DOCUMENT_MAX_BYTES`."""
    answer: Answer = get_for_user(
        request.user,
        queries.answers_visible_to(request.user),
        view="readiness.view_assessment",
        change="readiness.change_evidence",
        state_refusal=state_refusal,
        assessment_id=assessment_id,
        item_id=item_id,
    )
    data = {"title": payload.title, "url": payload.url}
    form = EvidenceForm(data, MultiValueDict({"file": [file]} if file else {}))
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    with state_conflicts():
        evidence = services.add_evidence(
            answer,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            url=form.cleaned_data["url"],
            actor=acting_user(request),
        )
    return Status(201, _evidence(request, evidence.pk))


@router.delete("/evidence/{evidence_id}", response={204: None}, summary="Remove evidence")
def delete_evidence(request: HttpRequest, evidence_id: int) -> Status:
    evidence = _evidence(request, evidence_id, change="readiness.change_evidence")
    with state_conflicts():
        services.remove_evidence(evidence, actor=acting_user(request))
    return Status(204, None)


BINARY = {
    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
}


@router.get(
    "/evidence/{evidence_id}/file",
    summary="Download an evidence file",
    openapi_extra={"responses": {200: {"description": "The file, as a download", **BINARY}}},
)
def download_evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """Evidence that is a link has no file here (404); follow its `url`."""
    evidence = _evidence(request, evidence_id)
    if not evidence.file:
        raise Http404
    return files.serve(request, evidence.file, evidence.download_name())
