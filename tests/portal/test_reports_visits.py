"""Visit quotas (VS-2) on a small month whose answers are known."""

from datetime import date, datetime

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
def visits():
    from portal.visits.models import Visit

    keen = StaffUserFactory(groups=[groups.ASSISTANT], username="chen", last_name="陈", first_name="晓琳")
    short = StaffUserFactory(groups=[groups.ASSISTANT], username="lin", last_name="林", first_name="志华")
    units = [UnitFactory() for _ in range(12)]
    for n, unit in enumerate(units[:10]):
        Visit.objects.create(visitor=keen, visited_at=at(2 + n), unit=unit, contact_name="业主", way="door",
                             satisfaction=5 if n % 2 else 4)
    Visit.objects.create(visitor=short, visited_at=at(3), unit=units[10], contact_name="业主", way="phone",
                         satisfaction=2, opinions="电梯太慢", raised_as="complaint")
    Visit.objects.create(visitor=short, visited_at=at(4), unit=units[10], contact_name="业主", way="phone",
                         satisfaction=3)
    Visit.objects.create(visitor=short, visited_at=at(5), unit=units[11], contact_name="业主", way="door",
                         satisfaction=4)
    Visit.objects.create(visitor=short, visited_at=datetime(2026, 10, 30, 9, tzinfo=SHANGHAI), unit=units[0],
                         contact_name="业主", way="door", satisfaction=4)  # October


def test_visit_quotas_vs2(visits):
    result = build("visits", NOVEMBER)

    assert rows(result, "Households visited per assistant") == [
        ["林志华", "3", "2", "No", "8"],
        ["陈晓琳", "10", "10", "Yes", "0"],
    ]
    assert figure(result, "Assistants meeting the quota") == "1 / 2"
    assert figure(result, "Visits made") == 13
    assert figure(result, "Opinions passed on") == 1
