"""The notices the jobs app sends to a job's owner."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kotacerdas.notifications import kinds

DONE = "jobs.done"
FAILED = "jobs.failed"

kinds.register(DONE, _("Background job done"), _("%(label)s is done."))
kinds.register(FAILED, _("Background job failed"), _("%(label)s failed: %(error)s"))
