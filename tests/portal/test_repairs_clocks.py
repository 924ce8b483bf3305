"""The clocks of a repair: an order engineering has not picked up is chased once (RP-4),
and the department head gets the 17:00 list of the day's unreturned or unhandled orders
once per working day (RP-5), across weekends and holidays."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from portal.clocks import registry
from portal.clocks.models import Alert, AlertKind, AlertReceipt
from portal.clocks.scan import scan_clock
from portal.organisation.groups import ASSISTANT, ENGINEERING, SUPERVISOR
from portal.repairs import schedule, services
from portal.repairs.models import DailyRepairList, RepairOrder
from tests.factories import StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenzhuli")


@pytest.fixture
def engineer():
    return StaffUserFactory(groups=[ENGINEERING], username="liugong")


@pytest.fixture
def head():
    return StaffUserFactory(groups=[SUPERVISOR], username="linzhuguan")


def order_reported(by, reported_at, *, category="other", **fields):
    return services.open_at_desk(
        by=by, unit=fields.pop("unit", None) or UnitFactory(), contact_name="张伟", phone="13800138000",
        category=category, description="门锁坏了", appointment_at=reported_at + timedelta(hours=4),
        reported_at=reported_at, **fields,
    )


def alerts(clock, kind=AlertKind.ESCALATION):
    return Alert.objects.filter(clock=clock, kind=kind)


def told(alert) -> set[str]:
    return set(AlertReceipt.objects.filter(alert=alert).values_list("user__username", flat=True))


# --- RP-4: the pickup chase ------------------------------------------------------------------


def test_rp4_an_order_not_picked_up_is_chased_once(assistant, engineer):
    order = order_reported(assistant, at(2026, 11, 27, 9, 0), category="burst_pipe")
    clock = registry.get("repairs.pickup_by")
    assert order.pickup_by == at(2026, 11, 27, 9, 30)

    assert scan_clock(clock, at(2026, 11, 27, 9, 29)) == (0, 0)
    assert scan_clock(clock, at(2026, 11, 27, 9, 31)) == (0, 1)
    assert scan_clock(clock, at(2026, 11, 27, 10, 30)) == (0, 0)  # once

    alert = alerts("repairs.pickup_by").get()
    assert alert.object_id == str(order.pk)
    assert told(alert) == {"chenzhuli", "liugong"}  # the receiver chases, engineering hears it is late
    assert order.reference in alert.subject


def test_rp4_an_order_picked_up_in_time_is_not_chased(assistant, engineer):
    order = order_reported(assistant, timezone.now() - timedelta(minutes=20), category="burst_pipe")
    services.pick_up(order, by=engineer)
    assert scan_clock(registry.get("repairs.pickup_by"), timezone.now() + timedelta(hours=1)) == (0, 0)


def test_rp4_an_online_order_nobody_received_is_chased_by_the_assistants(assistant, engineer):
    order = order_reported(assistant, at(2026, 11, 27, 9, 0))
    RepairOrder.objects.filter(pk=order.pk).update(received_by=None)
    StaffUserFactory(groups=[ASSISTANT], username="wangzhuli")
    scan_clock(registry.get("repairs.pickup_by"), at(2026, 11, 27, 12, 0))
    assert told(alerts("repairs.pickup_by").get()) == {"chenzhuli", "wangzhuli", "liugong"}


# --- RP-5: the 17:00 list ---------------------------------------------------------------------

FRIDAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 30)


@pytest.fixture
def friday_orders(assistant, engineer):
    """Friday 27 November 2026: one order untouched, one picked up and not back, one done,
    one cancelled, one reported after 17:00, one from Thursday still open."""
    orders = {
        "untouched": order_reported(assistant, at(2026, 11, 27, 10, 0)),
        "not_returned": order_reported(assistant, at(2026, 11, 27, 11, 0)),
        "done": order_reported(assistant, at(2026, 11, 27, 9, 0)),
        "cancelled": order_reported(assistant, at(2026, 11, 27, 9, 30)),
        "late_evening": order_reported(assistant, at(2026, 11, 27, 17, 30)),
        "thursday": order_reported(assistant, at(2026, 11, 26, 15, 0)),
        "done_after_five": order_reported(assistant, at(2026, 11, 27, 14, 0)),
    }
    RepairOrder.objects.filter(pk=orders["not_returned"].pk).update(
        state="picked_up", picked_up_by=engineer, picked_up_at=at(2026, 11, 27, 11, 30)
    )
    done = {"state": "completed", "picked_up_by": engineer, "customer_signature_name": "张伟"}
    RepairOrder.objects.filter(pk=orders["done"].pk).update(
        **done, picked_up_at=at(2026, 11, 27, 9, 20), completed_at=at(2026, 11, 27, 15, 0),
        customer_signed_at=at(2026, 11, 27, 15, 0),
    )
    RepairOrder.objects.filter(pk=orders["done_after_five"].pk).update(
        **done, picked_up_at=at(2026, 11, 27, 14, 20), completed_at=at(2026, 11, 27, 18, 0),
        customer_signed_at=at(2026, 11, 27, 18, 0),
    )
    RepairOrder.objects.filter(pk=orders["cancelled"].pk).update(
        state="cancelled", cancelled_at=at(2026, 11, 27, 12, 0), cancel_reason="重复报修"
    )
    return orders


def test_rp5_the_1700_list_holds_the_days_unreturned_and_unhandled_orders(friday_orders):
    listed = {order.pk for order in services.daily_list_orders(FRIDAY)}
    expected = {"untouched", "not_returned", "thursday", "done_after_five"}
    assert listed == {friday_orders[name].pk for name in expected}
    # The evening's order waits for Monday's list (Saturday and Sunday are not working days).
    monday = {order.pk for order in services.daily_list_orders(MONDAY)}
    assert friday_orders["late_evening"].pk in monday


def test_rp5_the_1700_list_is_sent_once_to_the_department_head(friday_orders, head):
    daily_list = services.ensure_daily_list(FRIDAY)
    assert daily_list.due_at == at(2026, 11, 27, 17, 0)
    clock = registry.get("repairs.daily_list")

    assert scan_clock(clock, at(2026, 11, 27, 16, 59)) == (0, 0)
    assert scan_clock(clock, at(2026, 11, 27, 17, 1)) == (0, 1)
    assert scan_clock(clock, at(2026, 11, 27, 17, 30)) == (0, 0)
    assert scan_clock(clock, at(2026, 11, 28, 9, 0)) == (0, 0)  # nothing on Saturday

    alert = alerts("repairs.daily_list").get()
    assert told(alert) == {"linzhuguan"}
    assert alert.url.endswith("/repairs/daily/2026-11-27/")
    # Orders stay open, so the next working day's list is due: Monday, past the weekend.
    assert DailyRepairList.objects.filter(day=MONDAY, due_at=at(2026, 11, 30, 17, 0)).exists()
    assert not DailyRepairList.objects.filter(day__in=[date(2026, 11, 28), date(2026, 11, 29)]).exists()


def test_rp5_a_day_with_nothing_open_sends_no_list(assistant, head):
    services.ensure_daily_list(FRIDAY)
    assert scan_clock(registry.get("repairs.daily_list"), at(2026, 11, 27, 17, 1)) == (0, 0)


@pytest.mark.parametrize(
    "moment, day",
    [
        (at(2026, 11, 27, 16, 59), date(2026, 11, 27)),  # Friday before 17:00: that day
        (at(2026, 11, 27, 17, 0), date(2026, 11, 30)),  # Friday from 17:00: Monday
        (at(2026, 11, 28, 10, 0), date(2026, 11, 30)),  # Saturday: Monday
        (at(2026, 9, 30, 18, 0), date(2026, 10, 8)),  # National Day holiday, 1–7 October 2026
        (at(2026, 9, 19, 18, 0), date(2026, 9, 20)),  # Sunday 20 September 2026 is worked
        (at(2026, 2, 13, 17, 30), date(2026, 2, 14)),  # Saturday 14 February 2026 is worked
    ],
)
def test_rp5_which_working_days_list_an_order(moment, day):
    assert schedule.list_day_for(moment) == day


def test_rp5_opening_an_order_makes_the_next_list_due(assistant):
    order_reported(assistant, timezone.now() - timedelta(minutes=5))
    assert DailyRepairList.objects.filter(day=schedule.list_day_for(timezone.now())).exists()
