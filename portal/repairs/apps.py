from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepairsConfig(AppConfig):
    name = "portal.repairs"
    label = "repairs"
    verbose_name = _("Repairs")

    def ready(self):
        from portal.clocks.registry import register

        from . import signals  # noqa: F401  (opens an order for every repair report)
        from .clocks import CLOCKS

        for clock in CLOCKS:
            register(clock)
