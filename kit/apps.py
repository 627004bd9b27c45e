from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KitConfig(AppConfig):
    """Domain-free helpers: text, fields, widgets, template tags, formats,
    middleware, health and backup."""

    name = "kit"
    verbose_name = _("Operations")
