"""装修管理 in the admin: the list with its filters, a case's page with its steps as POST
forms, refusals as messages, and the project manager's panel of renovations to approve."""

from decimal import Decimal

import pytest
from django.urls import reverse

from portal.documents import records
from portal.organisation.groups import CASHIER, ENGINEERING
from portal.policies import adapter
from portal.renovations import services
from portal.renovations.models import CaseState
from tests.factories import StaffUserFactory
from tests.portal.test_renovations_lifecycle import (  # noqa: F401  (fixtures)
    application,
    case_of,
    owner,
    staff,
    today,
    unit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def complete_case(owner, unit, staff):
    case = case_of(application(unit, owner))
    services.mark_complete(case, by=staff["assistant"])
    return case


def test_the_manager_approves_from_the_case_page(english, complete_case, staff):
    english.force_login(staff["manager"])
    page = english.get(reverse("renovations_case:inspect", args=(complete_case.pk,)))

    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-renovation-step="approve"' in html and 'data-renovation-step="refuse"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Approval due by (RN-10)" in html

    response = english.post(reverse("renovations_case:approve", args=(complete_case.pk,)), {"note": ""}, follow=True)

    complete_case.refresh_from_db()
    assert complete_case.state == CaseState.APPROVED
    assert f"The renovation {complete_case.submission.reference} is approved." in response.content.decode()


def test_steps_of_other_groups_are_neither_offered_nor_accepted(english, complete_case):
    engineer = StaffUserFactory(groups=[ENGINEERING])
    english.force_login(engineer)

    page = english.get(reverse("renovations_case:inspect", args=(complete_case.pk,)))
    assert page.status_code == 200
    assert "data-renovation-step" not in page.content.decode()

    response = english.post(reverse("renovations_case:approve", args=(complete_case.pk,)))
    assert response.status_code == 403
    complete_case.refresh_from_db()
    assert complete_case.state == CaseState.COMPLETE


def test_a_gate_denial_comes_back_with_its_policy_ids(english, owner, unit, staff):
    case = case_of(application(unit, owner, documents=False))
    english.force_login(staff["assistant"])

    response = english.post(reverse("renovations_case:mark_complete", args=(case.pk,)), {"note": ""}, follow=True)

    html = response.content.decode()
    assert "Not possible yet." in html and "RN-2" in html
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED


def test_the_list_filters_overdue_renovations(english, complete_case, owner, unit, staff, today):
    other = case_of(application(unit, owner))
    english.force_login(staff["manager"])
    today.move((complete_case.approval_due - adapter.today()).days + 1)

    html = english.get(reverse("renovations_case:index"), {"overdue": "true"}).content.decode()

    assert complete_case.submission.reference in html
    assert other.submission.reference not in html


def test_the_managers_panel_lists_renovations_waiting_for_approval(english, complete_case, staff):
    english.force_login(staff["manager"])

    html = english.get(reverse("wagtailadmin_home")).content.decode()

    assert "Renovations waiting for approval" in html
    assert complete_case.submission.reference in html


def test_the_panel_is_the_managers_only(english, complete_case):
    english.force_login(StaffUserFactory(groups=[CASHIER]))

    assert "Renovations waiting for approval" not in english.get(reverse("wagtailadmin_home")).content.decode()


def test_the_cashier_records_the_fees_through_the_form(english, complete_case, staff, monkeypatch):
    monkeypatch.setattr(records, "render_pdf", lambda template, context: b"%PDF stub")
    services.approve(complete_case, by=staff["manager"])
    english.force_login(staff["cashier"])
    page = english.get(reverse("renovations_case:inspect", args=(complete_case.pk,))).content.decode()
    assert 'data-renovation-step="record_fees"' in page

    english.post(reverse("renovations_case:record_fees", args=(complete_case.pk,)),
                 {"receipt_number": "SJ-7", "amount": "2340.00"})

    complete_case.refresh_from_db()
    assert (complete_case.state, complete_case.deposit) == (CaseState.FEES_COLLECTED, Decimal("2000.00"))


def test_the_permit_form_takes_one_worker_a_line(english, complete_case, staff, monkeypatch):
    monkeypatch.setattr(records, "render_pdf", lambda template, context: b"%PDF stub")
    services.approve(complete_case, by=staff["manager"])
    services.record_fees(complete_case, by=staff["cashier"], receipt_number="SJ-7", amount=Decimal("2340.00"))
    services.confirm_protection(complete_case, by=staff["engineer"])
    english.force_login(staff["assistant"])

    english.post(reverse("renovations_case:issue_permit", args=(complete_case.pk,)),
                 {"workers": "李四，440305199001011234，13900000001\n王五 440305199202022345"})

    complete_case.refresh_from_db()
    assert complete_case.state == CaseState.IN_PROGRESS
    assert [(w.name, w.phone) for w in complete_case.workers.all()] == [("李四", "13900000001"), ("王五", "")]
    html = english.get(reverse("renovations_case:inspect", args=(complete_case.pk,))).content.decode()
    assert "data-permit-download" in html
    assert reverse("documents:download", args=(complete_case.permit.pk,)) in html


def test_staff_without_the_view_permission_do_not_see_the_list(client):
    client.force_login(StaffUserFactory(groups=[]))
    assert client.get(reverse("renovations_case:index")).status_code in (302, 403)

