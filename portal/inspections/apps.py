from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "portal.inspections"
    label = "inspections"
    verbose_name = _("Daily inspections")

    def ready(self):
        from .clocks import register_clocks

        register_clocks()  # IN-3: forward within 30 minutes, check on site by the next day
