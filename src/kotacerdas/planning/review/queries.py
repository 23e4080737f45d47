"""Read side of review: the comments on a page, the versions, and two versions compared."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.dateparse import parse_date
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.models import Role, User
from kotacerdas.accounts.scope import scope_of
from kotacerdas.lib.formatting import rupiah_exact
from kotacerdas.lib.waiting import Waiting

from ..masterplans.models import Masterplan, Stakeholder, TeamMember
from ..programmes.models import BudgetCeiling, FundingLine, Milestone, Programme
from ..quickwins.models import QuickWinCriterion
from ..strategy.models import Mission
from . import sections as registered
from .compare import SectionDiff, compare_snapshots
from .models import Comment, MasterplanVersion
from .snapshot import Snapshot, all_sections, label_of, row_names, take_snapshot, upgrade

SECTION_LABELS = {
    "masterplan": _("Masterplan"),
    "team": _("Team"),
    "stakeholders": _("Stakeholders"),
    "strategy": _("Strategy"),
    "programmes": _("Programmes"),
    "funding": _("Funding"),
    "budget": _("Budget ceilings"),
    "quickwins": _("Quick wins"),
    "roadmap": _("Roadmap"),
    "milestones": _("Milestones"),
}
SECTION_MODELS: dict[str, type[Model]] = {
    "masterplan": Masterplan,
    "team": TeamMember,
    "stakeholders": Stakeholder,
    "strategy": Mission,
    "programmes": Programme,
    "funding": FundingLine,
    "budget": BudgetCeiling,
    "quickwins": QuickWinCriterion,
    "roadmap": Programme,
    "milestones": Milestone,
}
EXTRA_LABELS = {
    "supports": _("supporting agencies"),
    "partners": _("partners"),
    "funding": _("funding"),
    "milestones": _("milestones"),
    "depends_on": _("depends on"),
    "mission": _("mission"),
    "dimension": _("dimension"),
    "element": _("element"),
    "programme": _("programme"),
    "swot": _("SWOT entries cited"),
    "name": _("name"),
    "is_quick_win": _("quick win"),
}
MONEY = frozenset({"amount"})


def comments_on(
    masterplan: Masterplan, *, section: str | None = None, programme: Programme | None = None
) -> list[Comment]:
    """The comments on one programme, on one section of the masterplan, or (neither given) on
    every section, oldest first."""
    if programme is not None:
        rows = programme.comments.all()
    else:
        rows = masterplan.comments.filter(programme__isnull=True)
        if section is not None:
            rows = rows.filter(section=section)
    return list(rows.select_related("author"))


def versions_of(masterplan: Masterplan) -> QuerySet[MasterplanVersion]:
    """The approved versions, newest first, without their (large) snapshots."""
    return masterplan.versions.select_related("created_by").defer("snapshot").order_by("-number")


@dataclass(frozen=True)
class ChangedField:
    """One field of one row that differs, in words: before and after, and for a list the
    items it gained and lost."""

    item: str
    field: str | Promise
    old: str
    new: str
    gained: list[str]
    lost: list[str]


@dataclass(frozen=True)
class SectionChanges:
    """What changed in one section, by readable name: rows added and removed, fields changed."""

    section: str
    label: str | Promise
    added: list[str]
    removed: list[str]
    changed: list[ChangedField]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _registered(section: str) -> registered.Section | None:
    return next((s for s in registered.sections() if s.code == section), None)


def _model_field(section: str, name: str) -> Any:
    extra = _registered(section)
    own = extra.model if extra is not None else SECTION_MODELS.get(section)
    for model in (own, Programme):
        if model is None:
            continue
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def field_label(
    section: str, name: str, criteria: Mapping[str, str] | None = None
) -> str | Promise:
    """The field's name as the forms show it (a quick-win score: the criterion's name)."""
    if name.startswith("score:"):
        key = name.removeprefix("score:")
        return _("score: %(criterion)s") % {"criterion": (criteria or {}).get(key, key)}
    extra = _registered(section)
    if extra is not None and name in (extra.field_labels or {}):
        return (extra.field_labels or {})[name]
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    field = _model_field(section, name)
    return field.verbose_name if field is not None else name.replace("_", " ")


def shown(section: str, name: str, value: Any) -> str:
    """One snapshot value as the page shows it: Rupiah, Yes/No, choice labels, lists."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if name in MONEY:
        return rupiah_exact(value)
    field = _model_field(section, name)
    if field is not None and field.choices:
        return str(dict((str(k), v) for k, v in field.flatchoices).get(str(value), value))
    if isinstance(field, models.DateField) and isinstance(value, str):
        day = parse_date(value[:10])
        return formats.date_format(day, "j F Y") if day else value
    return str(value)


