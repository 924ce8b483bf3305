"""The monthly repair statistics (RP-3, RP-6) on a small month whose answers are known."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from portal.organisation import groups
from portal.policies.adapter import SHANGHAI
from portal.reports import registry
from portal.reports.periods import Period
from tests.factories import StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db

NOVEMBER = Period.month_of(date(2026, 11, 1))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def at(day, hour=9, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


def rows(result, title):
    return [[str(value) for value in row] for row in result.table(title).rows]


def figure(result, label):
    return result.figure(label).value


def build(slug, period):
    return registry.get(slug).build(period)


@pytest.fixture
def repairs():
    from portal.repairs.models import RepairOrder

    engineer = StaffUserFactory(groups=[groups.ENGINEERING])
    unit = UnitFactory()

    def order(n, reported, priority, category="other", completed=None, fee=None):
        done = {}
        if completed:
            done = dict(state="completed", picked_up_by=engineer, picked_up_at=reported, completed_at=completed,
                        customer_signed_at=completed, customer_signature_name="王先生")
        paid = dict(is_paid=True, charge_explained_at=reported, fee_amount=fee, fee_recorded_at=completed) if fee else {}
        return RepairOrder.objects.create(
            reference=f"BX{n:04d}", unit=unit, contact_name="王先生", phone="13800000000", category=category,
            description="故障描述", reported_at=reported, appointment_at=reported, priority=priority,
            pickup_by=reported + timedelta(hours=1), **done, **paid,
        )

    order(1, at(3, 10), "emergency", "burst_pipe", completed=at(3, 12), fee=Decimal("120.00"))
    order(2, at(5), "general", completed=at(6))
    order(3, at(20), "general")
    order(4, datetime(2026, 10, 31, 9, tzinfo=SHANGHAI), "emergency", "power_outage")  # October


def test_monthly_repairs_rp6(repairs):
    result = build("repairs", NOVEMBER)

    assert [figure(result, label) for label in ("Repairs reported", "Emergency", "General", "Completed in the period",
                                                 "Still open")] == [3, 1, 2, 2, 1]
    assert str(figure(result, "Average time to complete")) == "13.0 h"
    assert figure(result, "Paid repairs") == 1
    assert figure(result, "Paid repair fees (yuan)") == Decimal("120.00")
    assert rows(result, "By priority") == [["Emergency", "1", "1", "2.0 h"], ["General", "2", "1", "24.0 h"]]
