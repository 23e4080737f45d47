"""Who may run a public consultation and copy programmes from the national library.

A consultation belongs to a draft masterplan's region: the region's coordinator (and national
admins) open it, moderate and answer the aspirations; everyone who reads the region's data
reads the moderation pages. Citizens send aspirations without an account: the service takes
them from anyone while the consultation is open, and checks that itself. Copying a published
programme into a draft is the coordinator's (the planning service checks its own rule too).
"""

from __future__ import annotations

import rules

from kotacerdas.accounts.rules import can_view_region_data, is_region_coordinator

rules.add_perm("portal.view_consultation", can_view_region_data)
rules.add_perm("portal.open_consultation", is_region_coordinator)
rules.add_perm("portal.manage_consultation", is_region_coordinator)
rules.add_perm("portal.moderate_aspiration", is_region_coordinator)
# Public: whether the consultation takes comments now is the service's state check.
rules.add_perm("portal.submit_aspiration", rules.always_allow)
rules.add_perm("portal.copy_programme", is_region_coordinator)
