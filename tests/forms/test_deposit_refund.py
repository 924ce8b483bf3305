"""押金退还申请: the renovation deposit comes back 3 months after the completion acceptance
(offices 15 days), less unpaid fines and fees; a contractor's request needs the owner's
consent. The owner sees the date and the deductions before submitting."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext as t

from cms.demo import ensure_home_page
from cms.models import ServiceIndexPage, ServicePage
from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.casework.models import Submission
from portal.casework.services import create_submission
from portal.demo.months import add_months
from portal.estate.models import LedgerCategory, LedgerKind
from tests.factories import HouseholdMemberFactory, LedgerEntryFactory, UnitFactory, UserFactory

from .conftest import Wizard, in_days, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]

TODAY = timezone.localdate


def ago(days: int):
    return TODAY() - timedelta(days=days)


def unit_of(person):
    return person.memberships.get().household.unit


def renovation_of(person, *, status="approved", deposit="2000.00", days_ago=200):
    """An approved renovation applied for ``days_ago`` days ago, charged ``deposit``."""
    decision = {"values": {"items": [{"code": "deposit", "amount": deposit}, {"code": "debris_removal",
                                                                              "amount": "300.00"}]}}
    submitted_at = timezone.now() - timedelta(days=days_ago)
    submission, _ = create_submission(procedure="renovation", applicant=person, answers={"role": "owner"},
                                      unit=unit_of(person), decision=decision, submitted_at=submitted_at)
    Submission.objects.filter(pk=submission.pk).update(status=status)
    submission.refresh_from_db()
    return submission


def accepted(renovation, on_day):
    """Staff approved the renovation's completion acceptance on ``on_day``."""
    acceptance, _ = create_submission(procedure="renovation-acceptance", applicant=renovation.applicant,
                                      answers={"renovation": renovation.reference}, unit=renovation.unit)
    Submission.objects.filter(pk=acceptance.pk).update(status="approved")
    event = record(acceptance, "approved", from_state="submitted", to_state="approved")
    noon = timezone.make_aware(datetime.combine(on_day, time(12)))
    AuditEvent.objects.filter(pk=event.pk).update(at=noon)
    return acceptance


def deposit_paid(unit, amount="2000.00", days_ago=200):
    LedgerEntryFactory(unit=unit, kind=LedgerKind.PAYMENT, category=LedgerCategory.DEPOSIT,
                       amount=Decimal(amount), entry_date=ago(days_ago), due_on=None)


def charged(unit, category, amount, days_ago=30):
    LedgerEntryFactory(unit=unit, category=category, amount=Decimal(amount), entry_date=ago(days_ago),
                       due_on=ago(days_ago))


@pytest.fixture
def refund(owner_client):
    return Wizard(owner_client, "deposit-refund")


def details(renovation, **changes):
    return {"renovation": renovation.pk, "requested_by": "owner", "phone": "13800138000", **changes}


def preview_of(response) -> dict:
    return {str(label): str(value) for label, value in response.context["preview_rows"]}


def test_the_owner_sees_the_refund_less_fines_and_fees_and_asks_for_it(refund, owner):
    unit = unit_of(owner)
    renovation = renovation_of(owner)
    accepted(renovation, ago(120))
    deposit_paid(unit)
    charged(unit, LedgerCategory.FINE, "200.00")  # a violation recorded during the works (RN-14)
    charged(unit, LedgerCategory.MANAGEMENT_FEE, "251.22")
    charged(unit, LedgerCategory.WATER, "30.00", days_ago=60)
    LedgerEntryFactory(unit=unit, kind=LedgerKind.PAYMENT, category=LedgerCategory.WATER, amount=Decimal("30.00"),
                       entry_date=ago(55), due_on=None)  # paid: not deducted

    first = refund.start()
    assert first.context["form"]["renovation"].value() == renovation.pk
    confirm = refund.post("details", **details(renovation))

    assert step_of(confirm) == "confirm"  # the acceptance date is on record
    assert confirm.context["wizard"]["steps"].count == 2
    preview = preview_of(confirm)
    assert preview[t("Refundable from")] == add_months(ago(120), 3).isoformat()
    assert preview[t("Renovation deposit")] == "¥2,000.00"
    assert preview[t("Less unpaid fines")] == "¥200.00"
    assert preview[t("Less unpaid fees")] == "¥251.22"
    assert preview[t("Refund as things stand")] == "¥1,548.78"
    assert t("Still to pay after the deposit") not in preview
    assert confirm.context["can_submit"] is True

    refund.post("confirm", confirm="on")

    submission = Submission.objects.get(procedure="deposit-refund")
    assert submission.unit == unit
    assert submission.answers["renovation"] == renovation.reference
    assert submission.answers["requested_by"] == "owner"
    assert submission.answers["acceptance_date"] == ago(120).isoformat()
    assert submission.answers["acceptance_on_record"] is True
    assert submission.decision["outcome"] == "allow"
    assert submission.decision["values"]["refund_amount"] == "1548.78"


def test_asking_before_three_months_is_refused_with_the_day_to_come_back(refund, owner):
    renovation = renovation_of(owner)
    refund.start()

    step = refund.post("details", **details(renovation))
    assert step_of(step) == "acceptance"  # nothing on record: the owner says when
    confirm = refund.post("acceptance", acceptance_date=ago(30).isoformat())

    assert step_of(confirm) == "confirm"
    html = confirm.content.decode()
    refundable_from = add_months(ago(30), 3).isoformat()
    assert refundable_from in html  # in the reason (RN-17) and the preview
    assert confirm.context["denied"] is True
    assert confirm.context["can_submit"] is False
    assert "0755-8888 6666" in html
    response = refund.post("confirm", confirm="on")
    assert step_of(response) == "confirm"
    assert not Submission.objects.filter(procedure="deposit-refund").exists()


