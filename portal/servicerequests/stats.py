"""The week's requests and suggestions, counted for the weekly summary (RQ-4).

A week runs Monday to Sunday in Asia/Shanghai (:func:`.schedule.week_bounds`); the
counts are of the requests received in it, read from their stored times, so a past
week always reads the same.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from .models import AWAITING_REPLY, RequestKind, RequestState, ServiceRequest
from .schedule import week_bounds


def received_in_week(monday: date):
    start, end = week_bounds(monday)
    return ServiceRequest.objects.received_between(start, end)


@dataclass(frozen=True)
class WeeklyRequestStatistics:
    week_start: date
    received: int
    requests: int
    suggestions: int
    serious: int
    forwarded: int
    forwarded_on_time: int
    replied: int
    replied_on_time: int
    closed: int
    awaiting_reply: int
    reply_overdue: int
    by_department: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)

    @property
    def reply_on_time_rate(self):
        """Replies on time among the replies given (None when nothing was replied)."""
        return None if not self.replied else self.replied_on_time / self.replied


def weekly_statistics(monday: date, now=None) -> WeeklyRequestStatistics:
    """The counts of the requests and suggestions received in the week starting ``monday``."""
    now = now or timezone.now()
    received = received_in_week(monday)
    counts = received.aggregate(
        total=Count("pk"),
        requests=Count("pk", filter=Q(kind=RequestKind.REQUEST)),
        suggestions=Count("pk", filter=Q(kind=RequestKind.SUGGESTION)),
        serious=Count("pk", filter=Q(serious=True)),
        forwarded=Count("pk", filter=Q(forwarded_at__isnull=False)),
        replied=Count("pk", filter=Q(replied_at__isnull=False)),
        closed=Count("pk", filter=Q(state=RequestState.CLOSED)),
        awaiting=Count("pk", filter=Q(state__in=AWAITING_REPLY)),
        reply_overdue=Count("pk", filter=Q(state__in=AWAITING_REPLY, reply_by__lt=now)),
    )
    forwarded_on_time = sum(
        1 for at, due in received.filter(forwarded_at__isnull=False).values_list("forwarded_at", "forward_by")
        if at <= due
    )
    replied_on_time = sum(
        1 for at, due in received.filter(replied_at__isnull=False).values_list("replied_at", "reply_by") if at <= due
    )
    return WeeklyRequestStatistics(
        week_start=monday,
        received=counts["total"],
        requests=counts["requests"],
        suggestions=counts["suggestions"],
        serious=counts["serious"],
        forwarded=counts["forwarded"],
        forwarded_on_time=forwarded_on_time,
        replied=counts["replied"],
        replied_on_time=replied_on_time,
        closed=counts["closed"],
        awaiting_reply=counts["awaiting"],
        reply_overdue=counts["reply_overdue"],
        by_department=dict(Counter(received.exclude(department="").values_list("department", flat=True))),
        by_channel=dict(Counter(received.values_list("channel", flat=True))),
    )
