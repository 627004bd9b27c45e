from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from kit.collation import register_sqlite_collation


class KitConfig(AppConfig):
    """Domain-free helpers: text, fields, widgets, template tags, formats,
    middleware, health and backup."""

    name = "kit"
    verbose_name = _("Operations")

    def ready(self):
        # SQLite sorts names in Vietnamese order with the same key as Python.
        connection_created.connect(register_sqlite_collation, dispatch_uid="kit.vi_collation")
