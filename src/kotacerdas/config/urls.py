from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from kotacerdas.api.api import api

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("kotacerdas.accounts.urls")),
    path("regions/", include("kotacerdas.regions.urls")),
    path("notifications/", include("kotacerdas.notifications.urls")),
    path("jobs/", include("kotacerdas.jobs.urls")),
    path("framework/", include("kotacerdas.framework.urls")),
    path("", include("kotacerdas.readiness.urls")),
    path("", include("kotacerdas.selection.urls")),
    path("", include("kotacerdas.planning.urls")),
    path("", include("kotacerdas.monitoring.urls")),
    path("", include("kotacerdas.portal.urls_consultation")),
    path("", include("kotacerdas.portal.urls_library")),
    path("", include("kotacerdas.evaluation.urls")),
    path("", include("kotacerdas.evaluation.urls_spbe")),
    path("publik/", include("kotacerdas.portal.urls")),
    path("", include("kotacerdas.documents.urls")),
    path("", include("kotacerdas.guidance.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# No public media URL, not even with DEBUG on: every file is served by a view that
# checks the object it belongs to (lib.files.serve).

handler400 = "kotacerdas.config.views.bad_request"
handler403 = "kotacerdas.config.views.permission_denied"
handler404 = "kotacerdas.config.views.page_not_found"
handler500 = "kotacerdas.config.views.server_error"
