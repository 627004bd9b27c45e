from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Emulation and commendation")

    def ready(self):
        # registers the commendation documents with the pipeline, and the
        # models and commendations with the yearly review and the summary
        from emulation import kinds, selectors  # noqa: F401
