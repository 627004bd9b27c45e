from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Steering committee")

    def ready(self):
        from coordination import audit  # noqa: F401  (signal receivers)
