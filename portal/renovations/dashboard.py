"""The project manager's dashboard panel: renovations waiting for approval, overdue first (RN-10)."""

from django.db.models import Case, IntegerField, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from portal.policies import adapter

from . import services
from .models import RenovationCase

PANEL_ROWS = 10


class AwaitingApprovalPanel(Component):
    name = "renovations_awaiting_approval"
    order = 60
    template_name = "renovations/admin/panels/awaiting_approval.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        today = adapter.today()
        overdue_first = Case(When(approval_due__lt=today, then=0), default=1, output_field=IntegerField())
        cases = list(
            RenovationCase.objects.awaiting_approval()
            .select_related("submission__applicant", "submission__unit__building")
            .order_by(overdue_first, "approval_due", "id")[: PANEL_ROWS + 1]
        )
        return {
            "heading": _("Renovations waiting for approval"),
            "rows": [
                {"case": case, "url": reverse("renovations_case:inspect", args=(case.pk,)), "overdue": case.is_overdue}
                for case in cases[:PANEL_ROWS]
            ],
            "overdue_count": RenovationCase.objects.overdue(today).count(),
            "has_more": len(cases) > PANEL_ROWS,
            "more_url": reverse("renovations_case:index") + "?state=complete",
        }


def add_panels(request, panels) -> None:
    """The panel for those who approve renovations (RN-10: the project manager)."""
    if request.user.has_perm(services.APPROVE_PERMISSION) and services.may_view(request.user):
        panels.append(AwaitingApprovalPanel(request))
