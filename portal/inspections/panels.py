"""今日巡查 on the admin dashboard: the assistant's round of today — not started, in
progress (areas and floors still to cover) or completed — and their findings still open."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from portal.policies.adapter import today

from . import services
from .models import Finding, FindingState


class TodaysInspectionPanel(Component):
    name = "inspections_today"
    order = 70
    template_name = "inspections/admin/panels/today.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        inspection = services.todays_inspection(user)
        open_findings = (
            Finding.objects.filter(inspection__inspector=user, state__in=(FindingState.OPEN, FindingState.FORWARDED))
            .select_related("inspection")
            .order_by("verify_by", "pk")
        )
        return {
            "heading": _("Today's inspection"),
            "day": today(),
            "inspection": inspection,
            "missing": services.missing_for_completion(inspection) if inspection and not inspection.is_completed
            else [],
            "url": reverse("inspections_inspection:inspect", args=(inspection.pk,)) if inspection
            else reverse("inspections_inspection:start"),
            "open_findings": [
                (finding, reverse("inspections_inspection:inspect", args=(finding.inspection_id,)))
                for finding in open_findings[:10]
            ],
        }


def add_panels(request, panels) -> None:
    if services.may_record(request.user):
        panels.append(TodaysInspectionPanel(request))
