from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OccupancyConfig(AppConfig):
    name = "portal.occupancy"
    label = "occupancy"
    verbose_name = _("Occupancy registrations")

    def ready(self):
        from . import signals  # noqa: F401  (opens a case for every occupancy application)
