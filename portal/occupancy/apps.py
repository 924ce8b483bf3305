from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OccupancyConfig(AppConfig):
    name = "portal.occupancy"
    label = "occupancy"
    verbose_name = _("Occupancy registrations")
