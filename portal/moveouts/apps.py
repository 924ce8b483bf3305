from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MoveOutsConfig(AppConfig):
    name = "portal.moveouts"
    label = "moveouts"
    verbose_name = _("Tenant move-outs")

    def ready(self):
        from . import signals  # noqa: F401  (opens a case for every move-out notice)
