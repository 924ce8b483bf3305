"""The clocks of requests and suggestions: forwarding within 10 minutes (RQ-1), the reply
within a day or by the time promised (RQ-3), and the weekly summary before the end of
work on Friday, or the last working day before it (RQ-4). Each alert is sent once."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from portal.clocks import registry
from portal.clocks.models import Alert, AlertKind, AlertReceipt
from portal.clocks.scan import scan_clock
from portal.organisation.groups import ASSISTANT, PROJECT_MANAGER, SUPERVISOR
from portal.servicerequests import schedule, services, stats
from portal.servicerequests.models import RequestKind
from tests.factories import StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenzhuli")


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR], username="linzhuguan")


@pytest.fixture
def manager():
    return StaffUserFactory(groups=[PROJECT_MANAGER], username="huangjingli")


def received(by, moment, **fields):
    values = {"kind": RequestKind.REQUEST, "content": "楼道灯不亮", "contact_name": "李娜", "received_at": moment}
    return services.open_at_desk(by=by, **{**values, **fields})


def told(clock, kind=AlertKind.ESCALATION) -> set[str]:
    alert = Alert.objects.get(clock=clock, kind=kind)
    return set(AlertReceipt.objects.filter(alert=alert).values_list("user__username", flat=True))


def test_rq1_a_request_not_forwarded_in_10_minutes_is_escalated_once(assistant, supervisor):
    received(assistant, at(2026, 11, 27, 10, 0))
    clock = registry.get("servicerequests.forward_by")
    assert scan_clock(clock, at(2026, 11, 27, 10, 9)) == (0, 0)
    assert scan_clock(clock, at(2026, 11, 27, 10, 11)) == (0, 1)
    assert scan_clock(clock, at(2026, 11, 27, 10, 30)) == (0, 0)
    assert told("servicerequests.forward_by") == {"chenzhuli", "linzhuguan"}


def test_rq1_a_forwarded_request_stops_the_forwarding_clock(assistant, supervisor):
    service_request = received(assistant, at(2026, 11, 27, 10, 0))
    services.forward(service_request, by=assistant, department="cleaning", at=at(2026, 11, 27, 10, 5))
    assert scan_clock(registry.get("servicerequests.forward_by"), at(2026, 11, 27, 11, 0)) == (0, 0)


def test_rq3_the_receiver_is_reminded_and_the_supervisor_told_once(assistant, supervisor):
    received(assistant, at(2026, 11, 27, 10, 0))  # reply by Saturday 10:00
    clock = registry.get("servicerequests.reply_by")
    assert scan_clock(clock, at(2026, 11, 28, 7, 59)) == (0, 0)
    assert scan_clock(clock, at(2026, 11, 28, 8, 30)) == (1, 0)
    assert scan_clock(clock, at(2026, 11, 28, 9, 0)) == (0, 0)
    assert scan_clock(clock, at(2026, 11, 28, 10, 1)) == (0, 1)
    assert scan_clock(clock, at(2026, 11, 29, 10, 1)) == (0, 0)
    assert told("servicerequests.reply_by", AlertKind.REMINDER) == {"chenzhuli"}
    assert told("servicerequests.reply_by") == {"chenzhuli", "linzhuguan"}


def test_rq3_a_replied_request_is_not_escalated(assistant, supervisor):
    service_request = received(assistant, at(2026, 11, 27, 10, 0))
    services.reply(service_request, by=assistant, reply="已安排维修", at=at(2026, 11, 27, 10, 8))
    assert scan_clock(registry.get("servicerequests.reply_by"), at(2026, 11, 29, 0, 0)) == (0, 0)


@pytest.mark.parametrize(
    "monday, due",
    [
        (date(2026, 11, 23), at(2026, 11, 27, 17, 30)),  # an ordinary week: Friday
        (date(2026, 9, 28), at(2026, 9, 30, 17, 30)),  # National Day from Thursday 1 October: Wednesday
        (date(2026, 4, 27), at(2026, 4, 30, 17, 30)),  # Labour Day on Friday 1 May: Thursday
        (date(2026, 10, 5), at(2026, 10, 9, 17, 30)),  # holiday to Wednesday 7 October, Friday worked
    ],
)
def test_rq4_the_summary_is_due_before_the_end_of_work_on_friday(monday, due):
    assert schedule.summary_due_at(monday) == due


def test_rq4_the_supervisor_is_reminded_on_friday_afternoon_and_the_manager_told_once(
    assistant, supervisor, manager
):
    services.ensure_weekly_summary(date(2026, 11, 23))
    clock = registry.get("servicerequests.weekly_summary")
    assert scan_clock(clock, at(2026, 11, 27, 14, 59)) == (0, 0)
    assert scan_clock(clock, at(2026, 11, 27, 15, 1)) == (1, 0)
    assert scan_clock(clock, at(2026, 11, 27, 16, 0)) == (0, 0)
    assert scan_clock(clock, at(2026, 11, 27, 17, 31)) == (0, 1)
    assert scan_clock(clock, at(2026, 11, 28, 9, 0)) == (0, 0)
    assert told("servicerequests.weekly_summary", AlertKind.REMINDER) == {"linzhuguan"}
    assert told("servicerequests.weekly_summary") == {"linzhuguan", "huangjingli"}
    assert Alert.objects.get(clock="servicerequests.weekly_summary", kind=AlertKind.REMINDER).url.endswith(
        "/requests/weekly/2026-11-23/"
    )


def test_rq4_a_signed_summary_sends_nothing(assistant, supervisor):
    summary = services.ensure_weekly_summary(date(2026, 11, 23))
    services.sign_weekly_summary(summary, by=supervisor)
    assert scan_clock(registry.get("servicerequests.weekly_summary"), at(2026, 11, 27, 18, 0)) == (0, 0)


def test_rq4_the_weeks_counts(assistant):
    unit = UnitFactory()
    first = received(assistant, at(2026, 11, 23, 9, 0), unit=unit)
    services.forward(first, by=assistant, department="engineering", at=at(2026, 11, 23, 9, 5))
    services.reply(first, by=assistant, reply="已处理", at=at(2026, 11, 23, 15, 0))
    late = received(assistant, at(2026, 11, 24, 9, 0), kind=RequestKind.SUGGESTION)
    services.forward(late, by=assistant, department="security", at=at(2026, 11, 24, 9, 30))
    services.reply(late, by=assistant, reply="已采纳", at=at(2026, 11, 25, 12, 0))
    received(assistant, at(2026, 11, 26, 9, 0), serious=True)
    received(assistant, at(2026, 11, 30, 9, 0))  # next week

    week = stats.weekly_statistics(date(2026, 11, 23), now=at(2026, 11, 28, 9, 0))
    assert (week.received, week.requests, week.suggestions, week.serious) == (3, 2, 1, 1)
    assert (week.forwarded, week.forwarded_on_time) == (2, 1)
    assert (week.replied, week.replied_on_time) == (2, 1)
    assert (week.awaiting_reply, week.reply_overdue) == (1, 1)
    assert week.by_department == {"engineering": 1, "security": 1}
    assert week.by_channel == {"phone": 3}
