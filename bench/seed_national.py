"""The users who open the monitoring pages of the synthetic national data set
(``manage.py generate_national_dataset``), the ids those pages need and what the data set holds.

Used by ``bench/run.py --national`` (``run()`` and ``ids()`` inside ``manage.py shell``) and by
``bench/scaling.py`` (in-process). Everything is looked up by what it is: the subject is the
synthetic masterplan of the first region by code, its first indicator by code and the agency
responsible for it. Idempotent: a second ``run()`` finds the users and memberships it made.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.targets import DEMO_PASSWORD, NATIONAL_USERS

from kotacerdas.accounts.models import Membership, Role, User
from kotacerdas.monitoring.models import Indicator, Realisation
from kotacerdas.monitoring.synthetic import TITLE
from kotacerdas.planning.models import Masterplan
from kotacerdas.regions.models import Agency, Region

# Persona → its role; the usernames are in bench/targets.py, which logs them in.
ROLES = {
    "coordinator": Role.REGION_COORDINATOR,
    "editor": Role.AGENCY_EDITOR,
    "province": Role.PROVINCE_VIEWER,
    "national": Role.NATIONAL_ADMIN,
}


@dataclass(frozen=True)
class Subject:
    """What the personas' pages read: one synthetic masterplan and the objects around it."""

    masterplan: Masterplan
    region: Region
    indicator: Indicator
    agency: Agency


def subject() -> Subject:
    """The synthetic masterplan of the first region by code, its first indicator by code and
    the agency responsible for that indicator."""
    plan = Masterplan.objects.filter(title=TITLE).select_related("region__province")
    masterplan = plan.order_by("region__code").first()
    if masterplan is None:
        raise LookupError("no synthetic masterplan: run generate_national_dataset first")
    indicator = Indicator.objects.filter(masterplan=masterplan).order_by("code").first()
    if indicator is None or indicator.responsible_agency is None:
        raise LookupError(
            f"the synthetic masterplan {masterplan.pk} has no indicator with an agency"
        )
    return Subject(masterplan, masterplan.region, indicator, indicator.responsible_agency)


def setup_personas() -> dict[str, User]:
    """The four personas (persona → user), each with the demo password and one membership:
    coordinator of the subject's region, editor of its agency, viewer of its province and
    national administrator."""
    found = subject()
    scope = {
        "coordinator": (found.region, None),
        "editor": (found.region, found.agency),
        "province": (found.region.province, None),
        "national": (None, None),
    }
    users = {}
    for persona, role in ROLES.items():
        username = NATIONAL_USERS[persona]
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@bench.invalid"}
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        region, agency = scope[persona]
        Membership.objects.get_or_create(user=user, role=role, region=region, agency=agency)
        users[persona] = user
    return users


def run() -> None:
    """Seeds the personas (bench/run.py --national, after generate_national_dataset)."""
    setup_personas()


def ids() -> dict[str, str]:
    """The ids the national targets' paths name (``{nat_region}`` and so on)."""
    found = subject()
    province = found.region.province
    return {
        "nat_region": found.region.code,
        "nat_agency": str(found.agency.pk),
        "nat_indicator": str(found.indicator.pk),
        "nat_masterplan": str(found.masterplan.pk),
        "nat_province": province.code if province else "",
    }


def facts() -> dict[str, int]:
    """What the database holds: regions with a synthetic masterplan, indicators and
    realisations (all of them, the demo's included)."""
    return {
        "masterplans": Masterplan.objects.filter(title=TITLE).count(),
        "indicators": Indicator.objects.count(),
        "realisations": Realisation.objects.count(),
    }
