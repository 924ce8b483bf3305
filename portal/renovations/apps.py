from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RenovationsConfig(AppConfig):
    name = "portal.renovations"
    label = "renovations"
    verbose_name = _("Renovation cases")

    def ready(self):
        from . import signals  # noqa: F401  (opens a case for every renovation application)
