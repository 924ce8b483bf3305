from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    name = "portal.releases"
    label = "releases"
    verbose_name = _("Goods release")

    def ready(self):
        from . import signals  # noqa: F401  (opens a case for every release-pass application)
