"""The clocks of requests and suggestions, registered in the app's ``ready()``.

- ``servicerequests.forward_by`` (RQ-1): not answered or forwarded ten minutes after it came in;
- ``servicerequests.reply_by`` (RQ-3): no reply by a day after, or by the time promised
  (the receiver is reminded two hours before);
- ``servicerequests.weekly_summary`` (RQ-4): the week's summary; the supervisor is reminded
  on the Friday afternoon it is due, the project manager told if it is not signed off by
  the end of work.

A request's receiver (else the assistants) is told; the supervisors once it is late.
"""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.clocks.registry import Clock

from . import services
from .models import AWAITING_REPLY, RequestState
from .schedule import REMIND_BEFORE


def _supervisors(obj):
    return services.supervisors()


def _weekly_url(summary) -> str:
    return reverse("servicerequests_weekly", args=(summary.week_start.isoformat(),))


FORWARD_CLOCK = Clock(
    name="servicerequests.forward_by",
    model="servicerequests.ServiceRequest",
    due_field="forward_by",
    label=_("Forward the request to its department"),
    running=Q(state=RequestState.RECEIVED),
    recipients=services.handlers,
    escalate_to=_supervisors,
    admin_url=services.admin_url,
)

REPLY_CLOCK = Clock(
    name="servicerequests.reply_by",
    model="servicerequests.ServiceRequest",
    due_field="reply_by",
    label=_("Reply to the customer"),
    running=Q(state__in=AWAITING_REPLY),
    recipients=services.handlers,
    escalate_to=_supervisors,
    remind_before=timedelta(hours=2),
    admin_url=services.admin_url,
)

WEEKLY_SUMMARY_CLOCK = Clock(
    name="servicerequests.weekly_summary",
    model="servicerequests.WeeklyRequestSummary",
    due_field="due_at",
    label=_("The weekly summary of requests and suggestions"),
    running=Q(signed_at__isnull=True),
    recipients=_supervisors,
    escalate_to=services.summary_escalation_recipients,
    remind_before=REMIND_BEFORE,
    admin_url=_weekly_url,
)

CLOCKS = (FORWARD_CLOCK, REPLY_CLOCK, WEEKLY_SUMMARY_CLOCK)