def _criteria(*sections: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Criterion key → name, from the quick-win sections of both snapshots."""
    names: dict[str, str] = {}
    for section in sections:
        for key, row in section.items():
            if key.startswith("criterion-"):
                names[key.removeprefix("criterion-")] = str(row.get("name", key))
    return names


def _item(section: str, rows: Mapping[str, Any], key: str) -> str:
    """A row's name: its naming fields in words (``G01 Klinik · 2026 · APBD``)."""
    row = rows.get(key) or {}
    names = row_names()
    if section in names:
        parts = (shown(section, part, row.get(part)) for part in names[section])
        return " · ".join(part for part in parts if part != "–")
    return label_of(dict(rows), key, section)


def _summary(section: str, rows: Mapping[str, Any], key: str) -> str:
    """An added or removed row: its name, and its amount when it is money."""
    label = _item(section, rows, key)
    amount = (rows.get(key) or {}).get("amount")
    return f"{label} — {rupiah_exact(amount)}" if amount not in (None, "") else label


def _in_words(texts: Mapping[str, str], value: Any) -> Any:
    """A stored value (or each item of a list) in the reader's language, where known."""
    if isinstance(value, list):
        return [texts.get(item, item) if isinstance(item, str) else item for item in value]
    return texts.get(value, value) if isinstance(value, str) else value


def _changed(
    section: str, diff: SectionDiff, before: Any, after: Any, texts: Mapping[str, str]
) -> list[ChangedField]:
    criteria = _criteria(before, after)
    rows = []
    for change in diff.changed:
        old, new = _in_words(texts, change.old), _in_words(texts, change.new)
        lists = isinstance(old, list | type(None)) and isinstance(new, list | type(None))
        gained = [str(x) for x in new or [] if x not in (old or [])] if lists else []
        lost = [str(x) for x in old or [] if x not in (new or [])] if lists else []
        rows.append(
            ChangedField(
                _item(section, after, change.id) or _item(section, before, change.id),
                field_label(section, change.field, criteria),
                shown(section, change.field, old),
                shown(section, change.field, new),
                gained,
                lost,
            )
        )
    return rows


def compare_versions(
    masterplan: Masterplan, old: Snapshot | None, new: Snapshot | None
) -> list[SectionChanges]:
    """Two snapshots section by section; ``None`` stands for the masterplan as it is now.
    A version frozen in the first layout is upgraded first (``snapshot.upgrade``)."""
    current = take_snapshot(masterplan) if old is None or new is None else {}
    before_all = upgrade(old) if old is not None else current
    after_all = upgrade(new) if new is not None else current
    sections = []
    labels = {**SECTION_LABELS, **{s.code: s.label for s in registered.sections()}}
    texts = {
        s.code: {**s.texts(before_all.get(s.code, {})), **s.texts(after_all.get(s.code, {}))}
        for s in registered.sections()
        if s.texts is not None
    }
    before_all, after_all = _without_hidden(before_all), _without_hidden(after_all)
    for diff in compare_snapshots(before_all, after_all, all_sections()):
        before, after = before_all.get(diff.section, {}), after_all.get(diff.section, {})
        words = texts.get(diff.section, {})
        sections.append(
            SectionChanges(
                section=diff.section,
                label=labels.get(diff.section, diff.section),
                added=[_summary(diff.section, after, key) for key in diff.added],
                removed=[_summary(diff.section, before, key) for key in diff.removed],
                changed=_changed(diff.section, diff, before, after, words),
            )
        )
    return sections


def _without_hidden(snapshot: Snapshot) -> Snapshot:
    """The snapshot without the fields registered sections keep but do not compare."""
    hidden = {s.code: s.hidden for s in registered.sections() if s.hidden}
    return {
        section: (
            {
                key: {name: value for name, value in row.items() if name not in hidden[section]}
                for key, row in rows.items()
            }
            if section in hidden
            else rows
        )
        for section, rows in snapshot.items()
    }


# Before submitting ----------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """Something a masterplan lacks before it goes to review: what, where to fix it, and (for
    programmes) each programme concerned with the page that fixes it."""

    key: str
    title: str | Promise
    fix_url: str
    items: list[tuple[str, str]]


def submission_gaps(masterplan: Masterplan) -> list[Gap]:
    """What is incomplete in a draft, in three queries whatever its size (and those of the
    registered checks, ``sections.register_gap_check``: programmes without an indicator): no
    team, no legal basis, programmes without a lead agency, without funding, without a goal."""
    pk = masterplan.pk
    gaps = []
    if not masterplan.team.exists():
        gaps.append(Gap("team", _("No team yet"), reverse("planning:team_list", args=[pk]), []))
    if not masterplan.regulation_number:
        url = reverse("planning:masterplan_edit", args=[pk])
        gaps.append(Gap("regulation", _("No legal basis (regulation) yet"), url, []))
    funded = FundingLine.objects.filter(programme=OuterRef("pk"))
    served = Programme.goals.through.objects.filter(programme=OuterRef("pk"))
    rows = (
        masterplan.programmes.order_by("code")
        .annotate(funded=Exists(funded), served=Exists(served))
        .values_list("pk", "code", "name", "lead_agency_id", "funded", "served")
    )
    missing: dict[str, list[tuple[str, str]]] = {"lead": [], "funding": [], "goal": []}
    for programme, code, name, lead, funded_, served_ in rows:
        item = (f"{code} {name}", reverse("planning:programme_edit", args=[programme]))
        for key, ok in (("lead", lead), ("funding", funded_), ("goal", served_)):
            if not ok:
                missing[key].append(item)
    titles = {
        "lead": _("Programmes without a lead agency"),
        "funding": _("Programmes without funding"),
        "goal": _("Programmes that serve no goal"),
    }
    programme_list = reverse("planning:programme_list", args=[pk])
    for key, items in missing.items():
        if items:
            gaps.append(Gap(key, titles[key], programme_list, items))
    for check in registered.gap_checks():
        if found := check.find(masterplan):
            gaps.append(Gap(check.key, check.title, check.fix_url(masterplan), found))
    return gaps


# What waits on the home page ----------------------------------------------------------------


def waiting_for(user: User | AnonymousUser) -> list[Waiting]:
    """Masterplan work waiting for ``user`` (two queries at most): open comments the coordinator
    resolves, masterplans in review a council member approves or returns, and masterplans
    returned to draft, for the coordinator and agency editors of the region."""
    scope = scope_of(user)
    coordinated = scope.regions_with(Role.REGION_COORDINATOR)
    council = scope.regions_with(Role.COUNCIL_MEMBER)
    workers = coordinated | scope.agency_regions
    found: list[Waiting] = []
    if coordinated:
        comments = (
            Comment.objects.filter(resolved_at__isnull=True, masterplan__region_id__in=coordinated)
            .values_list("masterplan_id", "masterplan__region_id", "masterplan__title")
            .annotate(n=Count("pk"))
            .order_by("masterplan__region_id", "masterplan_id")
        )
        for pk, region_id, title, n in comments:
            text = ngettext(
                "%(count)d comment to resolve on “%(title)s”",
                "%(count)d comments to resolve on “%(title)s”",
                n,
            ) % {"count": n, "title": title}
            found.append(Waiting(region_id, "comments", text, _detail(pk), n))
    if council or workers:
        plans = Masterplan.objects.filter(
            Q(status=Masterplan.Status.IN_REVIEW, region_id__in=council)
            | Q(status=Masterplan.Status.DRAFT, region_id__in=workers) & ~Q(return_reason="")
        ).order_by("region_id", "pk")
        for pk, region_id, title, status in plans.values_list("pk", "region_id", "title", "status"):
            if status == Masterplan.Status.IN_REVIEW:
                text = gettext("“%(title)s” waits for your approval or return") % {"title": title}
                found.append(Waiting(region_id, "approve", text, _detail(pk)))
            else:
                text = gettext("“%(title)s” was returned to draft") % {"title": title}
                found.append(Waiting(region_id, "returned", text, _detail(pk)))
    return found


def _detail(pk: int) -> str:
    return reverse("planning:masterplan_detail", kwargs={"pk": pk})
