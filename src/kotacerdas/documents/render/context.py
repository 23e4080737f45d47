"""What the masterplan document says, read once into plain values both renderers share.

The planning part (masterplan, team, strategy, programmes, funding, budget, quick wins,
roadmap) comes from a snapshot: the approved version's frozen one, so its document never
changes, or a snapshot taken now of a draft (``planning.review.snapshot.take_snapshot``).
Readiness (chapters II–III) and indicators (chapter VII) are read as they are now. Every text
is already translated and every amount formatted: the renderers only lay it out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _

from kotacerdas.lib.formatting import rupiah, rupiah_in_words
from kotacerdas.monitoring import queries as monitoring_queries
from kotacerdas.planning.masterplans.queries import dimensions_of
from kotacerdas.planning.models import (
    FundingLine,
    Masterplan,
    MasterplanVersion,
    Programme,
    TeamMember,
)
from kotacerdas.planning.review.snapshot import take_snapshot, upgrade
from kotacerdas.readiness import queries as readiness_queries
from kotacerdas.readiness.models import Assessment, SwotEntry

from .. import annexes
from . import chapters

# The fixed time written inside a draft's document, so that the same draft renders to the
# same bytes; a version's document carries the time it was approved.
EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class ProgrammeRow:
    code: str
    name: str
    lead: str
    supports: str
    partners: str
    horizon: str
    years: str
    funding: str
    goals: str


@dataclass
class DimensionBlock:
    code: str
    name: str
    policy: str = ""
    programmes: list[ProgrammeRow] = field(default_factory=list)


@dataclass(frozen=True)
class QuickWin:
    code: str
    name: str
    lead: str
    scores: list[tuple[str, str]]


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    name: str
    level: str
    unit: str
    baseline: str
    targets: list[str]
    agency: str


@dataclass(frozen=True)
class GanttBar:
    label: str
    dimension: str
    start: float  # years, with quarters as fractions
    end: float


@dataclass
class Readiness:
    year: int
    overall: str
    rows: list[tuple[str, float, float]]  # dimension name, current, target
    aspects: list[tuple[str, str, str]]  # aspect name, current, target
    gaps: list[tuple[str, str]]  # dimension name, gap
    swot: list[tuple[str, list[str]]]  # kind label, statements


@dataclass
class Mission:
    number: int
    text: str
    goals: list[str]


@dataclass
class Document:
    """Everything the document says, formatted for its language."""

    language: str
    title: str
    region_name: str
    province_name: str
    period: str
    start_year: int
    years: list[int]
    version_label: str
    stamp: dt.datetime  # the fixed time written into the file
    date_text: str
    texts: dict[str, str]  # chapter code → sanitised HTML
    legal_basis: str
    readiness: Readiness | None
    vision: str
    missions: list[Mission]
    dimensions: list[DimensionBlock]
    programme_count: int
    roadmap: list[tuple[str, list[str]]]  # dimension, codes per year
    gantt: list[GanttBar]
    quick_wins: list[QuickWin]
    criteria: list[str]
    indicators: list[IndicatorRow]
    status_rule: str
    team: list[tuple[str, str, str, str]]
    agencies: list[tuple[str, int, int]]  # agency, programmes led, supported
    budget_sources: list[str]
    budget_rows: list[tuple[str, list[str], str]]  # year, per source, total
    budget_by_year: list[tuple[int, dict[str, Decimal]]]
    budget_total: str
    budget_total_words: str
    ceilings: list[tuple[str, str]]
    consultation: annexes.ConsultationAnnex = field(default_factory=annexes.ConsultationAnnex)

    @property
    def chapter_titles(self) -> list[str]:
        return [title for _code, title in chapters.headings()]


def _period(start: int, years: int) -> str:
    return f"{start}–{start + years - 1}"


def _money(value: Any) -> Decimal:
    return Decimal(str(value or 0))


def _source_label(code: str) -> str:
    return str(dict(FundingLine.Source.choices).get(code, code))


def _horizon_label(code: str) -> str:
    return str(dict(Programme.Horizon.choices).get(code, code))


def _readiness(masterplan: Masterplan, names: dict[str, str]) -> Readiness | None:
    assessment = (
        readiness_queries.assessments_of(masterplan.region)
        .filter(status=Assessment.Status.SUBMITTED)
        .first()
    )
    if assessment is None:
        return None
    scores = readiness_queries.scores_of(assessment)
    aspects = {a.code: a.name for a in readiness_queries.aspects_of(assessment)}
    rows = [
        (names.get(code, code), round(score.current, 2), round(score.target, 2))
        for code, score in scores.by_dimension.items()
    ]
    swot: dict[str, list[str]] = defaultdict(list)
    for entry in readiness_queries.current_swot(assessment).order_by("kind", "number"):
        swot[entry.kind].append(f"{entry.kind[0].upper()}{entry.number}. {entry.text}")
    return Readiness(
        year=assessment.year,
        overall=f"{scores.overall.current:.2f}",
        rows=rows,
        aspects=[
            (aspects.get(code, code), f"{s.current:.2f}", f"{s.target:.2f}")
            for code, s in scores.by_aspect.items()
        ],
        gaps=[(name, f"{target - current:.2f}") for name, current, target in rows],
        swot=[(str(label), swot[kind]) for kind, label in SwotEntry.Kind.choices],
    )


def _strategy(snapshot: dict[str, Any]) -> tuple[str, list[Mission], dict[str, str]]:
    strategy = snapshot.get("strategy", {})
    vision = strategy.get("vision", {}).get("text", "")
    missions: dict[int, Mission] = {}
    goals: dict[int, list[tuple[int, str]]] = defaultdict(list)
    policies: dict[str, str] = {}
    for key, row in strategy.items():
        if key.startswith("mission-"):
            missions[row["position"]] = Mission(0, row["text"], [])
        elif key.startswith("goal-"):
            goals[row["mission"]].append((row["position"], row["text"]))
        elif key.startswith("policy-"):
            policies[row["dimension"]] = row["text"]
    ordered = []
    for number, position in enumerate(sorted(missions), start=1):
        mission = missions[position]
        mission.number = number
        mission.goals = [
            f"{number}.{i} {text}" for i, (_p, text) in enumerate(sorted(goals[position]), 1)
        ]
        ordered.append(mission)
    return vision, ordered, policies


def _funding(snapshot: dict[str, Any]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in snapshot.get("funding", {}).values():
        totals[line["programme"]] += _money(line["amount"])
    return totals


def _programmes(
    snapshot: dict[str, Any], dimensions: list[DimensionBlock]
) -> tuple[int, dict[str, str]]:
    """Fills each dimension's programme table; returns the count and each code's lead."""
    by_code = {block.code: block for block in dimensions}
    totals = _funding(snapshot)
    roadmap = snapshot.get("roadmap", {})
    leads: dict[str, str] = {}
    rows = sorted(snapshot.get("programmes", {}).items(), key=lambda item: item[1]["code"])
    for key, p in rows:
        name = f"{p['code']} {p['name']}".strip()
        plan = roadmap.get(key, {})
        leads[p["code"]] = p.get("lead_agency") or ""
        block = by_code.get(p["dimension"])
        if block is None:
            block = DimensionBlock(p["dimension"], p["dimension"])
            by_code[p["dimension"]] = block
            dimensions.append(block)
        block.programmes.append(
            ProgrammeRow(
                code=p["code"],
                name=p["name"],
                lead=p.get("lead_agency") or "–",
                supports="; ".join(p.get("supports", [])) or "–",
                partners="; ".join(p.get("partners", [])) or "–",
                horizon=_horizon_label(p.get("horizon", "")),
                years=f"{plan.get('start_year') or '–'}–{plan.get('end_year') or '–'}",
                funding=rupiah(totals.get(name, Decimal(0))),
                goals="; ".join(p.get("goals", [])),
            )
        )
    return len(rows), leads


def _gantt(snapshot: dict[str, Any], names: dict[str, str]) -> list[GanttBar]:
    programmes = snapshot.get("programmes", {})
    bars = []
    for key, plan in sorted(snapshot.get("roadmap", {}).items(), key=lambda i: i[1]["programme"]):
        if not plan.get("start_year") or not plan.get("end_year"):
            continue
        start = plan["start_year"] + ((plan.get("start_quarter") or 1) - 1) / 4
        end = plan["end_year"] + (plan.get("end_quarter") or 4) / 4
        code = programmes.get(key, {}).get("dimension", "")
        bars.append(GanttBar(plan["programme"], names.get(code, code), start, end))
    return bars


def _roadmap(
    snapshot: dict[str, Any], years: list[int], dimensions: list[DimensionBlock]
) -> list[tuple[str, list[str]]]:
    programmes = snapshot.get("programmes", {})
    cells: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for key, plan in snapshot.get("roadmap", {}).items():
        p = programmes.get(key)
        if p is None or not plan.get("start_year"):
            continue
        for year in years:
            if plan["start_year"] <= year <= (plan.get("end_year") or plan["start_year"]):
                cells[p["dimension"]][year].append(p["code"])
    return [
        (block.name, [", ".join(sorted(cells[block.code][year])) or "–" for year in years])
        for block in dimensions
    ]


def _quick_wins(
    snapshot: dict[str, Any], leads: dict[str, str]
) -> tuple[list[str], list[QuickWin]]:
    section = snapshot.get("quickwins", {})
    criteria = {
        key.removeprefix("criterion-"): row["name"]
        for key, row in section.items()
        if key.startswith("criterion-")
    }
    wins = []
    for key, row in sorted(section.items(), key=lambda i: str(i[1].get("programme", ""))):
        if not key.startswith("scores-") or not row.get("is_quick_win"):
            continue
        code, _sep, name = str(row["programme"]).partition(" ")
        scores = [(criteria.get(k, k), str(row.get(f"score:{k}", "–"))) for k in sorted(criteria)]
        wins.append(QuickWin(code, name, leads.get(code, "") or "–", scores))
    return [criteria[k] for k in sorted(criteria)], wins


def _budget(
    snapshot: dict[str, Any],
) -> tuple[
    list[str], list[tuple[str, list[str], str]], list[tuple[int, dict[str, Decimal]]], Decimal
]:
    by_year: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in snapshot.get("funding", {}).values():
        by_year[int(line["year"])][line["source"]] += _money(line["amount"])
    sources = sorted({source for row in by_year.values() for source in row})
    rows = []
    grand = Decimal(0)
    ordered = sorted(by_year.items())
    for year, amounts in ordered:
        total = sum(amounts.values(), Decimal(0))
        grand += total
        rows.append((str(year), [rupiah(amounts.get(s, 0)) for s in sources], rupiah(total)))
    if rows:
        totals = [
            rupiah(sum((a.get(s, Decimal(0)) for _y, a in ordered), Decimal(0))) for s in sources
        ]
        rows.append((_("Total"), totals, rupiah(grand)))
    labels = [_source_label(s) for s in sources]
    by_label = [(y, {_source_label(s): v for s, v in a.items()}) for y, a in ordered]
    return labels, rows, by_label, grand


def _agencies(snapshot: dict[str, Any]) -> list[tuple[str, int, int]]:
    led: dict[str, int] = defaultdict(int)
    supported: dict[str, int] = defaultdict(int)
    for p in snapshot.get("programmes", {}).values():
        if p.get("lead_agency"):
            led[p["lead_agency"]] += 1
        for support in p.get("supports", []):
            supported[support.split(":")[0].strip()] += 1
    return [(name, led[name], supported[name]) for name in sorted(set(led) | set(supported))]


def _number(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return formats.number_format(value.normalize(), use_l10n=True, force_grouping=True)


def _indicators(masterplan: Masterplan, years: list[int]) -> list[IndicatorRow]:
    rows = []
    for indicator in monitoring_queries.indicators_of(masterplan):
        targets = {t.year: t.value for t in indicator.targets.all() if t.quarter is None}
        rows.append(
            IndicatorRow(
                code=indicator.code,
                name=indicator.name,
                level=indicator.get_level_display(),
                unit=indicator.unit,
                baseline=_number(indicator.baseline_value),
                targets=[_number(targets.get(year)) for year in years],
                agency=indicator.responsible_agency.name if indicator.responsible_agency else "–",
            )
        )
    return rows


def _status_rule(masterplan: Masterplan) -> str:
    limits = monitoring_queries.thresholds_of(masterplan)
    return _(
        "An indicator is on track when its achievement is at least %(on_track)s %% of its "
        "target, at risk from %(at_risk)s %%, and behind below that. A programme, a dimension "
        "and the masterplan take the weighted mean of the scores below them."
    ) % {"on_track": _number(limits.on_track), "at_risk": _number(limits.at_risk)}


def _team(snapshot: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    rows = []
    for member in snapshot.get("team", {}).values():
        decree = member.get("decree_number") or ""
        if member.get("decree_date"):
            date = dt.date.fromisoformat(member["decree_date"])
            decree = f"{decree} ({formats.date_format(date, 'j F Y')})".strip()
        rows.append(
            (
                member["name"],
                member.get("position") or "",
                str(dict(TeamMember.Body.choices).get(member.get("body"), "")),
                decree or "–",
            )
        )
    return sorted(rows)


def _legal_basis(snapshot: dict[str, Any]) -> str:
    facts = snapshot.get("masterplan", {}).get("masterplan", {})
    if not facts.get("regulation_number"):
        return ""
    kind = str(dict(Masterplan.RegulationType.choices).get(facts.get("regulation_type"), ""))
    text = f"{kind} {facts['regulation_number']}".strip()
    if facts.get("regulation_date"):
        day = dt.date.fromisoformat(facts["regulation_date"])
        text += " " + _("dated %(date)s") % {"date": formats.date_format(day, "j F Y")}
    return text


def build(
    masterplan: Masterplan,
    *,
    version: MasterplanVersion | None = None,
    texts: dict[str, str] | None = None,
    language: str = "id",
) -> Document:
    """The document of ``masterplan`` (of ``version``'s snapshot when given) in ``language``."""
    with translation.override(language):
        snapshot = upgrade(version.snapshot) if version is not None else take_snapshot(masterplan)
        return _build(masterplan, snapshot, version, texts or {}, language)


def _build(
    masterplan: Masterplan,
    snapshot: dict[str, Any],
    version: MasterplanVersion | None,
    texts: dict[str, str],
    language: str,
) -> Document:
    facts = snapshot.get("masterplan", {}).get("masterplan", {})
    start = int(facts.get("start_year") or masterplan.start_year)
    length = int(facts.get("years") or masterplan.years)
    years = list(range(start, start + length))
    framework = dimensions_of(masterplan)
    names = {d.code: d.name for d in framework}
    vision, missions, policies = _strategy(snapshot)
    dimensions = [DimensionBlock(d.code, d.name, policies.get(d.code, "")) for d in framework]
    count, leads = _programmes(snapshot, dimensions)
    criteria, wins = _quick_wins(snapshot, leads)
    sources, budget_rows, by_year, grand = _budget(snapshot)
    stamp = version.created if version is not None else EPOCH
    region = masterplan.region
    return Document(
        language=language,
        title=facts.get("title") or masterplan.title,
        region_name=region.name,
        province_name=region.province.name if region.province else "",
        period=_period(start, length),
        start_year=start,
        years=years,
        version_label=(
            _("Version %(number)s") % {"number": version.number}
            if version
            else str(masterplan.get_status_display())
        ),
        stamp=stamp,
        date_text=formats.date_format(stamp.date(), "j F Y") if version else "",
        texts=texts,
        legal_basis=_legal_basis(snapshot),
        readiness=_readiness(masterplan, names),
        vision=vision,
        missions=missions,
        dimensions=dimensions,
        programme_count=count,
        roadmap=_roadmap(snapshot, years, dimensions),
        gantt=_gantt(snapshot, names),
        quick_wins=wins,
        criteria=criteria,
        indicators=_indicators(masterplan, years),
        status_rule=_status_rule(masterplan),
        team=_team(snapshot),
        agencies=_agencies(snapshot),
        budget_sources=sources,
        budget_rows=budget_rows,
        budget_by_year=by_year,
        budget_total=rupiah(grand),
        budget_total_words=rupiah_in_words(int(grand)),
        ceilings=[
            (str(row["year"]), rupiah(_money(row["amount"])))
            for row in sorted(snapshot.get("budget", {}).values(), key=lambda r: r["year"])
        ],
        consultation=annexes.consultation_of(masterplan),
    )
