"""物品放行: the applicant says who carries which large items out, why and when; moving
out with fees owed is refused until they are paid, and the consent call is the service
centre's step, not a refusal."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from cms.demo import ensure_home_page
from cms.models import ServiceIndexPage, ServicePage
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.services import create_submission
from portal.documents.models import DocumentKind, IssuedDocument
from tests.factories import HouseholdMemberFactory, LedgerEntryFactory, UserFactory

from .conftest import Wizard, make_resident, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]

WORKER_ID = "440305199203150027"


@pytest.fixture(autouse=True)
def in_english(client):
    """The applicant reads the English pages, so that what is asserted does not depend on the translations."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def day(days: int = 0):
    return timezone.localdate() + timedelta(days=days)


def unit_of(person):
    return person.memberships.get().household.unit


@pytest.fixture
def release(owner_client):
    return Wizard(owner_client, "release-pass")


@pytest.fixture
def tenant(owner):
    return HouseholdMemberFactory(
        household=owner.memberships.get().household,
        tenant=True,
        person__name="陈静",
        person__user=UserFactory(username="chenjing"),
    ).person


def owes(unit, amount="300.00", due=None):
    """An unpaid water bill of ``amount``, due on ``due`` (default: ten days ago)."""
    due = due or day(-10)
    return LedgerEntryFactory(unit=unit, category="water", amount=Decimal(amount), entry_date=due - timedelta(days=15),
                              due_on=due, description="水费")


def apply(wizard, unit, *, carrier="owner", purpose="temporary", when=0, **carrier_fields):
    wizard.client.get(f"{wizard.url}?new=1")
    wizard.post("carrier", unit=unit.pk, carrier=carrier, carrier_name=carrier_fields.pop("carrier_name", "王建国"),
                carrier_id_number=carrier_fields.pop("carrier_id_number", WORKER_ID), **carrier_fields)
    wizard.post("items", items_0="沙发", items_1="1", items_2="纸箱", items_3="6")
    return wizard.post("purpose", purpose=purpose, pass_date=day(when).isoformat())


def preview_of(response) -> dict:
    return dict(response.context["preview_rows"])


def test_an_owner_takes_out_a_sofa_and_gets_a_reference(release, owner):
    first = release.start()
    form = first.context["form"]
    assert form["carrier"].value() == "owner"  # from the register
    assert form["carrier_name"].value() == owner.name
    assert form["carrier_id_number"].value() == owner.id_number

    unit = unit_of(owner)
    release.post("carrier", unit=unit.pk, carrier="owner", carrier_name=owner.name, carrier_id_number=owner.id_number)
    release.post("items", items_0="三人沙发", items_1="1", items_2="纸箱", items_3="6")
    confirm = release.post("purpose", purpose="temporary", pass_date=day(1).isoformat())

    assert step_of(confirm) == "confirm"
    assert confirm.context["can_submit"] is True
    assert not confirm.context["denial_reasons"]
    assert preview_of(confirm)["Consent"] == "Not needed: the owner carries their own goods."
    assert "三人沙发 × 1<br>纸箱 × 6" in confirm.content.decode()

    release.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert submission.procedure == "release-pass"
    assert submission.unit == unit
    assert submission.answers["items"] == [{"item": "三人沙发", "quantity": 1}, {"item": "纸箱", "quantity": 6}]
    assert submission.answers["purpose"] == "temporary"
    assert submission.answers["pass_date"] == day(1).isoformat()
    # Stored as decided when submitted: the pass is not signed yet (GR-6), which the desk does.
    assert submission.decision["values"] == {"consent_from": None, "flagged": False}
    assert [reason["policy_id"] for reason in submission.decision["reasons"]] == ["GR-6"]


