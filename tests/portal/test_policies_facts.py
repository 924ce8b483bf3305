"""Facts gathered from the register give the decisions the register implies."""

from datetime import date
from decimal import Decimal

import pytest

from portal.estate.models import (
    Building,
    Estate,
    Household,
    HouseholdMember,
    LedgerEntry,
    ParkingRental,
    ParkingSpace,
    Person,
    Unit,
    Vehicle,
)
from portal.policies import facts
from portal.policies.adapter import decide

pytestmark = pytest.mark.django_db

ON = date(2026, 11, 20)


@pytest.fixture
def estate():
    return Estate.objects.create(name="锦绣花园")


def make_unit(estate, number="1201", property_type="residential"):
    building, _ = Building.objects.get_or_create(estate=estate, name="1栋", defaults={"floors": 30})
    return Unit.objects.create(
        building=building, number=number, floor=12, property_type=property_type,
        building_area=Decimal("100.00"), fee_per_m2=Decimal("5.50"),
    )


def household_of(unit, person, role="owner", **member):
    household = Household.objects.create(unit=unit, started_on=date(2024, 1, 1))
    HouseholdMember.objects.create(household=household, person=person, role=role, **member)
    return household


def charge(unit, amount, due_on):
    LedgerEntry.objects.create(unit=unit, kind="charge", category="management_fee", amount=Decimal(amount),
                               entry_date=due_on, due_on=due_on)


def test_move_in_fees_come_from_the_units_area_rate_and_type(estate):
    unit = make_unit(estate, property_type="office")

    decision = decide("move_in.fees", facts.move_in_fees_facts(unit, notice_move_in_date=date(2026, 12, 1)))

    assert decision.values["monthly_fee"] == Decimal("550.00")
    assert decision.values["utility_float_kind"] == "electricity"


def test_renovation_facts_carry_the_units_type(estate):
    unit = make_unit(estate, property_type="business_apartment")

    fees = decide("renovation.fees", facts.renovation_fees_facts(unit, worker_passes=2, fire_system_modified=True))
    documents = decide(
        "renovation.documents",
        facts.renovation_documents_facts(unit, applicant="tenant", self_renovation=False, tenant_is_company=True),
    )

    assert "fire_water_drain" in [item["code"] for item in fees.values["items"]]
    assert "tenant_business_licence" in documents.values["required_documents"]


def test_a_move_out_release_pass_is_refused_while_the_unit_owes_money_on_that_day(estate):
    unit = make_unit(estate)
    charge(unit, "300.00", due_on=date(2026, 11, 15))
    pass_facts = dict(carrier="owner", purpose="move_out", owner_signed=True, phone_recording=False,
                      passes_last_7_days=0)

    owing = facts.release_pass_facts(unit, on_date=ON, **pass_facts)
    before_due = facts.release_pass_facts(unit, on_date=date(2026, 11, 14), **pass_facts)

    assert owing["arrears"] == Decimal("300.00")
    assert decide("release.pass", owing).outcome == "deny"
    assert decide("release.pass", before_due).outcome == "allow"


def test_tenant_move_out_counts_the_arrears_up_to_the_move_out_day(estate):
    unit = make_unit(estate)
    charge(unit, "80.00", due_on=date(2026, 11, 1))

    move_out = facts.tenant_move_out_facts(unit, on_date=ON, meters_read=True, release_pass_issued=True,
                                           owner_agrees=True)

    assert move_out["arrears"] == Decimal("80.00")
    assert decide("tenant.move_out", move_out).outcome == "deny"


def test_parking_facts_count_the_households_rentals_and_the_free_spaces(estate):
    owner = Person.objects.create(name="王建国")
    household = household_of(make_unit(estate), owner)
    car = Vehicle.objects.create(plate="粤B12345", licence_number="440300123456", owner=owner,
                                 household=household)
    space = ParkingSpace.objects.create(estate=estate, number="001", level="B1")
    ParkingSpace.objects.create(estate=estate, number="002", level="B1")

    first = facts.parking_rental_facts(household, applicant=owner, vehicle=car)
    ParkingRental.objects.create(household=household, space=space, vehicle=car, start=ON, end=date(2027, 11, 19))
    second = facts.parking_rental_facts(household, applicant=owner, vehicle=car)

    assert first == {"applicant_role": "owner", "household_active_spaces": 0, "free_spaces": 2,
                     "has_vehicle_licence": True, "licence_matches_applicant": True}
    assert decide("parking.rental", first).outcome == "allow"
    assert (second["household_active_spaces"], second["free_spaces"]) == (1, 1)
    assert decide("parking.rental", second).outcome == "deny"


def test_someone_outside_the_household_applies_as_a_non_resident(estate):
    owner, stranger = Person.objects.create(name="王建国"), Person.objects.create(name="李四")
    household = household_of(make_unit(estate), owner)
    tenant = Person.objects.create(name="张三")
    HouseholdMember.objects.create(household=household, person=tenant, role="tenant",
                                   lease_start=date(2026, 1, 1), lease_end=date(2026, 12, 31))

    assert facts.applicant_role(household, stranger) == "non_resident"
    assert facts.applicant_role(household, tenant) == "tenant"
    assert facts.parking_rental_facts(household, applicant=stranger, vehicle=None)["has_vehicle_licence"] is False
