"""Inspection coverage (IN-1, IN-3) on a small week whose answers are known."""

from datetime import date, datetime

import pytest
from django.utils import translation

from portal.organisation import groups
from portal.policies.adapter import SHANGHAI
from portal.reports import registry
from portal.reports.periods import Period
from tests.factories import BuildingFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

WEEK = Period.week_of(date(2026, 11, 9))  # Monday 9 to Sunday 15 November 2026, long past its deadlines


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
def inspections():
    from portal.inspections.models import Finding, Inspection, InspectionFloor

    building = BuildingFactory(name="1栋", floors=3)
    walker = StaffUserFactory(groups=[groups.ASSISTANT], username="chen", last_name="陈", first_name="晓琳")
    StaffUserFactory(groups=[groups.ASSISTANT], username="lin", last_name="林", first_name="志华")
    all_areas = dict(area_site_plan=True, area_greenery=True, area_lobby=True, area_car_park=True)

    def round_(day, floors_walked, completed=True, **areas):
        inspection = Inspection.objects.create(
            estate=building.estate, inspector=walker, day=date(2026, 11, day), started_at=at(day),
            completed_at=at(day, 11) if completed else None, **areas,
        )
        for floor in range(1, 4):
            InspectionFloor.objects.create(inspection=inspection, building=building, floor=floor,
                                           checked=floor in floors_walked)
        return inspection

    first = round_(9, {1, 2}, **all_areas)
    round_(10, {1, 2}, area_lobby=True)
    round_(11, {3}, completed=False)
    Finding.objects.create(
        inspection=first, found_at=at(9, 10), location="1栋大堂", item="hygiene", description="地面污渍",
        state="verified", forward_by=at(9, 10, 30), forwarded_at=at(9, 10, 20), verify_by=at(10, 23, 59),
        verified_at=at(10, 15),
    )
    Finding.objects.create(
        inspection=first, found_at=at(10, 10), location="车场", item="facilities", description="灯坏",
        state="fixed", fixed_at=at(10, 10, 30),
    )


def test_inspection_coverage_in1(inspections):
    result = build("inspections", WEEK)

    assert figure(result, "Floors walked at least twice") == "2 / 3"
    assert figure(result, "Floor coverage") == "66.7%"
    assert rows(result, "Rounds per assistant") == [["林志华", "0", "0.0%", "0", "0"],
                                                    ["陈晓琳", "2", "28.6%", "1", "4"]]
    assert rows(result, "Floors walked at least twice, by building") == [["1栋", "3", "2", "66.7%"]]


def test_inspection_findings_in3(inspections):
    result = build("inspections", WEEK)

    assert rows(result, "Problems found") == [["2", "1", "1", "1", "1"]]
    assert figure(result, "Forwarded within 30 minutes") == "100.0%"
