"""车位办理 in the admin: staff list parking applications, open one, and move it on with
the forms of the steps they may take."""

from decimal import Decimal

import pytest
from django.urls import reverse

from portal.organisation import groups
from portal.parkingcases.models import CaseState, ParkingCase
from tests.factories import StaffUserFactory, UserFactory

from .test_parkingcases_lifecycle import (  # noqa: F401  (fixtures)
    application,
    assistant,
    car,
    case,
    cashier,
    household,
    membership,
    owner,
    space,
    staff_read_english,
)

pytestmark = pytest.mark.django_db


def inspect_url(case):
    return reverse("parkingcases_parkingcase:inspect", args=(case.pk,))


def step_url(case, transition):
    return reverse(f"parkingcases_parkingcase:{transition}", args=(case.pk,))


def test_the_desk_opens_a_case_for_a_parking_application(client, owner, household, car, assistant):
    submission = application(owner, household, vehicle=car)
    client.force_login(assistant)

    add = client.get(reverse("parkingcases_parkingcase:add"))
    assert submission.reference in add.content.decode()
    response = client.post(reverse("parkingcases_parkingcase:add"), {"submission": submission.pk})

    case = ParkingCase.objects.get(submission=submission)
    assert response.status_code == 302 and response.url == inspect_url(case)
    listing = client.get(reverse("parkingcases_parkingcase:index"))
    assert submission.reference in listing.content.decode()


def test_a_case_page_offers_the_next_steps_the_user_may_take(client, case, space, assistant, cashier):
    client.force_login(assistant)
    page = client.get(inspect_url(case)).content.decode()
    assert 'data-transition="check_eligibility"' in page
    assert 'data-transition="refuse"' in page
    assert 'data-transition="record_payment"' not in page

    licence = {"licence_seen": "on", "licence_in_applicants_name": "on"}
    response = client.post(step_url(case, "check_eligibility"), licence)
    assert response.status_code == 302
    client.post(step_url(case, "assign_space"), {"space": space.pk})
    assert ParkingCase.objects.get(pk=case.pk).state == CaseState.SPACE_ASSIGNED

    payment = {"amount": "1800.00", "receipt_number": "SJ1"}
    assert client.post(step_url(case, "record_payment"), payment).status_code == 403

    client.force_login(cashier)
    page = client.get(inspect_url(case)).content.decode()
    assert 'data-transition="record_payment"' in page
    assert 'data-transition="refuse"' not in page
    client.post(step_url(case, "record_payment"), payment)
    assert ParkingCase.objects.get(pk=case.pk).amount_paid == Decimal("1800.00")

    client.force_login(assistant)
    client.post(step_url(case, "activate"), {"ic_card_number": "3000012345"})
    case = ParkingCase.objects.get(pk=case.pk)
    page = client.get(inspect_url(case)).content.decode()
    assert case.state == CaseState.ACTIVE
    assert reverse("documents:download", args=(case.agreement.pk,)) in page
    assert "data-transition" not in page


def test_a_refused_step_comes_back_as_a_message(client, case, assistant):
    client.force_login(assistant)

    response = client.post(step_url(case, "assign_space"), {"space": ""}, follow=True)

    assert ParkingCase.objects.get(pk=case.pk).state == CaseState.OPENED
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_people_without_access_see_nothing(client, case):
    client.force_login(StaffUserFactory(groups=[groups.ENGINEERING]))
    assert client.get(reverse("parkingcases_parkingcase:index")).status_code == 403
    assert client.post(step_url(case, "refuse"), {"reason": "x"}).status_code == 403
    client.force_login(UserFactory())
    assert client.post(step_url(case, "refuse"), {"reason": "x"}).status_code in (302, 403)
    assert ParkingCase.objects.get(pk=case.pk).state == CaseState.OPENED
