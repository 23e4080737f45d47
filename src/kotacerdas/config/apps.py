from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ConfigConfig(AppConfig):
    """Holds the project-wide management commands (reference data, demo)."""

    name = "kotacerdas.config"
    label = "kotacerdas_config"
    verbose_name = _("Configuration")

    def ready(self) -> None:
        from kotacerdas.lib.sqlite import use_real_variable_limit

        connection_created.connect(use_real_variable_limit, dispatch_uid="sqlite_variable_limit")
