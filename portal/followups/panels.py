"""客户回访 on the dashboard: the follow-up calls due today or overdue, for those who make them."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from portal.casework.viewsets.answers import shanghai

from . import services
from .models import FollowUp

PANEL_ROWS = 10


class DueFollowUpsPanel(Component):
    name = "followups_due"
    order = 70
    template_name = "followups/admin/panels/due.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        now = timezone.now()
        followups = list(FollowUp.objects.due_today(now).select_related("unit__building")[: PANEL_ROWS + 1])
        return {
            "heading": _("Follow-up calls due"),
            "rows": [
                {
                    "followup": followup,
                    "url": reverse("followups_followup:inspect", args=(followup.pk,)),
                    "due": shanghai(followup.due_by),
                    "overdue": followup.is_overdue(now),
                }
                for followup in followups[:PANEL_ROWS]
            ],
            "has_more": len(followups) > PANEL_ROWS,
            "more_url": reverse("followups_followup:index") + "?state=overdue",
        }


def add_panels(request, panels) -> None:
    if services.may_record(request.user):
        panels.append(DueFollowUpsPanel(request))