@pytest.mark.parametrize(("days_ago", "allowed"), [(15, True), (14, False)])
def test_an_office_waits_fifteen_days(client, building, days_ago, allowed):
    member = HouseholdMemberFactory(
        household__unit=UnitFactory(building=building, office=True, number="2501", floor=25),
        person__name="林总", person__mobile="13700137000", person__user=UserFactory(username="linzong"),
    )
    client.force_login(member.person.user)
    renovation = renovation_of(member.person, deposit="10000.00")
    accepted(renovation, ago(days_ago))
    wizard = Wizard(client, "deposit-refund")
    wizard.start()

    confirm = wizard.post("details", **details(renovation))

    assert preview_of(confirm)[t("Refundable from")] == (ago(days_ago) + timedelta(days=15)).isoformat()
    assert preview_of(confirm)[t("Renovation deposit")] == "¥10,000.00"  # as charged: nothing in the ledger
    assert confirm.context["can_submit"] is allowed


def test_a_contractors_request_needs_the_owners_consent(refund, owner):
    renovation = renovation_of(owner)
    accepted(renovation, ago(100))
    refund.start()

    confirm = refund.post("details", **details(renovation, requested_by="contractor"))
    assert confirm.context["can_submit"] is False
    assert any(reason.policy_id == "RN-19" for reason in confirm.context["decision"].reasons)
    assert confirm.context["denied_help"] in confirm.content.decode()  # ask the owner to confirm

    refund.back("confirm", "details")
    confirm = refund.post("details", **details(renovation, requested_by="contractor", owner_consent="on"))
    assert confirm.context["can_submit"] is True
    refund.post("confirm", confirm="on")
    submission = Submission.objects.get(procedure="deposit-refund")
    assert submission.answers["owner_consent"] is True
    assert submission.decision["outcome"] == "allow"


def test_deductions_beyond_the_deposit_are_still_to_pay(refund, owner):
    unit = unit_of(owner)
    renovation = renovation_of(owner)
    accepted(renovation, ago(100))
    deposit_paid(unit)
    charged(unit, LedgerCategory.FINE, "2500.00")

    refund.start()

    confirm = refund.post("details", **details(renovation))

    preview = preview_of(confirm)
    assert preview[t("Refund as things stand")] == "¥0.00"
    assert preview[t("Still to pay after the deposit")] == "¥500.00"


def test_a_deposit_already_refunded_in_the_ledger_falls_back_to_the_one_charged(refund, owner):
    unit = unit_of(owner)
    renovation = renovation_of(owner, deposit="2000.00")
    accepted(renovation, ago(100))
    deposit_paid(unit, "3000.00", days_ago=400)
    LedgerEntryFactory(unit=unit, kind=LedgerKind.REFUND, category=LedgerCategory.DEPOSIT,
                       amount=Decimal("3000.00"), entry_date=ago(300), due_on=None)  # an earlier renovation's
    refund.start()

    confirm = refund.post("details", **details(renovation))

    assert preview_of(confirm)[t("Renovation deposit")] == "¥2,000.00"


def test_a_deposit_is_asked_back_only_once(refund, owner):
    renovation = renovation_of(owner)
    accepted(renovation, ago(100))
    refund.start()
    refund.post("details", **details(renovation))
    refund.post("confirm", confirm="on")

    refund.start()
    again = refund.post("details", **details(renovation))

    assert step_of(again) == "details"
    assert Submission.objects.get(procedure="deposit-refund").reference in " ".join(
        again.context["form"].errors["renovation"]
    )


@pytest.mark.parametrize("accepted_on", [lambda: in_days(1)[:10], lambda: ago(300).isoformat()])
def test_an_acceptance_date_in_the_future_or_before_the_renovation_is_refused(refund, owner, accepted_on):
    renovation = renovation_of(owner, days_ago=200)
    refund.start()
    refund.post("details", **details(renovation))

    response = refund.post("acceptance", acceptance_date=accepted_on())

    assert step_of(response) == "acceptance"
    assert response.context["form"].errors["acceptance_date"]


def test_another_owners_renovation_is_refused(refund, owner, neighbour):
    renovation_of(owner)
    theirs = renovation_of(neighbour)
    accepted(theirs, ago(120))
    refund.start()

    response = refund.post("details", **details(theirs))

    assert step_of(response) == "details"
    assert response.context["form"].errors["renovation"]
    assert not Submission.objects.filter(procedure="deposit-refund").exists()


def test_an_owner_asks_for_the_deposit_from_its_service_page(client, owner):
    home = ensure_home_page()
    services = home.add_child(instance=ServiceIndexPage(title="在线办事", slug="services"))
    services.add_child(instance=ServicePage(
        title="押金退还申请", slug="deposit-refund", procedure="deposit-refund", intro="<p>竣工验收后申请。</p>"
    ))
    renovation = renovation_of(owner)
    accepted(renovation, ago(120))
    client.force_login(owner.user)
    wizard = Wizard(client, "deposit-refund")
    wizard.url = "/services/deposit-refund/apply/"

    assert "<h1>押金退还申请</h1>" in wizard.start().content.decode()
    wizard.post("details", **details(renovation))
    done = wizard.post("confirm", confirm="on")

    submission = Submission.objects.get(procedure="deposit-refund")
    assert done.url == f"{wizard.url}?receipt={submission.reference}"
