"""本月访问 on the admin dashboard: the assistant's households visited this month against the VS-2 quota."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from portal.policies.adapter import today

from . import services, stats


class VisitQuotaPanel(Component):
    name = "visits_quota"
    order = 71
    template_name = "visits/admin/panels/quota.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        day = today()
        return {"heading": _("This month's visits"), "row": stats.quota_for(self.request.user, day.year, day.month)}


def add_panels(request, panels) -> None:
    if services.may_record(request.user):
        panels.append(VisitQuotaPanel(request))
