from django.contrib import admin

from .models import Agency, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "is_active", "time_zone"]
    list_filter = ["kind", "is_active", "time_zone"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "kind", "province", "created", "updated"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "region", "kind", "retired_at"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym", "region__name"]
    raw_id_fields = ["region", "merged_into"]
