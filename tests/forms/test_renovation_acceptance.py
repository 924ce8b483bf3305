"""竣工验收申请: an owner asks for the completion acceptance of their own renovation; an
office must first upload its fire acceptance receipt."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.demo import ensure_home_page
from cms.models import ServiceIndexPage, ServicePage
from forms.wizards.renovation import AWAITING_APPROVAL_HELP, NO_RENOVATION_HELP, RenovationField
from portal.casework.models import Submission
from portal.casework.services import create_submission
from tests.factories import HouseholdMemberFactory, UnitFactory, UserFactory

from .conftest import Wizard, in_days, make_resident, pdf, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]


def renovation_of(person, status="approved"):
    unit = person.memberships.get().household.unit
    submission, _ = create_submission(procedure="renovation", applicant=person, answers={"role": "owner"}, unit=unit)
    Submission.objects.filter(pk=submission.pk).update(status=status)
    submission.refresh_from_db()
    return submission


@pytest.fixture
def acceptance(owner_client):
    return Wizard(owner_client, "renovation-acceptance")


@pytest.fixture
def office_owner(client, building):
    member = HouseholdMemberFactory(
        household__unit=UnitFactory(building=building, office=True, number="2501", floor=25),
        person__name="林总",
        person__mobile="13700137000",
        person__user=UserFactory(username="linzong"),
    )
    client.force_login(member.person.user)
    return member.person


def details(renovation, **changes):
    return {"renovation": renovation.pk, "preferred_at": in_days(3), "phone": "13800138000", **changes}


def test_a_home_owner_asks_for_the_acceptance_of_an_approved_renovation(acceptance, owner):
    approved = renovation_of(owner)
    first = acceptance.start()
    form = first.context["form"]
    assert list(form.fields["renovation"].queryset) == [approved]
    assert form["renovation"].value() == approved.pk  # the only one: chosen already
    assert approved.reference in first.content.decode()

    confirm = acceptance.post("details", **details(approved, remarks="周末上午方便"))
    assert step_of(confirm) == "confirm"  # no fire receipt for a home
    assert confirm.context["notes"]
    acceptance.post("confirm", confirm="on")

    submission = Submission.objects.get(procedure="renovation-acceptance")
    assert submission.answers["renovation"] == approved.reference
    assert submission.answers["remarks"] == "周末上午方便"
    assert submission.unit == approved.unit
    assert submission.household == approved.unit.households.get()
    assert not submission.files.exists()


def test_an_office_uploads_its_fire_acceptance_receipt_before_it_can_apply(client, office_owner):
    approved = renovation_of(office_owner, status="in_progress")
    wizard = Wizard(client, "renovation-acceptance")
    wizard.start()

    receipt_step = wizard.post("details", **details(approved))
    assert step_of(receipt_step) == "fire_receipt"
    assert receipt_step.context["wizard"]["steps"].count == 3
    without = wizard.post("fire_receipt")
    assert step_of(without) == "fire_receipt"
    assert without.context["form"].errors["fire_acceptance_receipt"]
    program = SimpleUploadedFile("消防验收.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    refused = wizard.post("fire_receipt", fire_acceptance_receipt=program)
    assert "消防验收.pdf" in " ".join(refused.context["form"].errors["fire_acceptance_receipt"])

    confirm = wizard.post("fire_receipt", fire_acceptance_receipt=pdf("消防验收意见书.pdf"))
    assert step_of(confirm) == "confirm"
    wizard.post("confirm", confirm="on")

    submission = Submission.objects.get(procedure="renovation-acceptance")
    assert submission.files.get().code == "fire_acceptance_receipt"
    assert submission.files.get().original_name == "消防验收意见书.pdf"


def test_the_fire_receipt_step_does_not_exist_for_a_home(acceptance, owner):
    renovation_of(owner)
    acceptance.start()

    response = acceptance.post("fire_receipt", fire_acceptance_receipt=pdf())

    assert response.status_code == 400
    assert not Submission.objects.filter(procedure="renovation-acceptance").exists()


def test_a_renovation_awaiting_approval_is_offered_when_there_is_no_other_and_the_owner_is_told(acceptance, owner):
    waiting = renovation_of(owner, status="submitted")
    renovation_of(owner, status="rejected")

    form = acceptance.start().context["form"]

    assert list(form.fields["renovation"].queryset) == [waiting]
    assert form.fields["renovation"].help_text == AWAITING_APPROVAL_HELP


def test_approved_renovations_are_offered_without_those_awaiting_approval(acceptance, owner):
    approved = renovation_of(owner)
    renovation_of(owner, status="submitted")

    form = acceptance.start().context["form"]

    assert list(form.fields["renovation"].queryset) == [approved]
    assert not form.fields["renovation"].help_text


def test_an_owner_without_a_renovation_is_told_to_apply_for_one_first(acceptance, owner):
    response = acceptance.start()
    assert str(NO_RENOVATION_HELP) in response.content.decode()

    refused = acceptance.post("details", renovation="", preferred_at=in_days(3), phone="13800138000")
    assert refused.context["form"].errors["renovation"]


def test_another_owners_renovation_is_refused(acceptance, owner, neighbour):
    renovation_of(owner)
    theirs = renovation_of(neighbour)
    acceptance.start()

    response = acceptance.post("details", **details(theirs))

    assert step_of(response) == "details"
    assert response.context["form"].errors["renovation"] == [str(RenovationField.default_error_messages["invalid_choice"])]
    assert not Submission.objects.filter(procedure="renovation-acceptance").exists()


def test_a_renovation_of_a_unit_the_owner_has_left_is_not_offered(acceptance, owner, building):
    renovation_of(owner)
    elsewhere = make_resident(building, "0606", "王建国", "wang-other")
    old = renovation_of(elsewhere)
    Submission.objects.filter(pk=old.pk).update(applicant=owner)  # theirs on paper, but not their unit

    form = acceptance.start().context["form"]

    assert old not in form.fields["renovation"].queryset


def test_an_owner_asks_for_acceptance_from_its_service_page(client, owner):
    home = ensure_home_page()
    services = home.add_child(instance=ServiceIndexPage(title="在线办事", slug="services"))
    services.add_child(instance=ServicePage(
        title="竣工验收申请", slug="renovation-acceptance", procedure="renovation-acceptance", intro="<p>装修完毕后申请。</p>"
    ))
    approved = renovation_of(owner)
    client.force_login(owner.user)
    wizard = Wizard(client, "renovation-acceptance")
    wizard.url = "/services/renovation-acceptance/apply/"

    assert "<h1>竣工验收申请</h1>" in wizard.start().content.decode()
    wizard.post("details", **details(approved))
    done = wizard.post("confirm", confirm="on")

    submission = Submission.objects.get(procedure="renovation-acceptance")
    assert done.url == f"{wizard.url}?receipt={submission.reference}"
