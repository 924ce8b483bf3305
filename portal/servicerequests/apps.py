from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceRequestsConfig(AppConfig):
    name = "portal.servicerequests"
    label = "servicerequests"
    verbose_name = _("Requests and suggestions")
