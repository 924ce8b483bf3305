from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowUpsConfig(AppConfig):
    name = "portal.followups"
    label = "followups"
    verbose_name = _("Follow-up calls")

    def ready(self):
        from portal.clocks.registry import register

        from .clocks import FOLLOW_UP_CLOCK

        register(FOLLOW_UP_CLOCK)
