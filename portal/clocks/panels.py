"""我的提醒: the user's unread alerts on their Wagtail dashboard, newest first, each linking
to what it is about (opening one marks it read)."""

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from portal.casework.viewsets.answers import shanghai

from . import services

PANEL_ROWS = 10


class MyAlertsPanel(Component):
    name = "clocks_my_alerts"
    order = 40
    template_name = "clocks/admin/panels/alerts.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        receipts = list(services.unread_for(self.request.user)[: PANEL_ROWS + 1])
        return {
            "heading": _("My alerts"),
            "rows": [
                {
                    "receipt": receipt,
                    "alert": receipt.alert,
                    "sent_at": shanghai(receipt.alert.sent_at),
                    "url": reverse("clocks:open_alert", args=(receipt.pk,)),
                }
                for receipt in receipts[:PANEL_ROWS]
            ],
            "has_more": len(receipts) > PANEL_ROWS,
            "mark_all_url": reverse("clocks:mark_all_read"),
            # Panels render outside the page's RequestContext: the form needs its token given.
            "csrf_token": get_token(self.request),
        }


def add_panels(request, panels) -> None:
    """Shown to every member of staff who has unread alerts."""
    if request.user.is_authenticated and services.unread_for(request.user).exists():
        panels.append(MyAlertsPanel(request))
