"""客户访问 in the admin: an assistant records a visit by building and unit number, sees only
their own visits, notes where an opinion went (VS-3); the quota page and the dashboard
show the month's households against the quota (VS-2)."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.organisation.groups import ASSISTANT, ENGINEERING, SUPERVISOR
from portal.policies.adapter import SHANGHAI
from portal.servicerequests.services import open_at_desk
from portal.visits import services
from portal.visits.models import RaisedAs, Satisfaction, Visit, VisitWay
from tests.factories import BuildingFactory, HouseholdFactory, StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenxl", last_name="陈", first_name="晓琳")


@pytest.fixture
def unit():
    return HouseholdFactory(unit=UnitFactory(building=BuildingFactory(name="1栋"), number="1801", floor=18)).unit


def form_data(unit, **fields):
    return {
        "building": unit.building.pk, "unit_number": unit.number,
        "visited_at": timezone.localtime(timezone.now(), SHANGHAI).strftime("%Y-%m-%dT%H:%M"),
        "way": VisitWay.DOOR, "contact_name": "张先生", "contact_phone": "13800000000",
        "opinions": "", "satisfaction": Satisfaction.SATISFIED, "raised_as": "", "raised_reference": "", "note": "",
        **fields,
    }


def test_an_assistant_records_a_visit_by_building_and_unit_number(client, assistant, unit):
    client.force_login(assistant)
    assert client.get(reverse("visits_visit:record")).status_code == 200
    response = client.post(reverse("visits_visit:record"), form_data(unit, opinions="电梯等候时间长"))
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.visitor, visit.unit, visit.household, visit.opinions) == (
        assistant, unit, unit.households.get(), "电梯等候时间长",
    )


def test_an_unknown_unit_number_is_refused(client, assistant, unit):
    client.force_login(assistant)
    page = client.post(reverse("visits_visit:record"), form_data(unit, unit_number="9999"))
    assert "There is no unit 9999" in page.content.decode()
    assert not Visit.objects.exists()


def test_vs3_an_opinion_is_noted_as_raised_from_the_visits_page(client, assistant, unit):
    visit = services.record_visit(by=assistant, unit=unit, way=VisitWay.PHONE, contact_name="张先生",
                                  satisfaction=Satisfaction.DISSATISFIED, opinions="车库漏水")
    client.force_login(assistant)
    assert "data-visit-raise" in client.get(reverse("visits_visit:inspect", args=(visit.pk,))).content.decode()
    request = open_at_desk(by=assistant, kind="request", content="车库漏水", contact_name="张先生")
    client.post(reverse("visits_visit:raise", args=(visit.pk,)),
                {"raised_as": RaisedAs.REQUEST, "reference": request.reference})
    visit.refresh_from_db()
    assert (visit.raised_as, visit.raised_reference) == (RaisedAs.REQUEST, request.reference)


def test_an_assistant_sees_only_their_own_visits(client, assistant, unit):
    colleague = StaffUserFactory(groups=[ASSISTANT], username="wangfang")
    theirs = services.record_visit(by=colleague, unit=unit, way=VisitWay.DOOR, contact_name="李女士",
                                   satisfaction=Satisfaction.SATISFIED)
    client.force_login(assistant)
    assert client.get(reverse("visits_visit:inspect", args=(theirs.pk,))).status_code == 404
    client.force_login(StaffUserFactory(groups=[SUPERVISOR]))
    assert client.get(reverse("visits_visit:inspect", args=(theirs.pk,))).status_code == 200


def test_engineering_cannot_record_visits(client):
    client.force_login(StaffUserFactory(groups=[ENGINEERING]))
    assert client.get(reverse("visits_visit:record")).status_code == 403


def test_vs2_the_quota_page_lists_each_assistant_for_the_supervisor(client, assistant):
    busy = StaffUserFactory(groups=[ASSISTANT], username="busy")
    for unit in UnitFactory.create_batch(10):
        services.record_visit(by=busy, unit=unit, way=VisitWay.DOOR, contact_name="业主",
                              satisfaction=Satisfaction.SATISFIED, visited_at=datetime(2026, 10, 5, 10, tzinfo=SHANGHAI))
    client.force_login(StaffUserFactory(groups=[SUPERVISOR]))
    page = client.get(reverse("visits_visit:quota") + "?month=2026-10").content.decode()
    assert 'data-quota-user="busy"' in page
    assert 'data-quota-user="chenxl" data-short' in page

    client.force_login(assistant)
    own = client.get(reverse("visits_visit:quota") + "?month=2026-10").content.decode()
    assert 'data-quota-user="busy"' not in own  # an assistant sees their own line


def test_vs2_the_dashboard_shows_this_months_visits_against_the_quota(client, assistant, unit):
    services.record_visit(by=assistant, unit=unit, way=VisitWay.DOOR, contact_name="张先生",
                          satisfaction=Satisfaction.SATISFIED)
    client.force_login(assistant)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "This month you have visited 1 of 10 households" in page
    assert "9 still to visit" in page
