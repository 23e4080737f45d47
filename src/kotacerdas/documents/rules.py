"""Who may read, write and generate a masterplan's document.

The document page, its chapter texts and the generated files of a masterplan that is not
published stay inside the region: those who may read the region's data see them. Once the
masterplan is published, every signed-in user may download the files generated from its
published version (the latest approved one); the files generated from the working draft or
from an older version stay inside the region (an anonymous visitor never downloads here:
files are served to signed-in users only; the portal serves the public ones). The region's
coordinator (and national admins) writes the chapters (while the masterplan is a draft),
uploads the region's Word template and generates documents.

Objects reach their masterplan through ``masterplan``; a ``RegionTemplate`` through its
region.

Reports (``GeneratedReport``) follow the pages their data comes from: whoever may read a
region's monitoring dashboard (its members, its province's viewers, its assessors, national
admins) generates and downloads the region's reports; nobody else, never an anonymous
visitor. Their object is the region (to generate) or the report (to download). The ranking
of a selection campaign (a report with a campaign and no region) is generated and read by
those who manage the campaign (national admins) only. An evaluation's report is generated
and read by national admins and the assessors assigned to it, and by the region's readers
once the evaluation is published, never before and never by another region. An SPBE
assessment's report is generated and read by the region's readers (and national admins)
once the assessment is submitted; to anyone else the assessment is not there (404).
"""

from __future__ import annotations

from typing import Any

import rules

from kotacerdas.accounts.models import Role
from kotacerdas.accounts.rules import can_view_region_data, is_authenticated, is_national_admin
from kotacerdas.accounts.scope import scope_of
from kotacerdas.evaluation import rules as evaluation_rules


def masterplan_of(obj: Any) -> Any:
    if obj is None:
        return None
    if obj.__class__.__name__ == "Masterplan":
        return obj
    return getattr(obj, "masterplan", None)


def region_id_of(obj: Any) -> int | None:
    if obj is None:
        return None
    if obj.__class__.__name__ == "Region":
        return int(obj.pk)
    if obj.__class__.__name__ == "RegionTemplate":
        return int(obj.region_id)
    masterplan = masterplan_of(obj)
    return None if masterplan is None else int(masterplan.region_id)


@rules.predicate
def reads_region(user: Any, obj: Any) -> bool:
    masterplan = masterplan_of(obj)
    if masterplan is not None:
        return bool(can_view_region_data(user, masterplan.region))
    if obj is not None and obj.__class__.__name__ == "RegionTemplate":
        return bool(can_view_region_data(user, obj.region))
    return obj is not None and bool(can_view_region_data(user, obj))


@rules.predicate
def is_published(user: Any, obj: Any) -> bool:
    masterplan = masterplan_of(obj)
    return masterplan is not None and masterplan.status == "published"


@rules.predicate
def is_published_version_file(user: Any, obj: Any) -> bool:
    """``obj`` is a generated document of the published masterplan's published version."""
    version = getattr(obj, "masterplan_version", None)
    if version is None or not is_published(user, obj):
        return False
    newer = version.__class__.objects.filter(
        masterplan_id=version.masterplan_id, number__gt=version.number
    )
    return not newer.exists()


@rules.predicate
def is_draft(user: Any, obj: Any) -> bool:
    masterplan = masterplan_of(obj)
    return masterplan is not None and masterplan.status == "draft"


@rules.predicate
def is_coordinator(user: Any, obj: Any) -> bool:
    region = region_id_of(obj)
    return region is not None and scope_of(user).has_role(Role.REGION_COORDINATOR, region)


@rules.predicate
def reads_report_region(user: Any, obj: Any) -> bool:
    if obj is None:
        return False
    if getattr(obj, "campaign_id", None) is not None:  # a campaign's ranking
        return bool(user.has_perm("selection.manage_campaign", obj.campaign))
    if getattr(obj, "evaluation_id", None) is not None:  # an evaluation's report
        return bool(reads_evaluation_report(user, obj.evaluation))
    region = obj if obj.__class__.__name__ == "Region" else getattr(obj, "region", None)
    return region is not None and bool(can_view_region_data(user, region))


# The evaluation's report: its assessors and national admins always, the region's readers
# once the result is published (never another region, even then).
reads_evaluation_report = (
    is_national_admin
    | evaluation_rules.is_assigned
    | (evaluation_rules.can_read & evaluation_rules.is_published)
)

rules.add_perm("documents.view_documents", is_authenticated & reads_region)
rules.add_perm(
    "documents.view_generated_document",
    is_authenticated & (reads_region | is_published_version_file),
)
rules.add_perm("documents.generate_document", is_authenticated & is_coordinator)
rules.add_perm("documents.change_chapter_text", is_authenticated & is_draft & is_coordinator)
rules.add_perm("documents.change_region_template", is_authenticated & is_coordinator)
rules.add_perm("documents.generate_report", is_authenticated & reads_report_region)
rules.add_perm("documents.view_report", is_authenticated & reads_report_region)
rules.add_perm("documents.evaluation_report", is_authenticated & reads_evaluation_report)
