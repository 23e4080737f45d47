"""Seeds a demo region (Kota Bengkulu) with one user per role. Idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kotacerdas.accounts.actors import SYSTEM, acting
from kotacerdas.accounts.models import Membership, Role, User
from kotacerdas.evaluation import demo as evaluation_demo
from kotacerdas.evaluation.spbe_demo import seed_spbe
from kotacerdas.guidance import demo as guidance_demo
from kotacerdas.monitoring import demo as monitoring_demo
from kotacerdas.planning.models import Masterplan
from kotacerdas.readiness import demo as readiness_demo
from kotacerdas.regions.models import Agency, Region
from kotacerdas.regions.services import activate_region

from ..demo_planning import DEMO_TITLE, seed_masterplan

DEMO_REGION = "17.71"  # Kota Bengkulu
DEMO_PASSWORD = "kotacerdas-demo"  # noqa: S105 - demo only, printed for the reader

# username, role, region code (None: national), agency code
DEMO_USERS: tuple[tuple[str, Role, str | None, str | None], ...] = (
    ("admin", Role.NATIONAL_ADMIN, None, None),
    ("asesor", Role.ASSESSOR, DEMO_REGION, None),
    ("provinsi", Role.PROVINCE_VIEWER, "17", None),
    ("koordinator", Role.REGION_COORDINATOR, DEMO_REGION, None),
    ("diskominfo", Role.AGENCY_EDITOR, DEMO_REGION, "diskominfo"),
    ("dinkes", Role.AGENCY_EDITOR, DEMO_REGION, "dinkes"),
    ("dewan", Role.COUNCIL_MEMBER, DEMO_REGION, None),
)


class Command(BaseCommand):
    help = "Create the demo region Kota Bengkulu and one demo user per role (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default=DEMO_PASSWORD)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            region = Region.objects.get(code=DEMO_REGION)
        except Region.DoesNotExist as exc:
            raise CommandError("Run `manage.py load_reference` first.") from exc
        with transaction.atomic(), acting(SYSTEM):
            activate_region(region, actor=SYSTEM)
            for username, role, code, agency_code in DEMO_USERS:
                self._ensure_user(username, role, code, agency_code, options["password"])
            readiness_demo.seed(region, User.objects.get(username="koordinator"))
            seed_masterplan(region)
            draft = Masterplan.objects.filter(region=region, title=DEMO_TITLE).first()
            monitoring_demo.seed(region, draft)
            evaluation_demo.seed(region, User.objects.get(username="asesor"))
            seed_spbe(region)
            guidance_demo.seed()
        self.stdout.write(f"Demo logins (password: {options['password']}):")
        for username, role, code, _agency in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role.label} {code or ''}")

    def _ensure_user(
        self, username: str, role: Role, code: str | None, agency_code: str | None, password: str
    ) -> None:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@demo.kotacerdas.invalid",
                "first_name": username.capitalize(),
                "is_staff": role == Role.NATIONAL_ADMIN,
                "is_superuser": role == Role.NATIONAL_ADMIN,
            },
        )
        if created:
            user.set_password(password)
            user.save()
        region = Region.objects.get(code=code) if code else None
        agency = Agency.objects.get(region=region, code=agency_code) if agency_code else None
        Membership.objects.get_or_create(user=user, role=role, region=region, agency=agency)
