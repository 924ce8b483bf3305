"""车位租用: an owner or tenant rents a space for a vehicle whose licence is in their name;
one space per household, and only while a space is free."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from cms.demo import ensure_home_page
from cms.models import ServiceIndexPage, ServicePage
from forms.wizards.parking import rental_end
from portal.casework.models import Submission
from portal.estate.models import SpaceStatus
from tests.factories import (
    HouseholdMemberFactory,
    ParkingRentalFactory,
    ParkingSpaceFactory,
    UserFactory,
    VehicleFactory,
)

from .conftest import Wizard, jpeg, make_resident, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]


@pytest.fixture(autouse=True)
def in_english(client):
    """The applicant reads the English pages, so that what is asserted does not depend on the translations."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


def household_of(person):
    return person.memberships.get().household


@pytest.fixture
def car(owner):
    return VehicleFactory(plate="粤B6M288", owner=owner, household=household_of(owner))


@pytest.fixture
def free_space(estate):
    return ParkingSpaceFactory(estate=estate, number="B1-018")


@pytest.fixture
def parking(owner_client):
    return Wizard(owner_client, "parking")


def period(wizard, *, start=1, months=12):
    return wizard.post("period", start=in_days(start).isoformat(), months=str(months))


def new_vehicle(owner, **overrides):
    fields = {"unit": household_of(owner).unit_id, "vehicle": "", "plate": "粤B·D12345", "car_model": "特斯拉Model 3",
              "licence_holder": "applicant", "licence": jpeg("licence.jpg")}
    return {**fields, **overrides}


def reasons_of(response) -> list[str]:
    return [reason.policy_id for reason in response.context["denial_reasons"]]


def test_an_owner_rents_a_space_for_the_car_registered_to_them(parking, owner, car, free_space):
    first = parking.start()
    assert first.context["form"]["vehicle"].value() == car.pk  # their only vehicle

    parking.post("vehicle", unit=household_of(owner).unit_id, vehicle=car.pk)
    confirm = period(parking, start=1, months=12)

    assert step_of(confirm) == "confirm"
    assert confirm.context["can_submit"] is True
    preview = dict(confirm.context["preview_rows"])
    assert preview["Vehicle"] == "粤B6M288"
    assert preview["Rental"] == f"{in_days(1).isoformat()} to {rental_end(in_days(1), 12).isoformat()}"
    parking.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert submission.procedure == "parking"
    assert submission.household == household_of(owner)
    assert submission.answers["vehicle"] == {"id": car.pk, "text": "粤B6M288"}
    assert submission.answers["months"] == 12
    assert submission.decision["outcome"] == "allow"


def test_a_vehicle_not_registered_yet_comes_with_its_licence(parking, owner, free_space):
    parking.start()
    assert step_of(parking.post("vehicle", **new_vehicle(owner))) == "period"
    confirm = period(parking)

    assert confirm.context["can_submit"] is True
    assert dict(confirm.context["preview_rows"])["Vehicle"] == "粤BD12345"
    parking.post("confirm", confirm="on")
    submission = Submission.objects.get()
    assert submission.answers["plate"] == "粤BD12345"
    assert submission.answers["licence_holder"] == "applicant"
    assert [file.code for file in submission.files.all()] == ["licence"]


def test_a_licence_in_someone_elses_name_is_refused(parking, owner, free_space):
    parking.start()
    parking.post("vehicle", **new_vehicle(owner, licence_holder="someone_else"))
    confirm = period(parking)

    assert confirm.context["can_submit"] is False
    assert reasons_of(confirm) == ["PK-2"]
    assert "行驶证所载车主与申请人不符" in confirm.content.decode()


def test_a_household_car_registered_to_another_member_is_refused(parking, owner, free_space):
    spouse = HouseholdMemberFactory(household=household_of(owner), family=True).person
    spouses_car = VehicleFactory(owner=spouse, household=household_of(owner))
    parking.start()

    parking.post("vehicle", unit=household_of(owner).unit_id, vehicle=spouses_car.pk)
    confirm = period(parking)

    assert reasons_of(confirm) == ["PK-2"]


def test_a_household_that_rents_a_space_already_is_refused(parking, owner, car, free_space):
    ParkingRentalFactory(household=household_of(owner), vehicle=car)
    parking.start()

    parking.post("vehicle", unit=household_of(owner).unit_id, vehicle=car.pk)
    confirm = period(parking)

    assert confirm.context["can_submit"] is False
    assert "PK-1" in reasons_of(confirm)
    assert "该户已有1个" in confirm.content.decode()
    assert step_of(parking.post("confirm", confirm="on")) == "confirm"
    assert not Submission.objects.exists()


