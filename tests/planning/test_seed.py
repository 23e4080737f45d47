"""The demo masterplan of Kota Bengkulu is seeded once and left alone afterwards."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command

from kotacerdas.config.management.demo_planning import DEMO_TITLE
from kotacerdas.planning.models import FundingLine, Masterplan, ProgrammeSupport


def _state() -> tuple[int, ...]:
    plan = Masterplan.objects.get(title=DEMO_TITLE)
    return (
        plan.programmes.count(),
        plan.programmes.values("dimension").distinct().count(),
        plan.missions.count(),
        FundingLine.objects.count(),
        ProgrammeSupport.objects.count(),
        plan.version,
    )


def test_demo_masterplan_is_idempotent(db: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    first = _state()
    assert first[:3] == (12, 6, 2)
    call_command("seed_demo", stdout=StringIO())
    assert _state() == first
    assert Masterplan.objects.get(title=DEMO_TITLE).vision.text.startswith("Bengkulu")
    served = (
        Masterplan.objects.get(title=DEMO_TITLE).programmes.filter(goals__isnull=False).distinct()
    )
    assert sorted(served.values_list("code", flat=True)) == [
        "ECO-01",
        "ECO-02",
        "GOV-01",
        "GOV-02",
        "LIV-01",
    ]


def test_every_page_of_the_demo_masterplan_renders(db: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    from kotacerdas.accounts.models import User

    call_command("seed_demo", stdout=StringIO())
    plan = Masterplan.objects.get(title=DEMO_TITLE)
    client = Client()
    client.force_login(User.objects.get(username="koordinator"))
    names = (
        "masterplan_detail",
        "team_list",
        "stakeholder_list",
        "strategy_detail",
        "programme_list",
        "agency_matrix",
        "budget_view",
        "roadmap_view",
        "quickwin_view",
        "quickwin_weights",
        "version_list",
        "programme_create",
        "masterplan_submit",
    )
    for name in names:
        response = client.get(reverse(f"planning:{name}", kwargs={"pk": plan.pk}))
        assert response.status_code == 200, name
    programme = plan.programmes.get(code="LIV-01")
    for name in ("programme_detail", "programme_edit"):
        assert (
            client.get(reverse(f"planning:{name}", kwargs={"pk": programme.pk})).status_code == 200
        )
    budget = client.get(reverse("planning:budget_view", kwargs={"pk": plan.pk})).content.decode()
    assert "Rp " in budget


def test_bench_masterplan_is_made_once(db: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("seed_bench_masterplan", "--programmes", "30", stdout=out)
    plan = Masterplan.objects.get(pk=int(out.getvalue()))
    assert plan.programmes.count() == 30
    assert plan.programmes.filter(quick_win_scores__isnull=False).distinct().count() == 30
    call_command("seed_bench_masterplan", "--programmes", "30", stdout=StringIO())
    assert Masterplan.objects.filter(title=plan.title).count() == 1
    assert plan.programmes.count() == 30
