"""Permissions of the catalogue: published instruments are public, drafts national only."""

from __future__ import annotations

from typing import Any

import rules

from kotacerdas.accounts.rules import is_national_admin


@rules.predicate
def is_published(user: Any, obj: Any) -> bool:
    return obj is not None and obj.published_at is not None


rules.add_perm("framework.view_instrument", is_published | is_national_admin)
rules.add_perm("framework.publish_instrument", is_national_admin)