def test_no_free_space_is_refused(parking, owner, car, estate, building):
    ParkingSpaceFactory(estate=estate, status=SpaceStatus.OUT_OF_SERVICE)
    neighbour = make_resident(building, "1504", "李秀英", "lixy", mobile="13900139000")
    ParkingRentalFactory(household=household_of(neighbour))
    parking.start()

    parking.post("vehicle", unit=household_of(owner).unit_id, vehicle=car.pk)
    confirm = period(parking)

    assert reasons_of(confirm) == ["CS-2"]
    assert "停车场已满位" in confirm.content.decode()


def test_a_family_member_cannot_rent_for_the_household(client, owner, free_space):
    member = HouseholdMemberFactory(household=household_of(owner), family=True,
                                    person__user=UserFactory(username="wangxm")).person
    VehicleFactory(owner=member, household=household_of(owner))
    client.force_login(member.user)
    parking = Wizard(client, "parking")
    parking.start()

    parking.post("vehicle", unit=household_of(owner).unit_id, vehicle=member.vehicles.get().pk)
    confirm = period(parking)

    assert reasons_of(confirm) == ["PK-1"]


def test_a_tenant_rents_for_the_household_they_live_in(client, owner, free_space):
    tenant = HouseholdMemberFactory(household=household_of(owner), tenant=True,
                                    person__user=UserFactory(username="chenjing")).person
    VehicleFactory(owner=tenant, household=household_of(owner))
    client.force_login(tenant.user)
    parking = Wizard(client, "parking")
    parking.start()

    parking.post("vehicle", unit=household_of(owner).unit_id, vehicle=tenant.vehicles.get().pk)

    assert period(parking).context["can_submit"] is True


def test_a_vehicle_not_registered_yet_needs_its_plate_holder_and_licence(parking, owner):
    parking.start()

    response = parking.post("vehicle", unit=household_of(owner).unit_id, vehicle="")

    assert step_of(response) == "vehicle"
    assert set(response.context["form"].errors) == {"plate", "licence_holder", "licence"}
    bad_plate = parking.post("vehicle", **new_vehicle(owner, plate="ABC123"))
    assert "粤B12345" in str(bad_plate.context["form"].errors["plate"])


def test_a_plate_registered_already_is_pointed_out(parking, owner, car, building):
    stranger = make_resident(building, "0801", "孙九", "sun9", mobile="13600136000")
    VehicleFactory(plate="粤B77777", owner=stranger)
    parking.start()

    own = parking.post("vehicle", **new_vehicle(owner, plate="粤B6M288"))
    assert "choose it under" in str(own.context["form"].errors["plate"])
    theirs = parking.post("vehicle", **new_vehicle(owner, plate="粤B77777"))
    assert "another household" in str(theirs.context["form"].errors["plate"])


def test_another_owners_vehicle_or_unit_is_refused(parking, owner, building):
    stranger = make_resident(building, "0801", "孙九", "sun9", mobile="13600136000")
    their_car = VehicleFactory(owner=stranger, household=household_of(stranger))
    parking.start()

    car = parking.post("vehicle", unit=household_of(owner).unit_id, vehicle=their_car.pk)
    assert "not registered to you" in str(car.context["form"].errors["vehicle"])
    unit = parking.post("vehicle", **new_vehicle(owner, unit=household_of(stranger).unit_id))
    assert "not registered to you" in str(unit.context["form"].errors["unit"])
    assert not Submission.objects.exists()


def test_a_licence_that_is_a_program_is_refused(parking, owner):
    parking.start()
    program = SimpleUploadedFile("licence.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")

    response = parking.post("vehicle", **new_vehicle(owner, licence=program))

    assert "licence.pdf" in str(response.context["form"].errors["licence"])


def test_a_step_that_does_not_exist_is_answered_with_a_message(parking, owner):
    parking.start()
    response = parking.post("card", whatever="x")

    assert response.status_code == 400
    assert step_of(response) == "vehicle"


def test_an_owner_rents_from_the_service_page(client, owner, car, free_space):
    services = ensure_home_page().add_child(instance=ServiceIndexPage(title="在线办事", slug="services"))
    services.add_child(instance=ServicePage(title="车位租用", slug="parking", procedure="parking",
                                            intro="<p>本小区业主和租户可以租用车位。</p>"))
    client.force_login(owner.user)
    parking = Wizard(client, "parking")
    parking.url = "/services/parking/apply/"

    parking.start()
    parking.post("vehicle", unit=household_of(owner).unit_id, vehicle=car.pk)
    assert step_of(period(parking)) == "confirm"
    done = parking.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert done.url == f"/services/parking/apply/?receipt={submission.reference}"
    assert submission.reference in client.get(done.url).content.decode()


def test_a_rental_ends_the_day_before_the_same_date_months_later():
    from datetime import date

    assert rental_end(date(2026, 1, 31), 1) == date(2026, 2, 27)
    assert rental_end(date(2026, 3, 1), 12) == date(2027, 2, 28)
    assert rental_end(date(2026, 11, 15), 3) == date(2027, 2, 14)
