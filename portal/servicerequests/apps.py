from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceRequestsConfig(AppConfig):
    name = "portal.servicerequests"
    label = "servicerequests"
    verbose_name = _("Requests and suggestions")

    def ready(self):
        from portal.clocks.registry import register

        from . import signals  # noqa: F401  (records every request sent online)
        from .clocks import CLOCKS

        for clock in CLOCKS:
            register(clock)
