from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "portal.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        from .groups import sync_group_permissions

        post_migrate.connect(sync_group_permissions, sender=self, dispatch_uid="organisation.sync_group_permissions")
