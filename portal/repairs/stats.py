"""Monthly repair statistics (RP-6 and the department's monthly report).

Every function takes a calendar month in Asia/Shanghai and reads the stored times of
the orders, so a past month always reads the same. Money is summed as Decimal in
Python (SQLite would sum decimals as floats).

- :func:`month_bounds`: the month's first and first-after instants;
- :func:`monthly_statistics`: orders reported in the month by priority and state, the
  average time from report to completion, the follow-ups due, and the paid fees;
- :func:`paid_fees`: the paid repairs completed in the month and their fees (RP-6),
  with what of it is in the ledger;
- :func:`paid_fees_by_month`: the twelve months of a year, for a chart.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q

from portal.policies.adapter import SHANGHAI

from .models import Priority, RepairOrder, RepairState

ZERO = Decimal("0.00")


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime.combine(date(year, month, 1), time.min, tzinfo=SHANGHAI)
    following = date(year + month // 12, month % 12 + 1, 1)
    return start, datetime.combine(following, time.min, tzinfo=SHANGHAI)


@dataclass(frozen=True)
class PaidFees:
    """RP-6: the paid repairs completed in a month."""

    count: int
    total: Decimal
    in_ledger: Decimal
    not_in_ledger_count: int


@dataclass(frozen=True)
class MonthlyRepairStatistics:
    year: int
    month: int
    reported: int
    emergency: int
    general: int
    completed: int
    cancelled: int
    open: int
    picked_up_late: int
    average_completion: timedelta | None
    paid: PaidFees
    by_category: dict[str, int] = field(default_factory=dict)


def reported_in(year: int, month: int):
    start, end = month_bounds(year, month)
    return RepairOrder.objects.filter(reported_at__gte=start, reported_at__lt=end)


def completed_in(year: int, month: int):
    start, end = month_bounds(year, month)
    return RepairOrder.objects.filter(state=RepairState.COMPLETED, completed_at__gte=start, completed_at__lt=end)


def paid_fees(year: int, month: int) -> PaidFees:
    """The paid repairs completed in the month, their fees and what of them is in the ledger (RP-6)."""
    rows = list(completed_in(year, month).filter(is_paid=True).values_list("fee_amount", "fee_entry_id"))
    total = sum((amount or ZERO for amount, _entry in rows), ZERO)
    in_ledger = sum((amount or ZERO for amount, entry in rows if entry is not None), ZERO)
    return PaidFees(
        count=len(rows),
        total=total.quantize(ZERO),
        in_ledger=in_ledger.quantize(ZERO),
        not_in_ledger_count=sum(1 for _amount, entry in rows if entry is None),
    )


def average_completion(year: int, month: int) -> timedelta | None:
    """The mean time from report to completion of the orders completed in the month."""
    durations = [
        completed - reported
        for reported, completed in completed_in(year, month).values_list("reported_at", "completed_at")
    ]
    if not durations:
        return None
    return sum(durations, timedelta()) / len(durations)


def monthly_statistics(year: int, month: int) -> MonthlyRepairStatistics:
    """The month's orders (reported in it) by priority and state, and the completions and fees of the month."""
    reported = reported_in(year, month)
    counts = reported.aggregate(
        total=Count("pk"),
        emergency=Count("pk", filter=Q(priority=Priority.EMERGENCY)),
        general=Count("pk", filter=Q(priority=Priority.GENERAL)),
        cancelled=Count("pk", filter=Q(state=RepairState.CANCELLED)),
        open=Count("pk", filter=Q(state__in=(RepairState.REPORTED, RepairState.PICKED_UP))),
        completed=Count("pk", filter=Q(state=RepairState.COMPLETED)),
    )
    late = sum(
        1
        for pickup_by, picked_up_at in reported.filter(picked_up_at__isnull=False).values_list(
            "pickup_by", "picked_up_at"
        )
        if picked_up_at > pickup_by
    )
    by_category = dict(
        reported.values_list("category").annotate(n=Count("pk")).order_by("category").values_list("category", "n")
    )
    return MonthlyRepairStatistics(
        year=year,
        month=month,
        reported=counts["total"],
        emergency=counts["emergency"],
        general=counts["general"],
        completed=counts["completed"],
        cancelled=counts["cancelled"],
        open=counts["open"],
        picked_up_late=late,
        average_completion=average_completion(year, month),
        paid=paid_fees(year, month),
        by_category=by_category,
    )


def paid_fees_by_month(year: int) -> list[tuple[int, PaidFees]]:
    """``(month, PaidFees)`` for the twelve months of ``year`` (RP-6)."""
    return [(month, paid_fees(year, month)) for month in range(1, 13)]
