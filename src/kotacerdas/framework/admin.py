from django.contrib import admin

from .models import Dimension, Element, FrameworkVersion


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0
    fields = ("position", "code", "name_id", "name_en")
    readonly_fields = fields
    can_delete = False


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["profile", "number", "name_id", "locked_at"]
    readonly_fields = ["profile", "number", "checksum", "created", "updated"]
    inlines = [DimensionInline]


@admin.register(Element)
class ElementAdmin(admin.ModelAdmin):
    list_display = ["code", "name_id", "dimension"]
    list_filter = ["dimension__framework"]
    readonly_fields = ["dimension", "code", "position"]
