from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kotacerdas.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(
            models.User,
            include_fields=["username", "email", "first_name", "last_name", "is_active"],
        )
        auditlog.register(models.Membership, exclude_fields=["updated", "version"])
        auditlog.register(models.Invitation, exclude_fields=["updated", "version"])
        auditlog.register(models.ApiToken, include_fields=["name", "revoked_at"])
