"""Permissions of the catalogue: published instruments are public, drafts national only.

Loading a catalogue file (``framework.manage_framework``, in ``accounts.rules``), uploading
an instrument and publishing one are the national admin's; commands do them as ``SYSTEM``.
"""

from __future__ import annotations

import rules
from django.contrib.auth.models import AnonymousUser

from kotacerdas.accounts.models import User
from kotacerdas.accounts.rules import is_national_admin

from .models import Instrument


@rules.predicate
def is_published(user: User | AnonymousUser, obj: Instrument | None) -> bool:
    return obj is not None and obj.published_at is not None


rules.add_perm("framework.view_instrument", is_published | is_national_admin)
rules.add_perm("framework.upload_instrument", is_national_admin)
rules.add_perm("framework.publish_instrument", is_national_admin)
