from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MoveInsConfig(AppConfig):
    name = "portal.moveins"
    label = "moveins"
    verbose_name = _("Move-in handovers")

    def ready(self):
        from . import signals  # noqa: F401  (opens a case for every move-in application)
