"""The dashboard panel 待回复的需求与建议: for the desk, the requests and suggestions still
waiting for their reply, the soonest due first (RQ-1, RQ-3). One query."""

from django.db.models import Case, DateTimeField, F, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from portal.casework.viewsets.answers import shanghai

from . import services
from .models import AWAITING_REPLY, RequestState, ServiceRequest

PANEL_ROWS = 10


class RequestsDuePanel(Component):
    name = "servicerequests_due"
    order = 46
    template_name = "servicerequests/admin/panels/requests.html"
    heading = _("Requests and suggestions due")

    def __init__(self, request):
        self.request = request
        self.now = timezone.now()

    def get_context_data(self, parent_context=None):
        # The next deadline that runs: forwarding while nobody has forwarded it, else the reply.
        next_due = Case(
            When(state=RequestState.RECEIVED, then=F("forward_by")), default=F("reply_by"),
            output_field=DateTimeField(),
        )
        rows = (
            ServiceRequest.objects.filter(state__in=AWAITING_REPLY)
            .select_related("unit__building")
            .annotate(next_due=next_due)
            .order_by("next_due", "pk")[:PANEL_ROWS]
        )
        return {
            "heading": self.heading,
            "more_url": reverse("servicerequests_request:index") + "?overdue=true",
            "rows": [
                {
                    "reference": row.reference,
                    "url": reverse("servicerequests_request:inspect", args=(row.pk,)),
                    "what": f"{row.get_kind_display()} · {row.unit or row.contact_name}",
                    "due": shanghai(row.next_due),
                    "overdue": row.next_due < self.now,
                }
                for row in rows
            ],
        }


def add_panels(request, panels) -> None:
    if services.may_handle(request.user):
        panels.append(RequestsDuePanel(request))
