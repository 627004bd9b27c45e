from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_directory_triggers(sender, using, **kwargs):
    # After every migrate: SQLite drops a table's triggers when a migration rebuilds it.
    from django.db import connections

    from coordination import directory

    directory.install(connections[using])


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Steering committee")

    def ready(self):
        from coordination import audit  # noqa: F401  (signal receivers)

        post_migrate.connect(_install_directory_triggers, sender=self, dispatch_uid="coordination-directory-triggers")