def test_a_tenant_moving_out_is_told_the_owner_will_be_phoned(client, tenant):
    client.force_login(tenant.user)
    release = Wizard(client, "release-pass")

    confirm = apply(release, unit_of(tenant), carrier="tenant", purpose="move_out", carrier_name="陈静")

    assert confirm.context["can_submit"] is True  # the consent call is the desk's step, not a refusal
    preview = preview_of(confirm)
    assert preview[f"Fees owed on {day(0).isoformat()}"] == "Nothing: all settled."
    assert preview["Consent"].startswith("The service centre phones the owner of the unit for consent")
    release.post("confirm", confirm="on")
    submission = Submission.objects.get()
    assert submission.decision["values"]["consent_from"] == "owner"
    assert submission.decision["outcome"] == "deny"  # consent not asked yet when submitted
    assert "GR-5" in [reason["policy_id"] for reason in submission.decision["reasons"]]


def test_moving_out_with_fees_owed_is_refused_until_they_are_paid(release, owner):
    unit = unit_of(owner)
    owes(unit, "300.00")

    confirm = apply(release, unit, purpose="move_out")

    assert confirm.context["can_submit"] is False
    assert [reason.policy_id for reason in confirm.context["denial_reasons"]] == ["GR-4"]
    page = confirm.content.decode()
    assert "尚欠300.00元" in page  # how much
    assert "cashier" in page  # where to pay it
    assert "phones" not in " ".join(reason.message for reason in confirm.context["denial_reasons"])
    assert preview_of(confirm)[f"Fees owed on {day(0).isoformat()}"] == "¥300.00"

    response = release.post("confirm", confirm="on")
    assert step_of(response) == "confirm"
    assert not Submission.objects.exists()


def test_fees_owed_are_counted_up_to_the_day_the_goods_leave(release, owner):
    unit = unit_of(owner)
    owes(unit, "120.50", due=day(5))  # not due yet today, due by the day of the move

    today = apply(release, unit, purpose="move_out", when=0)
    assert today.context["can_submit"] is True

    in_a_week = apply(release, unit, purpose="move_out", when=7)
    assert in_a_week.context["can_submit"] is False
    assert "尚欠120.50元" in in_a_week.content.decode()


def test_fees_owed_do_not_stop_a_temporary_pass(release, owner):
    unit = unit_of(owner)
    owes(unit)

    confirm = apply(release, unit, purpose="temporary")

    assert confirm.context["can_submit"] is True
    assert "Fees owed" not in " ".join(str(label) for label, _value in confirm.context["preview_rows"])


def issued_pass(unit, *, days_ago: float) -> IssuedDocument:
    """A release pass the service centre issued for ``unit`` ``days_ago`` days ago."""
    return IssuedDocument.objects.create(
        kind=DocumentKind.RELEASE_PASS, number=f"FX-{IssuedDocument.objects.count() + 1:06d}", unit=unit,
        issued_at=timezone.now() - timedelta(days=days_ago),
    )


def test_frequent_temporary_passes_are_flagged_for_staff_only(release, owner):
    unit = unit_of(owner)
    for days_ago in (1, 3, 6):
        issued_pass(unit, days_ago=days_ago)
    issued_pass(unit, days_ago=8)  # outside the window

    confirm = apply(release, unit, purpose="temporary")

    assert confirm.context["can_submit"] is True
    page = confirm.content.decode()
    assert "GR-3" not in page and "频繁" not in page
    release.post("confirm", confirm="on")
    submission = Submission.objects.latest("submitted_at")
    assert submission.decision["values"]["flagged"] is True
    assert "GR-3" in [reason["policy_id"] for reason in submission.decision["reasons"]]


@pytest.mark.parametrize("status", [SubmissionStatus.REJECTED, SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED])
def test_only_passes_issued_count_towards_frequent_passes(release, owner, status):
    """GR-3 counts passes: applications refused, or not issued yet, are not passes."""
    unit = unit_of(owner)
    for days_ago in (1, 2, 3):
        application, _created = create_submission(procedure="release-pass", applicant=owner, answers={},
                                                   unit=unit, submitted_at=timezone.now() - timedelta(days=days_ago))
        application.status = status
        application.save()

    apply(release, unit, purpose="temporary")
    release.post("confirm", confirm="on")

    assert Submission.objects.latest("submitted_at").decision["values"]["flagged"] is False


