"""The supervisors' dashboard panel: open complaints by grade, and the ones overdue."""

from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from portal.casework.viewsets.answers import shanghai

from . import services
from .models import ComplaintCase, Grade
from .viewsets import INSPECT_URL, is_overdue, open_counts

PANEL_ROWS = 10


class ComplaintsPanel(Component):
    """投诉受理 at a glance: counts of open complaints by grade, then the major and
    important ones and everything overdue, most serious first."""

    name = "complaints_open"
    order = 55
    template_name = "complaints/admin/panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        now = timezone.now()
        serious_first = Case(When(grade=Grade.MAJOR, then=Value(0)), When(grade=Grade.IMPORTANT, then=Value(1)),
                             default=Value(2), output_field=IntegerField())
        wanted = ComplaintCase.objects.open().exclude(valid=False).filter(
            grade__in=(Grade.MAJOR, Grade.IMPORTANT)
        ) | ComplaintCase.objects.overdue(now)
        cases = list(
            wanted.select_related("unit__building").annotate(rank=serious_first)
            .order_by("rank", "resolve_by", "pk")[: PANEL_ROWS + 1]
        )
        index = reverse("complaints_case:index")
        return {
            "counts": open_counts(),
            "rows": [
                {
                    "case": case,
                    "url": reverse(INSPECT_URL, args=(case.pk,)),
                    "reply_by": shanghai(case.reply_by),
                    "overdue": is_overdue(case, now),
                }
                for case in cases[:PANEL_ROWS]
            ],
            "has_more": len(cases) > PANEL_ROWS,
            "index_url": index,
            "overdue_url": f"{index}?overdue=true",
            "grade_url": f"{index}?grade=",
        }


def add_panel(request, panels) -> None:
    """The ``construct_homepage_panels`` hook: for those who assess complaints (supervisors, managers)."""
    if request.user.has_perm(services.ASSESS_PERMISSION):
        panels.append(ComplaintsPanel(request))
