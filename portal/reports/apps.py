from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "portal.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # The reports register themselves on import.
        from . import catalogue  # noqa: F401