def test_a_company_employee_names_whom_to_ask_for_consent(release, owner):
    release.start()
    fields = {"unit": unit_of(owner).pk, "carrier": "company_employee", "carrier_name": "刘强",
              "carrier_id_number": WORKER_ID}

    missing = release.post("carrier", **fields)
    assert step_of(missing) == "carrier"
    assert set(missing.context["form"].errors) == {"consent_name", "consent_phone"}

    release.post("carrier", consent_name="周经理", consent_phone="0755-26001234", **fields)
    release.post("items", items_0="台式电脑", items_1="2")
    confirm = release.post("purpose", purpose="temporary", pass_date=day(0).isoformat())
    consent = preview_of(confirm)["Consent"]
    assert "周经理 (0755-26001234), the company's responsible person" in consent
    assert "cannot be reached" in consent
    assert confirm.context["can_submit"] is True


def test_a_renovation_worker_needs_the_renovation_leads_consent(release, owner):
    confirm = apply(release, unit_of(owner), carrier="renovation_worker", carrier_name="李师傅",
                    consent_name="黄工", consent_phone="13600136000")

    assert "黄工 (13600136000), the renovation's responsible person" in preview_of(confirm)["Consent"]
    assert confirm.context["can_submit"] is True


def test_the_owner_is_phoned_for_a_domestic_worker(release, owner):
    confirm = apply(release, unit_of(owner), carrier="domestic_worker", carrier_name="张阿姨")

    assert preview_of(confirm)["Consent"].startswith("The service centre phones you, the owner, to confirm")


def test_at_least_one_item_with_its_quantity_is_needed(release, owner):
    release.start()
    release.post("carrier", unit=unit_of(owner).pk, carrier="owner", carrier_name="王建国",
                 carrier_id_number=WORKER_ID)

    nothing = release.post("items")
    assert step_of(nothing) == "items"
    assert nothing.context["form"].errors["items"]
    no_quantity = release.post("items", items_0="冰箱")
    assert "Row 1" in str(no_quantity.context["form"].errors["items"])


def test_the_carriers_id_number_is_checked(release, owner):
    release.start()
    response = release.post("carrier", unit=unit_of(owner).pk, carrier="owner", carrier_name="王建国",
                            carrier_id_number="440305199203150028")

    assert step_of(response) == "carrier"
    assert "carrier_id_number" in response.context["form"].errors


def test_another_owners_unit_is_refused(release, owner, building):
    stranger = make_resident(building, "0801", "孙九", "sun9", mobile="13600136000")
    release.start()

    response = release.post("carrier", unit=unit_of(stranger).pk, carrier="owner", carrier_name="王建国",
                            carrier_id_number=WORKER_ID)

    assert step_of(response) == "carrier"
    assert "not registered to you" in str(response.context["form"].errors["unit"])
    assert not Submission.objects.exists()


def test_a_step_that_does_not_exist_is_answered_with_a_message(release, owner):
    release.start()
    response = release.post("gate", whatever="x")

    assert response.status_code == 400
    assert step_of(response) == "carrier"
    assert not Submission.objects.exists()


def test_an_owner_applies_from_the_service_page(client, owner):
    services = ensure_home_page().add_child(instance=ServiceIndexPage(title="在线办事", slug="services"))
    services.add_child(instance=ServicePage(title="物品放行", slug="release-pass", procedure="release-pass",
                                            intro="<p>大件物品出门须办理放行条。</p>"))
    client.force_login(owner.user)
    release = Wizard(client, "release-pass")
    release.url = "/services/release-pass/apply/"

    assert step_of(apply(release, unit_of(owner))) == "confirm"
    done = release.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert done.url == f"/services/release-pass/apply/?receipt={submission.reference}"
    assert submission.reference in client.get(done.url).content.decode()
