"""Every page of the planning app, assembled from its slices (names and paths are shared by the
permission table and the browser tests: keep them)."""

from .exchange import urls as exchange
from .masterplans import urls as masterplans
from .programmes import urls as programmes
from .quickwins import urls as quickwins
from .review import urls as review
from .roadmap import urls as roadmap
from .strategy import urls as strategy

app_name = "planning"

urlpatterns = [
    *masterplans.urlpatterns,
    *strategy.urlpatterns,
    *programmes.urlpatterns,
    *quickwins.urlpatterns,
    *roadmap.urlpatterns,
    *review.urlpatterns,
    *exchange.urlpatterns,
]
