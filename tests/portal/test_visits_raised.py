"""VS-3: the reference of the case a visit's opinion was raised as names an existing
complaint, request or suggestion of that kind, and the visit's page links to it for staff
who may open it."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from portal.complaints import services as complaints
from portal.complaints.models import Channel
from portal.organisation.groups import ASSISTANT
from portal.policies.adapter import SHANGHAI
from portal.servicerequests import services as servicerequests
from portal.visits import services
from portal.visits.models import RaisedAs, Satisfaction, Visit, VisitWay
from tests.factories import BuildingFactory, HouseholdFactory, StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenxl")


@pytest.fixture
def unit():
    return HouseholdFactory(unit=UnitFactory(building=BuildingFactory(name="1栋"), number="1801", floor=18)).unit


@pytest.fixture
def complaint(assistant):
    return complaints.record_complaint(by=assistant, channel=Channel.DESK, complainant_name="张先生",
                                       subject="楼下商铺油烟扰民")


@pytest.fixture
def suggestion(assistant):
    return servicerequests.open_at_desk(by=assistant, kind="suggestion", content="快递柜经常满", contact_name="张先生")


def form_data(unit, **fields):
    return {
        "building": unit.building.pk, "unit_number": unit.number,
        "visited_at": timezone.localtime(timezone.now(), SHANGHAI).strftime("%Y-%m-%dT%H:%M"),
        "way": VisitWay.DOOR, "contact_name": "张先生", "contact_phone": "", "opinions": "楼下商铺油烟扰民",
        "satisfaction": Satisfaction.DISSATISFIED, "raised_as": "", "raised_reference": "", "note": "", **fields,
    }


def record(client, unit, **fields):
    return client.post(reverse("visits_visit:record"), form_data(unit, **fields))


@pytest.mark.parametrize(
    ("raised_as", "reference", "message"),
    [
        (RaisedAs.COMPLAINT, "TS-2026-999999", "没有编号为 TS-2026-999999 的投诉。"),
        (RaisedAs.REQUEST, "suggestion", "是建议，不是需求。"),
        (RaisedAs.COMPLAINT, "suggestion", "的投诉。"),
        ("", "suggestion", "请先选择意见转入的程序，再填写转入案件编号。"),
    ],
)
def test_the_record_form_refuses_a_reference_that_names_no_such_case(client, assistant, unit, suggestion, raised_as,
                                                                     reference, message):
    reference = suggestion.reference if reference == "suggestion" else reference
    client.force_login(assistant)

    page = record(client, unit, raised_as=raised_as, raised_reference=reference).content.decode()

    assert message in page
    assert not Visit.objects.exists()


def test_a_visit_raised_as_a_complaint_links_to_it(client, assistant, unit, complaint):
    client.force_login(assistant)

    response = record(client, unit, raised_as=RaisedAs.COMPLAINT, raised_reference=complaint.reference.lower())

    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.raised_reference == complaint.reference  # stored as the case has it
    page = client.get(reverse("visits_visit:inspect", args=(visit.pk,))).content.decode()
    case_url = reverse("complaints_case:inspect", args=(complaint.pk,))
    assert f'<a href="{case_url}" data-case-link>{complaint.reference} 楼下商铺油烟扰民</a>' in page


def test_an_unknown_reference_noted_on_the_visits_page_comes_back_as_a_message(client, assistant, unit, suggestion):
    visit = services.record_visit(by=assistant, unit=unit, way=VisitWay.PHONE, contact_name="张先生",
                                  satisfaction=Satisfaction.NEUTRAL, opinions="快递柜经常满")
    client.force_login(assistant)
    inspect = reverse("visits_visit:inspect", args=(visit.pk,))

    response = client.post(reverse("visits_visit:raise", args=(visit.pk,)),
                           {"raised_as": RaisedAs.SUGGESTION, "reference": "XQ-2026-999999"}, follow=True)

    assert "没有编号为 XQ-2026-999999 的建议。" in response.content.decode()
    visit.refresh_from_db()
    assert (visit.raised_as, visit.raised_reference) == ("", "")
    client.post(reverse("visits_visit:raise", args=(visit.pk,)),
                {"raised_as": RaisedAs.SUGGESTION, "reference": suggestion.reference})
    case_url = reverse("servicerequests_request:inspect", args=(suggestion.pk,))
    assert f'href="{case_url}"' in client.get(inspect).content.decode()


def test_staff_who_may_not_open_the_case_read_the_reference_as_text(client, assistant, unit, complaint):
    visit = services.record_visit(by=assistant, unit=unit, way=VisitWay.DOOR, contact_name="张先生",
                                  satisfaction=Satisfaction.DISSATISFIED, opinions="楼下商铺油烟扰民",
                                  raised_as=RaisedAs.COMPLAINT, raised_reference=complaint.reference)
    overseer = StaffUserFactory(username="visits-only")
    overseer.user_permissions.set(Permission.objects.filter(
        codename__in=("access_admin", "view_visit", "oversee_visit"),
        content_type__app_label__in=("wagtailadmin", "visits"),
    ))
    client.force_login(overseer)

    page = client.get(reverse("visits_visit:inspect", args=(visit.pk,))).content.decode()

    assert f"{complaint.reference} 楼下商铺油烟扰民" in page
    assert reverse("complaints_case:inspect", args=(complaint.pk,)) not in page


def test_the_service_refuses_an_unknown_reference(assistant, unit):
    with pytest.raises(services.VisitError):
        services.record_visit(by=assistant, unit=unit, way=VisitWay.DOOR, contact_name="张先生",
                              satisfaction=Satisfaction.NEUTRAL, opinions="电梯异响", raised_as=RaisedAs.REQUEST,
                              raised_reference="XQ-2026-999999")
    assert not Visit.objects.exists()
