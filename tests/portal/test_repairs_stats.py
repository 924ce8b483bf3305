"""Monthly repair statistics (RP-6): the month's orders by priority and state, the average
time to complete, and the fees of the paid repairs completed in the month."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from portal.organisation.groups import ASSISTANT, CASHIER, ENGINEERING
from portal.repairs import services, stats
from tests.factories import StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month, day, hour, minute=0):
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def staff():
    return (
        StaffUserFactory(groups=[ASSISTANT]),
        StaffUserFactory(groups=[ENGINEERING]),
        StaffUserFactory(groups=[CASHIER]),
    )


def repair(staff, reported_at, *, category="other", hours_to_complete=None, fee=None, ledger=False):
    assistant, engineer, cashier = staff
    order = services.open_at_desk(
        by=assistant, unit=UnitFactory(), contact_name="张伟", phone="13800138000", category=category,
        description="报修", appointment_at=reported_at + timedelta(hours=1), reported_at=reported_at,
    )
    if hours_to_complete is None:
        return order
    if fee is not None:
        services.explain_charge(order, by=assistant, price_standard="按价目表", reason="户内设施",
                                explained_at=reported_at)
    services.pick_up(order, by=engineer, at=reported_at + timedelta(minutes=10))
    order = services.complete(order, by=engineer, work_done="已修复", customer_signature_name="张伟",
                              fee_amount=fee, at=reported_at + timedelta(hours=hours_to_complete))
    if ledger:
        order = services.record_fee(order, by=cashier)
    return order


def test_rp6_the_months_statistics(staff):
    repair(staff, at(10, 3, 9), category="burst_pipe", hours_to_complete=2)
    repair(staff, at(10, 10, 9), hours_to_complete=4, fee=Decimal("85.00"), ledger=True)
    repair(staff, at(10, 20, 9), hours_to_complete=6, fee=Decimal("40.50"))
    repair(staff, at(10, 31, 15))  # still open
    repair(staff, at(10, 31, 23), hours_to_complete=2)  # completed on 1 November, Shanghai time
    repair(staff, at(11, 2, 9), hours_to_complete=1, fee=Decimal("999.00"))  # next month

    october = stats.monthly_statistics(2026, 10)
    assert (october.reported, october.emergency, october.general) == (5, 1, 4)
    assert (october.completed, october.open, october.cancelled) == (4, 1, 0)
    assert october.average_completion == timedelta(hours=4)  # 2, 4 and 6 hours; the fourth finished in November
    assert october.paid.count == 2
    assert october.paid.total == Decimal("125.50")
    assert october.paid.in_ledger == Decimal("85.00")
    assert october.paid.not_in_ledger_count == 1
    assert october.by_category == {"burst_pipe": 1, "other": 4}

    november = stats.paid_fees(2026, 11)
    assert (november.count, november.total) == (1, Decimal("999.00"))
    assert [month for month, fees in stats.paid_fees_by_month(2026) if fees.count] == [10, 11]


def test_a_month_without_repairs():
    empty = stats.monthly_statistics(2026, 1)
    assert (empty.reported, empty.average_completion, empty.paid.total) == (0, None, Decimal("0.00"))
