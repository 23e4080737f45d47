"""Back-office views of selection campaigns (read-mostly; changes go through the pages)."""

from django.contrib import admin

from .models import Application, Campaign, CampaignCriterion, RankingEntry


class CriterionInline(admin.TabularInline):
    model = CampaignCriterion
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "status", "quota", "deadline")
    list_filter = ("status", "year")
    inlines = [CriterionInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("region", "campaign", "status", "self_score", "verified_score")
    list_filter = ("status", "campaign")
    raw_id_fields = ("region", "assessment")


@admin.register(RankingEntry)
class RankingEntryAdmin(admin.ModelAdmin):
    list_display = ("campaign", "rank", "region", "total", "selected")
    list_filter = ("campaign", "selected")
