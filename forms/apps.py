from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    name = "forms"
    label = "owner_forms"
    verbose_name = _("Owner applications")

    def ready(self):
        # Register every wizard with forms.registry.
        from . import wizards  # noqa: F401
