from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CensusConfig(AppConfig):
    name = "portal.census"
    label = "census"
    verbose_name = _("Property status census")

    def ready(self):
        from .clocks import register_clocks

        register_clocks()
