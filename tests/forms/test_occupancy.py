"""入住登记: an owner registers moving in on their word; a tenant adds the lease, the
tenant form and the safety pledge, and the owner is asked to confirm."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from cms.demo import ensure_home_page
from cms.models import ServiceIndexPage, ServicePage
from portal.casework.models import Submission
from portal.estate.models import OccupancyStatus
from tests.factories import HouseholdMemberFactory, UserFactory

from .conftest import Wizard, make_resident, pdf, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]

TENANT_ID = "440305199203150027"


@pytest.fixture(autouse=True)
def in_english(client):
    """The applicant reads the English pages, so that what is asserted does not depend on the translations."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def unit_of(person):
    return person.memberships.get().household.unit


@pytest.fixture
def tenant(owner):
    """A tenant in the owner's household, with a login."""
    return HouseholdMemberFactory(
        household=owner.memberships.get().household,
        tenant=True,
        person__name="陈静",
        person__id_number=TENANT_ID,
        person__mobile="13500135000",
        person__birthday=None,
        person__user=UserFactory(username="chenjing"),
    ).person


@pytest.fixture
def occupancy(client):
    return Wizard(client, "occupancy")


def tenant_registers(occupancy, unit, *, tenant_name="陈静", signature="陈静"):
    occupancy.start()
    occupancy.post("occupant", unit=unit.pk, occupant="tenant", move_in_date=in_days(3))
    occupancy.post("lease", lease=pdf("lease.pdf"))
    occupancy.post("tenant", tenant_name=tenant_name, tenant_id_number=TENANT_ID, tenant_mobile="13500135000")
    return occupancy.post("pledge", pledge="on", signature=signature)


def test_an_owner_registers_moving_in(client, occupancy, owner):
    client.force_login(owner.user)
    unit = unit_of(owner)
    occupancy.start()

    confirm = occupancy.post("occupant", unit=unit.pk, occupant="owner", move_in_date=in_days(0))

    assert step_of(confirm) == "confirm"  # nothing more to fill in for an owner
    assert confirm.context["can_submit"] is True
    assert dict(confirm.context["preview_rows"])["Registered as moving in on"] == in_days(0)
    occupancy.post("confirm", confirm="on")
    submission = Submission.objects.get()
    assert submission.procedure == "occupancy"
    assert submission.unit == unit
    assert submission.answers["occupant"] == "owner"
    assert submission.answers["move_in_date"] == in_days(0)
    assert "owner_confirmation" not in submission.answers
    assert submission.decision["outcome"] == "allow"
    assert submission.decision["reasons"][0]["policy_id"] == "OC-1"


def test_a_tenant_registers_and_the_owner_is_asked_to_confirm(client, occupancy, owner, tenant):
    client.force_login(tenant.user)
    first = occupancy.start()
    assert first.context["form"]["occupant"].value() == "tenant"  # from the register

    occupancy.post("occupant", unit=unit_of(tenant).pk, occupant="tenant", move_in_date=in_days(3))
    tenant_step = occupancy.post("lease", lease=pdf("lease.pdf"))
    assert step_of(tenant_step) == "tenant"
    assert tenant_step.context["form"]["tenant_name"].value() == "陈静"
    assert tenant_step.context["form"]["tenant_id_number"].value() == TENANT_ID
    occupancy.post("tenant", tenant_name="陈静", tenant_id_number=TENANT_ID.lower(), tenant_mobile="135 0013 5000")
    confirm = occupancy.post("pledge", pledge="on", signature="陈 静")

    assert step_of(confirm) == "confirm"
    assert confirm.context["can_submit"] is True  # the owner's confirmation is the service centre's step
    assert not confirm.context["denial_reasons"]
    assert dict(confirm.context["preview_rows"])["Owner's confirmation"].startswith("Still needed")
    occupancy.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert submission.applicant == tenant
    assert submission.answers["owner_confirmation"] == "pending"
    assert submission.answers["tenant_id_number"] == TENANT_ID
    assert submission.answers["tenant_mobile"] == "13500135000"
    assert submission.answers["pledge"] is True
    # The decision as it stood: the owner has not confirmed yet (OC-1).
    assert submission.decision["outcome"] == "deny"
    assert submission.decision["values"]["missing"] == ["OC-1"]
    assert [file.code for file in submission.files.all()] == ["lease"]


