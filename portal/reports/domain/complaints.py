"""The weekly complaint statistics (《部门日、周汇报表》, CP-9).

For the complaints received in the period: how many, by grade and validity (CP-1…CP-4);
replies and resolutions on time against the deadlines stored with each complaint (CP-6);
the follow-up rate of the complaints' follow-up calls due in the period (CP-8, target
100%); and what the complaints were about.
"""

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.complaints.models import Category, ComplaintCase, Grade
from portal.followups.models import FollowUp, FollowUpKind

from .. import charts
from ..aggregates import over_time
from ..base import Figure, Report, Result, Table, percent, rate
from ..periods import WEEK
from ..registry import register

TOP = 5


def _timeliness(now):
    """Conditional counts of replies and resolutions due and made on time (CP-6)."""
    reply_due = Q(reply_by__isnull=False) & (Q(replied_at__isnull=False) | Q(reply_by__lt=now))
    resolve_due = Q(resolve_by__isnull=False) & (Q(resolved_at__isnull=False) | Q(resolve_by__lt=now))
    return {
        "reply_due": Count("pk", filter=reply_due),
        "replied_on_time": Count("pk", filter=Q(reply_by__isnull=False, replied_at__lte=F("reply_by"))),
        "resolve_due": Count("pk", filter=resolve_due),
        "resolved_on_time": Count("pk", filter=Q(resolve_by__isnull=False, resolved_at__lte=F("resolve_by"))),
    }


@register
class ComplaintsReport(Report):
    slug = "complaints"
    title = _("Weekly complaint statistics")
    record_name = "《部门日、周汇报表》"
    policies = ("CP-1", "CP-2", "CP-6", "CP-8", "CP-9")
    default_period = WEEK
    description = _("Complaints received in the period by grade and validity, replies and resolutions on time, "
                    "follow-up calls and the most frequent subjects.")

    def build(self, period):
        now = timezone.now()
        received = ComplaintCase.objects.filter(received_at__gte=period.start_at, received_at__lt=period.end_at)
        totals = received.aggregate(
            total=Count("pk"),
            n_valid=Count("pk", filter=Q(valid=True)),
            n_invalid=Count("pk", filter=Q(valid=False)),
            n_undecided=Count("pk", filter=Q(valid__isnull=True)),
            **_timeliness(now),
        )
        by_grade = {
            row["grade"]: row
            for row in received.filter(valid=True).order_by().values("grade").annotate(n=Count("pk"), **_timeliness(now))
        }
        followups = FollowUp.objects.filter(
            kind=FollowUpKind.COMPLAINT, due_by__gte=period.start_at, due_by__lt=period.end_at
        ).aggregate(due=Count("pk"), on_time=Count("pk", filter=Q(done_at__lte=F("due_by"))))
        categories = list(received.order_by().values("category").annotate(n=Count("pk")).order_by("-n", "category"))
        subjects = list(
            received.exclude(subject="").order_by().values("subject").annotate(n=Count("pk")).order_by("-n", "subject")[:TOP]
        )

        reply_rate = rate(totals["replied_on_time"], totals["reply_due"])
        resolve_rate = rate(totals["resolved_on_time"], totals["resolve_due"])
        followup_rate = rate(followups["on_time"], followups["due"])
        result = Result()
        result.figures = [
            Figure(_("Complaints received"), totals["total"]),
            Figure(_("Valid"), totals["n_valid"]),
            Figure(_("Invalid"), totals["n_invalid"]),
            Figure(_("Validity not yet decided"), totals["n_undecided"]),
            Figure(_("Replied on time"), percent(reply_rate), _("CP-6 deadlines"), _met(reply_rate, 100)),
            Figure(_("Resolved on time"), percent(resolve_rate), _("CP-6 deadlines"), _met(resolve_rate, 100)),
            Figure(_("Follow-up rate"), percent(followup_rate), _("CP-8: 100%"), _met(followup_rate, 100)),
        ]
        grades = (Grade.MAJOR, Grade.IMPORTANT, Grade.MINOR)
        result.tables.append(
            Table(
                _("Valid complaints by grade"),
                [_("Grade"), _("Received"), _("Replies due"), _("Replied on time"), _("Reply rate"),
                 _("Resolutions due"), _("Resolved on time"), _("Resolution rate")],
                [
                    [grade.label, row.get("n", 0), row.get("reply_due", 0), row.get("replied_on_time", 0),
                     percent(rate(row.get("replied_on_time"), row.get("reply_due"))), row.get("resolve_due", 0),
                     row.get("resolved_on_time", 0), percent(rate(row.get("resolved_on_time"), row.get("resolve_due")))]
                    for grade in grades
                    for row in [by_grade.get(grade.value, {})]
                ],
            )
        )
        result.tables.append(
            Table(
                _("Complaints by validity"),
                [_("Validity"), _("Complaints")],
                [[_("Valid"), totals["n_valid"]], [_("Invalid"), totals["n_invalid"]],
                 [_("Validity not yet decided"), totals["n_undecided"]]],
            )
        )
        result.tables.append(
            Table(
                _("Follow-up calls"),
                [_("Due in the period"), _("Made on time"), _("Follow-up rate")],
                [[followups["due"], followups["on_time"], percent(followup_rate)]],
            )
        )
        result.tables.append(
            Table(
                _("What the complaints were about"),
                [_("Category"), _("Complaints")],
                [[Category(row["category"]).label, row["n"]] for row in categories],
            )
        )
        result.tables.append(
            Table(_("Most frequent subjects"), [_("Subject"), _("Complaints")], [[r["subject"], r["n"]] for r in subjects])
        )
        result.charts.append(
            charts.Chart(
                _("Complaints by grade"),
                charts.bars(_("Complaints by grade"), [g.label for g in grades] + [Grade.INVALID.label],
                            {_("Complaints"): [by_grade.get(g.value, {}).get("n", 0) for g in grades] + [totals["n_invalid"]]}),
            )
        )
        if categories:
            result.charts.append(
                charts.Chart(
                    _("What the complaints were about"),
                    charts.pie(_("What the complaints were about"),
                               {Category(row["category"]).label: row["n"] for row in categories}),
                )
            )
        labels, counts = over_time(received, "received_at", period)
        result.charts.append(
            charts.Chart(_("Complaints received per day"),
                         charts.bars(_("Complaints received per day"), labels, {_("Complaints"): counts}))
        )
        return result


def _met(value, target):
    return None if value is None else value >= target
