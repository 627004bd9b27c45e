from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_rollup_triggers(sender, using, **kwargs):
    # After every migrate: SQLite drops a table's triggers when a migration
    # rebuilds the table (any AlterField), so they are put back each time.
    from django.db import connections

    from activities import rollup, stamps

    rollup.install(connections[using])
    stamps.install(connections[using])


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities")

    def ready(self):
        from activities import signals  # noqa: F401  (history and file clean-up receivers)

        post_migrate.connect(_install_rollup_triggers, sender=self, dispatch_uid="activities-rollup-triggers")
