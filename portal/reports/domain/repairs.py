"""The monthly repair statistics (《有偿服务维修记录表》, RP-3, RP-6).

Repairs reported in the period by priority (emergency or general, RP-3) and fault; those
completed in the period with the average time from the report to completion; and the
paid repairs' fees recorded in the period (RP-6).
"""

from django.db.models import Avg, Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from portal.repairs.models import FaultCategory, Priority, RepairOrder, RepairState

from .. import charts
from ..aggregates import elapsed, hours, money
from ..base import Figure, Report, Result, Table
from ..periods import MONTH
from ..registry import register


def _hours_text(value) -> str:
    return "—" if value is None else _("%(hours)s h") % {"hours": value}


@register
class RepairsReport(Report):
    slug = "repairs"
    title = _("Monthly repair statistics")
    record_name = "《有偿服务维修记录表》"
    policies = ("RP-3", "RP-6")
    default_period = MONTH
    description = _("Emergency and general repairs, the average time to complete them and the paid repairs' fees.")

    def build(self, period):
        in_period = {"gte": period.start_at, "lt": period.end_at}
        reported = RepairOrder.objects.filter(reported_at__gte=in_period["gte"], reported_at__lt=in_period["lt"])
        completed = RepairOrder.objects.filter(
            state=RepairState.COMPLETED, completed_at__gte=in_period["gte"], completed_at__lt=in_period["lt"]
        )
        counts = reported.aggregate(
            total=Count("pk"),
            emergency=Count("pk", filter=Q(priority=Priority.EMERGENCY)),
            general=Count("pk", filter=Q(priority=Priority.GENERAL)),
            cancelled=Count("pk", filter=Q(state=RepairState.CANCELLED)),
            open=Count("pk", filter=Q(state__in=(RepairState.REPORTED, RepairState.PICKED_UP))),
        )
        done = completed.aggregate(
            total=Count("pk"),
            average=Avg(elapsed("completed_at", "reported_at")),
            emergency_average=Avg(elapsed("completed_at", "reported_at"), filter=Q(priority=Priority.EMERGENCY)),
            general_average=Avg(elapsed("completed_at", "reported_at"), filter=Q(priority=Priority.GENERAL)),
        )
        fees = RepairOrder.objects.filter(
            is_paid=True, fee_recorded_at__gte=in_period["gte"], fee_recorded_at__lt=in_period["lt"]
        ).aggregate(orders=Count("pk"), amount=Sum("fee_amount"))
        by_priority = {
            row["priority"]: row
            for row in reported.order_by().values("priority").annotate(
                n=Count("pk"), completed=Count("pk", filter=Q(state=RepairState.COMPLETED))
            )
        }
        by_category = dict(reported.order_by().values_list("category").annotate(n=Count("pk")))

        result = Result()
        result.figures = [
            Figure(_("Repairs reported"), counts["total"]),
            Figure(_("Emergency"), counts["emergency"], "RP-3"),
            Figure(_("General"), counts["general"], "RP-3"),
            Figure(_("Completed in the period"), done["total"]),
            Figure(_("Average time to complete"), _hours_text(hours(done["average"]))),
            Figure(_("Paid repairs"), fees["orders"], "RP-6"),
            Figure(_("Paid repair fees (yuan)"), money(fees["amount"]), "RP-6"),
            Figure(_("Still open"), counts["open"]),
        ]
        averages = {Priority.EMERGENCY: done["emergency_average"], Priority.GENERAL: done["general_average"]}
        result.tables.append(
            Table(
                _("By priority"),
                [_("Priority"), _("Reported"), _("Completed"), _("Average time to complete")],
                [[priority.label, by_priority.get(priority.value, {}).get("n", 0),
                  by_priority.get(priority.value, {}).get("completed", 0), _hours_text(hours(averages[priority]))]
                 for priority in (Priority.EMERGENCY, Priority.GENERAL)],
            )
        )
        result.tables.append(
            Table(_("By fault"), [_("Fault"), _("Reported")],
                  [[category.label, by_category.get(category.value, 0)] for category in FaultCategory])
        )
        result.tables.append(
            Table(_("Paid repair fees"), [_("Paid repairs"), _("Fees (yuan)")],
                  [[fees["orders"], money(fees["amount"])]])
        )
        result.charts.append(
            charts.Chart(
                _("Repairs by priority"),
                charts.bars(_("Repairs by priority"), [Priority.EMERGENCY.label, Priority.GENERAL.label],
                            {_("Reported"): [counts["emergency"], counts["general"]],
                             _("Completed"): [by_priority.get(p, {}).get("completed", 0)
                                              for p in (Priority.EMERGENCY, Priority.GENERAL)]}),
            )
        )
        result.charts.append(
            charts.Chart(_("Repairs by fault"),
                         charts.pie(_("Repairs by fault"), {c.label: by_category.get(c.value, 0) for c in FaultCategory}))
        )
        return result
