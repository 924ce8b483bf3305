"""The demo's repairs and requests: a month of them in every state, loaded once however
often the demo is loaded."""

from collections import Counter

import pytest

from portal.demo import estate, users
from portal.repairs import demo_cases as repairs_demo
from portal.repairs.models import RepairOrder
from portal.servicerequests import demo_cases as requests_demo
from portal.servicerequests.models import ServiceRequest, WeeklyRequestSummary

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(RepairOrder.objects.order_by("pk").values_list("reference", "state", "reported_at", "fee_entry")),
        list(ServiceRequest.objects.order_by("pk").values_list("reference", "state", "received_at")),
    )


def test_the_demo_holds_a_month_of_repairs_and_requests_and_loads_once():
    estate.load(None)
    users.load(None)
    repairs_demo.load(None)
    requests_demo.load(None)
    first = snapshot()
    repairs_demo.load(None)
    requests_demo.load(None)
    assert snapshot() == first

    repairs = Counter(RepairOrder.objects.values_list("state", flat=True))
    assert set(repairs) == {"reported", "picked_up", "completed", "cancelled"}
    assert sum(repairs.values()) >= 30
    assert RepairOrder.objects.filter(priority="emergency").exists()
    assert RepairOrder.objects.filter(fee_entry__isnull=False).exists()  # paid, in the ledger
    assert RepairOrder.objects.overdue_pickup().exists()
    assert RepairOrder.objects.filter(channel="online").count() == 2

    requests = Counter(ServiceRequest.objects.values_list("state", flat=True))
    assert set(requests) == {"received", "forwarded", "replied", "closed"}
    assert ServiceRequest.objects.overdue().exists()
    assert ServiceRequest.objects.filter(serious=True).exists()
    assert WeeklyRequestSummary.objects.filter(signed_at__isnull=False).count() == 4
