"""Assembles the JSON API at /api/v1/ from each app's ``api.py``."""

from typing import Any

from ninja import NinjaAPI

from kotacerdas.accounts.api import router as accounts_router
from kotacerdas.accounts.api_auth import SIGNED_IN
from kotacerdas.evaluation.api import router as evaluation_router
from kotacerdas.evaluation.api_spbe import router as spbe_router
from kotacerdas.framework.api import router as framework_router
from kotacerdas.guidance.api import router as guidance_router
from kotacerdas.jobs.api import router as jobs_router
from kotacerdas.monitoring.api import router as monitoring_router
from kotacerdas.monitoring.api_dashboards import router as monitoring_dashboards_router
from kotacerdas.planning.api import router as planning_router
from kotacerdas.portal.api import router as portal_router
from kotacerdas.portal.api_consultation import router as consultation_router
from kotacerdas.readiness.api import router as readiness_router
from kotacerdas.regions.api import router as regions_router
from kotacerdas.selection.api import router as selection_router

from . import errors
from .openapi import document_errors


class KotacerdasAPI(NinjaAPI):
    """The API with every shared error response documented on every operation."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return document_errors(super().get_openapi_schema(*args, **kwargs))


api = KotacerdasAPI(
    title="Kotacerdas API",
    version="1",
    description=(
        "Smart city masterplans of Indonesian regions. Authenticate with the session "
        "(and its CSRF token) or a personal API token: `Authorization: Bearer kc_…`. "
        "Lists take `limit` and `offset`. Every error has the shape "
        '`{"error": {"code", "message", "details": [{"field", "message"}]}}`.'
    ),
    auth=SIGNED_IN,
    urls_namespace="api",
)
errors.install(api)
api.add_router("", accounts_router)
api.add_router("", regions_router)
api.add_router("", framework_router)
api.add_router("", readiness_router)
api.add_router("", selection_router)
api.add_router("", planning_router)
api.add_router("", monitoring_router)
api.add_router("", monitoring_dashboards_router)
api.add_router("", consultation_router)
api.add_router("", evaluation_router)
api.add_router("", spbe_router)
api.add_router("", portal_router)
api.add_router("", jobs_router)
api.add_router("", guidance_router)
