from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "portal.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from . import signals  # noqa: F401  (opens a case for every online complaint)
        from .clocks import register_clocks

        register_clocks()
