from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfigConfig(AppConfig):
    """Holds the project-wide management commands (reference data, demo)."""

    name = "kotacerdas.config"
    label = "kotacerdas_config"
    verbose_name = _("Configuration")
