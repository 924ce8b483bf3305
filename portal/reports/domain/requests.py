"""The weekly summary of requests and suggestions (《客户需求、建议受理表》, RQ-4).

Due before the end of work on Friday. For the requests and suggestions received in the
week: how many, how many serious; forwarded within ten minutes (RQ-1) and replied by
the time due (RQ-3), against the deadlines stored with each; what is still waiting;
by department and by channel.
"""

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.servicerequests.models import AWAITING_REPLY, Channel, Department, RequestKind, RequestState, ServiceRequest
from portal.servicerequests.schedule import summary_due_at

from .. import charts
from ..aggregates import over_time
from ..base import Figure, Report, Result, Table, percent, rate
from ..periods import WEEK
from ..registry import register


@register
class RequestsReport(Report):
    slug = "requests"
    title = _("Weekly request and suggestion summary")
    record_name = "《客户需求、建议受理表》"
    policies = ("RQ-1", "RQ-3", "RQ-4")
    default_period = WEEK
    description = _("Due before the end of work on Friday: the week's requests and suggestions, forwarding and "
                    "replies on time, and what is still waiting.")

    def build(self, period):
        now = timezone.now()
        received = ServiceRequest.objects.filter(received_at__gte=period.start_at, received_at__lt=period.end_at)
        totals = received.aggregate(
            total=Count("pk"),
            requests=Count("pk", filter=Q(kind=RequestKind.REQUEST)),
            suggestions=Count("pk", filter=Q(kind=RequestKind.SUGGESTION)),
            n_serious=Count("pk", filter=Q(serious=True)),
            forward_due=Count("pk", filter=Q(forwarded_at__isnull=False) | Q(forward_by__lt=now)),
            forwarded_on_time=Count("pk", filter=Q(forwarded_at__lte=F("forward_by"))),
            reply_due=Count("pk", filter=Q(replied_at__isnull=False) | Q(reply_by__lt=now)),
            replied_on_time=Count("pk", filter=Q(replied_at__lte=F("reply_by"))),
            closed=Count("pk", filter=Q(state=RequestState.CLOSED)),
            awaiting=Count("pk", filter=Q(state__in=AWAITING_REPLY)),
            overdue=Count("pk", filter=Q(state__in=AWAITING_REPLY, reply_by__lt=now)),
        )
        departments = list(
            received.exclude(department="").order_by().values("department")
            .annotate(n=Count("pk"), replied_on_time=Count("pk", filter=Q(replied_at__lte=F("reply_by"))))
            .order_by("-n", "department")
        )
        channels = dict(received.order_by().values_list("channel").annotate(n=Count("pk")))

        forward_rate = rate(totals["forwarded_on_time"], totals["forward_due"])
        reply_rate = rate(totals["replied_on_time"], totals["reply_due"])
        result = Result()
        result.figures = [
            Figure(_("Received"), totals["total"]),
            Figure(_("Requests"), totals["requests"]),
            Figure(_("Suggestions"), totals["suggestions"]),
            Figure(_("Serious or urgent"), totals["n_serious"], _("RQ-1: to the supervisor at once")),
            Figure(_("Forwarded within 10 minutes"), percent(forward_rate), "RQ-1",
                   None if forward_rate is None else forward_rate >= 100),
            Figure(_("Replied on time"), percent(reply_rate), "RQ-3", None if reply_rate is None else reply_rate >= 100),
            Figure(_("Still waiting for a reply"), totals["awaiting"]),
            Figure(_("Reply overdue"), totals["overdue"], "RQ-3", totals["overdue"] == 0),
            Figure(_("Closed"), totals["closed"]),
        ]
        if period.kind == WEEK:
            due = timezone.localtime(summary_due_at(period.start))
            result.notes.append(_("This summary is due by %(due)s (RQ-4).") % {"due": f"{due:%Y-%m-%d %H:%M}"})
        result.tables.append(
            Table(
                _("By department"),
                [_("Department"), _("Forwarded"), _("Replied on time")],
                [[Department(row["department"]).label, row["n"], row["replied_on_time"]] for row in departments],
            )
        )
        result.tables.append(
            Table(_("By channel"), [_("Channel"), _("Received")],
                  [[choice.label, channels.get(choice.value, 0)] for choice in Channel])
        )
        result.charts.append(
            charts.Chart(
                _("Requests and suggestions by department"),
                charts.bars(_("Requests and suggestions by department"),
                            [Department(row["department"]).label for row in departments],
                            {_("Forwarded"): [row["n"] for row in departments],
                             _("Replied on time"): [row["replied_on_time"] for row in departments]}),
            )
        )
        labels, counts = over_time(received, "received_at", period)
        result.charts.append(
            charts.Chart(_("Received per day"), charts.bars(_("Received per day"), labels, {_("Received"): counts}))
        )
        return result
