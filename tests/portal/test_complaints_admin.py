"""投诉受理 in the admin: the list with its filters and search, a complaint's record with its
facts, clocks, reply and follow-up, the desk's form for a phone complaint, the steps as
POST forms with their permissions, and the supervisors' dashboard panel."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.complaints import services
from portal.complaints.models import CaseState, Channel, ComplaintCase, Grade
from portal.organisation.groups import ASSISTANT, ENGINEERING, SUPERVISOR
from tests.factories import StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("complaints_case:index")


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenzhuli", last_name="陈", first_name="助理")


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR], username="linzhuguan", last_name="林", first_name="主管")


def client_for(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def desk_complaint(by, *, subject="大堂空调不制冷", name="李先生", phone="13912345678", unit=None, received_at=None):
    return services.record_complaint(by=by, channel=Channel.PHONE, complainant_name=name, complainant_phone=phone,
                                     subject=subject, unit=unit, received_at=received_at)


def listed(response) -> list[str]:
    return [case.reference for case in response.context["object_list"]]


def test_the_list_filters_by_grade_validity_state_overdue_and_building(client, assistant, supervisor):
    tower = UnitFactory(building__name="1栋")
    office = UnitFactory(building__name="2栋")
    minor = desk_complaint(assistant, unit=tower)
    major = desk_complaint(assistant, unit=office, subject="停电")
    services.assess(major, by=supervisor, valid=True, criteria=["sudden_outage"], opinion="立即处理。")
    invalid = desk_complaint(assistant, subject="快递丢失", received_at=timezone.now() - timedelta(hours=1))
    services.assess(invalid, by=supervisor, valid=False, invalid_reason="非物业责任。", explanation="已协助联系快递公司。")
    late = desk_complaint(assistant, subject="垃圾未清运", received_at=timezone.now() - timedelta(days=1))

    client = client_for(client, supervisor)
    assert set(listed(client.get(INDEX))) == {minor.reference, major.reference, invalid.reference, late.reference}
    assert listed(client.get(INDEX, {"grade": Grade.MAJOR})) == [major.reference]
    assert listed(client.get(INDEX, {"validity": "invalid"})) == [invalid.reference]
    assert set(listed(client.get(INDEX, {"validity": "undecided"}))) == {minor.reference, late.reference}
    assert listed(client.get(INDEX, {"state": CaseState.CLOSED})) == [invalid.reference]
    assert listed(client.get(INDEX, {"overdue": "true"})) == [late.reference]
    assert listed(client.get(INDEX, {"building": office.building.pk})) == [major.reference]
    assert listed(client.get(INDEX, {"q": "13912345678 垃圾"})) == [late.reference]
    assert listed(client.get(INDEX, {"q": late.reference})) == [late.reference]


def test_the_list_is_for_the_desk_only(client, assistant):
    desk_complaint(assistant)
    assert client_for(client, StaffUserFactory(groups=[ENGINEERING])).get(INDEX).status_code == 403


def test_the_desk_records_a_phone_complaint_in_the_admin(client, assistant):
    unit = UnitFactory()
    response = client_for(client, assistant).post(reverse("complaints_case:add"), {
        "channel": Channel.PHONE, "complainant_name": "罗先生", "complainant_phone": "13760001234", "unit": unit.pk,
        "subject": "车库灯不亮", "category": "facilities", "description": "B1区三盏灯不亮。",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "event": "",
    })

    case = ComplaintCase.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("complaints_case:inspect", args=(case.pk,))
    assert (case.channel, case.complainant_name, case.unit, case.received_by) == (Channel.PHONE, "罗先生", unit,
                                                                                   assistant)


def test_a_complaints_record_shows_its_facts_clocks_reply_and_follow_up(client, assistant, supervisor):
    case = desk_complaint(assistant, received_at=timezone.now() - timedelta(hours=13))
    services.assess(case, by=supervisor, valid=True, criteria=["severe_staff_attitude"], opinion="当面致歉。")
    services.record_result(case, by=supervisor, result="保安已致歉。")
    services.reply(case, by=assistant, method="phone", text="已向您致歉，感谢监督。")
    services.close(case, by=assistant)

    response = client_for(client, supervisor).get(reverse("complaints_case:inspect", args=(case.pk,)))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-complaint-grade="important"' in page
    assert "CP-3" in page
    assert "已向您致歉，感谢监督。" in page  # the reply record
    assert "data-followup-due" in page  # the follow-up opened on closing (CP-8)
    assert "History" in page and "Replied to the customer" in page
    assert "data-complaint-step" not in page  # a closed complaint has no next step


def test_an_overdue_clock_is_marked_on_the_record(client, assistant, supervisor):
    case = desk_complaint(assistant, received_at=timezone.now() - timedelta(hours=1))
    page = client_for(client, supervisor).get(reverse("complaints_case:inspect", args=(case.pk,))).content.decode()
    assert 'data-clock="forward_by" data-overdue' in page
    assert 'data-clock="reply_by" data-overdue' not in page


def test_the_supervisor_decides_validity_and_grade_through_the_form(client, assistant, supervisor):
    case = desk_complaint(assistant)
    url = reverse("complaints_case:assess", args=(case.pk,))
    response = client_for(client, supervisor).post(url, {
        "valid": "yes", "criteria": ["sudden_outage"], "deemed": "", "opinion": "立即上报，工程部抢修。",
    })

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.grade, case.opinion) == (CaseState.ASSESSED, Grade.MAJOR, "立即上报，工程部抢修。")


def test_a_refused_step_comes_back_as_a_message(client, assistant, supervisor):
    case = desk_complaint(assistant)
    response = client_for(client, supervisor).post(
        reverse("complaints_case:assess", args=(case.pk,)), {"valid": "no", "invalid_reason": "", "explanation": ""},
        follow=True,
    )
    assert "CP-1" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.RECEIVED


@pytest.mark.parametrize("action", ["assess", "record_result"])
def test_an_assistant_cannot_take_the_supervisors_steps(client, assistant, action):
    case = desk_complaint(assistant)
    response = client_for(client, assistant).post(reverse(f"complaints_case:{action}", args=(case.pk,)),
                                                  {"valid": "yes", "opinion": "处理。", "result": "已处理。"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.state == CaseState.RECEIVED


def test_steps_are_posted_only(client, assistant, supervisor):
    case = desk_complaint(assistant)
    response = client_for(client, supervisor).get(reverse("complaints_case:assess", args=(case.pk,)))
    assert response.status_code == 405


def test_the_supervisors_dashboard_counts_open_complaints_by_grade_and_lists_the_serious_ones(
    client, assistant, supervisor
):
    major = desk_complaint(assistant, subject="停电")
    services.assess(major, by=supervisor, valid=True, criteria=["sudden_outage"], opinion="立即处理。")
    desk_complaint(assistant, subject="垃圾未清运", received_at=timezone.now() - timedelta(days=1))
    desk_complaint(assistant, subject="大堂空调")

    page = client_for(client, supervisor).get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-count="major">1<' in page
    assert 'data-count="undecided">2<' in page
    assert 'data-count="overdue">1<' in page
    assert f'data-complaint="{major.reference}" data-grade="major"' in page

    assistant_page = client_for(client, assistant).get(reverse("wagtailadmin_home")).content.decode()
    assert "data-complaint-counts" not in assistant_page
