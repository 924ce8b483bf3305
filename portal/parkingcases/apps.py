from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParkingCasesConfig(AppConfig):
    name = "portal.parkingcases"
    label = "parkingcases"
    verbose_name = _("Parking applications")
