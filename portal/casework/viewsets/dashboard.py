"""Panels of the Wagtail dashboard for the review queue.

- 我的待办 (:class:`MyCasesPanel`): the open cases assigned to the user, overdue first;
  for everyone who can see the queue.
- 逾期案件 (:class:`OverdueCasesPanel`): every overdue case the user can see, most
  overdue first; for those who assign cases (supervisors, project managers).

Each panel is one query, whatever the number of cases.
"""

from django.db.models import Case, F, IntegerField, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .. import review
from ..models import Submission
from .answers import shanghai

PANEL_ROWS = 10


def _rows(cases, now):
    return [
        {
            "submission": case,
            "url": reverse("casework_submission:inspect", args=(case.pk,)),
            "due": shanghai(case.due_at),
            "overdue": review.is_overdue(case, now),
        }
        for case in cases
    ]


class CasesPanel(Component):
    template_name = "casework/admin/panels/cases.html"
    heading = ""
    empty_text = ""
    panel_id = ""

    def __init__(self, request):
        self.request = request
        self.now = timezone.now()

    def cases(self):
        raise NotImplementedError

    def more_url(self) -> str:
        raise NotImplementedError

    def base_queryset(self):
        return review.visible_to_staff(self.request.user, Submission.objects.open()).select_related(
            "applicant", "unit__building"
        )

    def get_context_data(self, parent_context=None):
        cases = list(self.cases()[: PANEL_ROWS + 1])
        return {
            "panel_id": self.panel_id,
            "heading": self.heading,
            "empty_text": self.empty_text,
            "rows": _rows(cases[:PANEL_ROWS], self.now),
            "has_more": len(cases) > PANEL_ROWS,
            "more_url": self.more_url(),
        }


class MyCasesPanel(CasesPanel):
    name = "casework_my_cases"
    order = 50
    panel_id = "casework-my-cases"
    heading = _("My open cases")
    empty_text = _("No open case is assigned to you.")

    def cases(self):
        overdue_first = Case(When(review.overdue_condition(self.now), then=0), default=1, output_field=IntegerField())
        return (
            self.base_queryset()
            .filter(assigned_to=self.request.user)
            .annotate(overdue_rank=overdue_first)
            .order_by("overdue_rank", F("due_at").asc(nulls_last=True), "-submitted_at", "-pk")
        )

    def more_url(self):
        return reverse("casework_submission:index") + "?assigned_to=me"


class OverdueCasesPanel(CasesPanel):
    name = "casework_overdue_cases"
    order = 60
    panel_id = "casework-overdue-cases"
    heading = _("Overdue cases")
    empty_text = _("No case is overdue.")

    def cases(self):
        return self.base_queryset().filter(due_at__lt=self.now).select_related("assigned_to").order_by("due_at", "pk")

    def more_url(self):
        return reverse("casework_submission:index") + "?overdue=true"


def add_panels(request, panels) -> None:
    """The ``construct_homepage_panels`` hook: the panels the user may see."""
    user = request.user
    if not user.has_perm(review.VIEW_PERMISSION):
        return
    panels.append(MyCasesPanel(request))
    if user.has_perm(review.ACTION_PERMISSIONS[review.Action.ASSIGN]):
        panels.append(OverdueCasesPanel(request))
