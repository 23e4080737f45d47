"""The public portal under /publik/ (namespace ``portal``): no login, read only."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.region_list, name="region_list"),
    path("data.json", views.catalogue, name="catalogue"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("kamus-data/", views.dictionary, name="dictionary"),
    path("kamus-data.json", views.dictionary_json, name="dictionary_json"),
    path("wilayah/<str:code>/", views.region_detail, name="region_detail"),
    path("wilayah/<str:code>/program/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("wilayah/<str:code>/dokumen/<int:pk>/", views.document_download, name="document_download"),
    path("wilayah/<str:code>/data/<slug:table>.csv", views.table_csv, name="table_csv"),
    path("wilayah/<str:code>/data/<slug:table>.json", views.table_json, name="table_json"),
]
