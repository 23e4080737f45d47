from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, Invitation, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    raw_id_fields = ["region", "agency"]
    exclude = ["created_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "email", "first_name", "last_name", "is_active"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "key_id", "created", "last_used", "revoked_at"]
    readonly_fields = ["user", "key_id", "created", "last_used"]
    exclude = ["key_hash"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "region", "agency", "status", "created", "answered_at"]
    list_filter = ["status", "role"]
    raw_id_fields = ["user", "region", "agency"]
    readonly_fields = ["created_by", "answered_at"]
