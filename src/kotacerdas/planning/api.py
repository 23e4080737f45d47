"""JSON API of the planning app, assembled from its slices' routers (paths and operation ids
are those the API had before the slices: keep them)."""

from ninja import Router

from kotacerdas.accounts.api_auth import SIGNED_IN

from .masterplans.api import router as masterplans
from .programmes.api import router as programmes
from .quickwins.api import router as quickwins
from .review.api import router as review
from .roadmap.api import router as roadmap

router = Router(tags=["planning"], auth=SIGNED_IN)
for part in (masterplans, programmes, review, roadmap, quickwins):
    router.add_router("", part)