def test_an_owner_who_registers_their_tenant_confirms_it_by_applying(client, occupancy, owner):
    client.force_login(owner.user)

    confirm = tenant_registers(occupancy, unit_of(owner))

    assert dict(confirm.context["preview_rows"])["Owner's confirmation"] == "Given: you are the owner."
    occupancy.post("confirm", confirm="on")
    submission = Submission.objects.get()
    assert submission.answers["owner_confirmation"] == "given_by_applicant"
    assert submission.decision["outcome"] == "allow"


def test_a_tenant_cannot_register_as_the_owner(client, occupancy, tenant):
    client.force_login(tenant.user)
    occupancy.start()

    response = occupancy.post("occupant", unit=unit_of(tenant).pk, occupant="owner", move_in_date=in_days(0))

    assert step_of(response) == "occupant"
    assert "registered as the tenant" in str(response.context["form"].errors["occupant"])


def test_the_pledge_is_signed_with_the_tenants_name(client, occupancy, owner):
    client.force_login(owner.user)

    wrong_name = tenant_registers(occupancy, unit_of(owner), signature="王建国")
    assert step_of(wrong_name) == "pledge"
    assert "陈静" in str(wrong_name.context["form"].errors["signature"])

    unticked = occupancy.post("pledge", signature="陈静")
    assert step_of(unticked) == "pledge"
    assert "pledge" in unticked.context["form"].errors
    assert not Submission.objects.exists()


def test_the_tenants_id_number_is_checked(client, occupancy, owner):
    client.force_login(owner.user)
    occupancy.start()
    occupancy.post("occupant", unit=unit_of(owner).pk, occupant="tenant", move_in_date=in_days(3))
    occupancy.post("lease", lease=pdf("lease.pdf"))

    response = occupancy.post("tenant", tenant_name="陈静", tenant_id_number="440305199203150028",
                              tenant_mobile="13500135000")

    assert step_of(response) == "tenant"
    assert "check digit" in str(response.context["form"].errors["tenant_id_number"])


def test_a_lease_that_is_a_program_is_refused(client, occupancy, owner):
    client.force_login(owner.user)
    occupancy.start()
    occupancy.post("occupant", unit=unit_of(owner).pk, occupant="tenant", move_in_date=in_days(3))

    program = SimpleUploadedFile("lease.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    response = occupancy.post("lease", lease=program)

    assert step_of(response) == "lease"
    assert "lease.pdf" in str(response.context["form"].errors["lease"])


def test_a_unit_not_handed_over_cannot_be_moved_into(client, occupancy, owner):
    client.force_login(owner.user)
    unit = unit_of(owner)
    unit.change_status(OccupancyStatus.NOT_HANDED_OVER)
    occupancy.start()

    response = occupancy.post("occupant", unit=unit.pk, occupant="owner", move_in_date=in_days(0))

    assert "handover first" in str(response.context["form"].errors["unit"])


def test_another_owners_unit_is_refused(client, occupancy, owner, building):
    stranger = make_resident(building, "0801", "孙九", "sun9", mobile="13600136000")
    client.force_login(owner.user)
    occupancy.start()

    response = occupancy.post("occupant", unit=unit_of(stranger).pk, occupant="owner", move_in_date=in_days(0))

    assert step_of(response) == "occupant"
    assert "unit" in response.context["form"].errors
    assert not Submission.objects.exists()


def test_a_tenant_step_posted_by_an_owner_who_moves_in_is_not_taken(client, occupancy, owner):
    client.force_login(owner.user)
    occupancy.start()
    occupancy.post("occupant", unit=unit_of(owner).pk, occupant="owner", move_in_date=in_days(0))

    response = occupancy.post("lease", lease=pdf("lease.pdf"))

    assert response.status_code == 400
    assert step_of(response) == "confirm"
    assert not Submission.objects.exists()


def test_a_tenant_registers_from_the_service_page(client, tenant):
    services = ensure_home_page().add_child(instance=ServiceIndexPage(title="在线办事", slug="services"))
    services.add_child(instance=ServicePage(title="入住登记", slug="occupancy", procedure="occupancy",
                                            intro="<p>搬入新居请登记。</p>"))
    client.force_login(tenant.user)
    occupancy = Wizard(client, "occupancy")
    occupancy.url = "/services/occupancy/apply/"

    assert step_of(tenant_registers(occupancy, unit_of(tenant))) == "confirm"
    done = occupancy.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert done.url == f"/services/occupancy/apply/?receipt={submission.reference}"
    assert submission.reference in client.get(done.url).content.decode()
