"""Who may read the monitoring dashboards (registered with ``rules``; imported by
``monitoring/rules.py`` so they exist before any page asks).

- the region dashboard and an agency's report card: whoever may read the region's data
  (its members, its province's viewers, its assessors, national admins);
- a province's dashboard: national admins and the viewers of that province;
- the national dashboard and summary: national admins only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

import rules

from kotacerdas.accounts.rules import can_view_region_data, is_authenticated, is_national_admin
from kotacerdas.accounts.scope import scope_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kotacerdas.accounts.models import User

Who: TypeAlias = "User | AnonymousUser"


@rules.predicate
def views_province(user: Who, province: Any) -> bool:
    """A viewer of this province (``province`` is the province's Region)."""
    if province is None or getattr(province, "kind", None) != "province":
        return False
    return province.pk in scope_of(user).provinces


rules.add_perm("monitoring.view_region_dashboard", is_authenticated & can_view_region_data)
rules.add_perm("monitoring.view_province_dashboard", is_national_admin | views_province)
rules.add_perm("monitoring.view_national_dashboard", is_national_admin)
