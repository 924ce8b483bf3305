"""The register's invariants, held by the database itself.

A second active parking rental for a household (PK-1) or a space (CS-2), a second
current household for a unit, a zero area or amount and a charge without a due date
are refused however they are written; every change of a unit's occupancy status
leaves a record of who changed it, when, from what and to what.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.estate.models import (
    LedgerCategory,
    LedgerKind,
    OccupancyStatus,
    RentalStatus,
    Unit,
    UnitStatusChange,
)
from tests.factories import (
    HouseholdFactory,
    LedgerEntryFactory,
    ParkingRentalFactory,
    ParkingSpaceFactory,
    UnitFactory,
    UserFactory,
    VehicleFactory,
)

pytestmark = pytest.mark.django_db


def refused(create):
    """Whether the database refuses what ``create()`` writes."""
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


# PK-1 / CS-2: one active rental per household and per space.


def test_a_household_cannot_rent_a_second_space_while_it_rents_one():
    rental = ParkingRentalFactory()
    other_space = ParkingSpaceFactory(estate=rental.space.estate)

    assert refused(lambda: ParkingRentalFactory(household=rental.household, space=other_space))


def test_a_household_may_rent_again_once_its_rental_has_ended():
    ended = ParkingRentalFactory(
        status=RentalStatus.ENDED, start=date(2024, 7, 1), end=date(2025, 6, 30)
    )
    new_space = ParkingSpaceFactory(estate=ended.space.estate)

    active = ParkingRentalFactory(household=ended.household, space=new_space, vehicle=ended.vehicle)

    assert list(ended.household.parking_rentals.order_by("start")) == [ended, active]


def test_a_space_let_to_one_household_cannot_be_let_to_another():
    rental = ParkingRentalFactory()
    neighbour = HouseholdFactory(unit=UnitFactory(building=rental.household.unit.building))

    assert refused(lambda: ParkingRentalFactory(household=neighbour, space=rental.space))


def test_a_space_given_up_can_be_let_to_the_next_household():
    ended = ParkingRentalFactory(status=RentalStatus.ENDED, start=date(2024, 7, 1), end=date(2025, 6, 30))
    neighbour = HouseholdFactory(unit=UnitFactory(building=ended.household.unit.building))

    ParkingRentalFactory(household=neighbour, space=ended.space)

    assert ended.space.rentals.filter(status=RentalStatus.ACTIVE).get().household == neighbour


def test_a_rental_cannot_end_before_it_starts():
    assert refused(lambda: ParkingRentalFactory(start=date(2025, 7, 1), end=date(2025, 6, 30)))


# One current household per unit.


def test_a_unit_has_one_current_household():
    household = HouseholdFactory()

    assert refused(lambda: HouseholdFactory(unit=household.unit, started_on=date(2025, 1, 1)))


def test_a_new_household_moves_in_once_the_old_one_has_ended():
    old = HouseholdFactory(started_on=date(2022, 1, 8), ended_on=date(2024, 12, 31))

    new = HouseholdFactory(unit=old.unit, started_on=date(2025, 1, 1))

    assert list(new.unit.households.current()) == [new]


# ST-1: the status history of a unit.


def test_changing_a_units_status_records_who_when_from_and_to():
    unit = UnitFactory(status=OccupancyStatus.VACANT)
    assistant = UserFactory(username="assistant")
    before = timezone.now()

    unit.change_status(OccupancyStatus.RENOVATING, by=assistant, note="装修申请已批准")

    change = unit.status_changes.get()
    assert (change.from_status, change.to_status) == (OccupancyStatus.VACANT, OccupancyStatus.RENOVATING)
    assert change.changed_by == assistant
    assert change.note == "装修申请已批准"
    assert before <= change.changed_at <= timezone.now()
    unit.refresh_from_db()
    assert unit.status == OccupancyStatus.RENOVATING
    assert unit.status_changed_at == change.changed_at


def test_a_status_changed_by_a_plain_save_is_recorded_too():
    unit = Unit.objects.get(pk=UnitFactory(status=OccupancyStatus.RENOVATING).pk)

    unit.status = OccupancyStatus.OWNER_OCCUPIED
    unit.save()

    change = unit.status_changes.get()
    assert change.from_status == OccupancyStatus.RENOVATING
    assert change.to_status == OccupancyStatus.OWNER_OCCUPIED
    assert change.changed_by is None


def test_successive_changes_make_a_history_newest_first():
    unit = UnitFactory(status=OccupancyStatus.NOT_HANDED_OVER)

    for status in (OccupancyStatus.VACANT, OccupancyStatus.RENOVATING, OccupancyStatus.TENANT_OCCUPIED):
        unit.change_status(status)

    assert [(c.from_status, c.to_status) for c in unit.status_changes.all()] == [
        (OccupancyStatus.RENOVATING, OccupancyStatus.TENANT_OCCUPIED),
        (OccupancyStatus.VACANT, OccupancyStatus.RENOVATING),
        (OccupancyStatus.NOT_HANDED_OVER, OccupancyStatus.VACANT),
    ]


def test_nothing_is_recorded_when_the_status_did_not_change():
    unit = UnitFactory(status=OccupancyStatus.VACANT)

    unit.change_status(OccupancyStatus.VACANT)
    unit.building_area = Decimal("90.15")
    unit.save()
    UnitFactory(status=OccupancyStatus.OWNER_OCCUPIED)  # a new unit is not a change

    assert not UnitStatusChange.objects.exists()


def test_an_unknown_status_is_refused_before_anything_is_written():
    unit = UnitFactory(status=OccupancyStatus.VACANT)

    with pytest.raises(ValueError):
        unit.change_status("sold")

    unit.refresh_from_db()
    assert unit.status == OccupancyStatus.VACANT
    assert not unit.status_changes.exists()


# Check constraints.


@pytest.mark.parametrize("area", [Decimal("0"), Decimal("-12.50")])
def test_a_unit_needs_a_positive_area(area):
    assert refused(lambda: UnitFactory(building_area=area))


def test_the_monthly_fee_is_area_times_price_to_the_fen():
    assert UnitFactory(building_area=Decimal("89.72"), fee_per_m2=Decimal("2.80")).monthly_management_fee == (
        Decimal("251.22")
    )
    assert UnitFactory(building_area=Decimal("38.75"), fee_per_m2=Decimal("4.50")).monthly_management_fee == (
        Decimal("174.38")
    )


@pytest.mark.parametrize("amount", [Decimal("0.00"), Decimal("-251.22")])
@pytest.mark.parametrize("kind", [LedgerKind.CHARGE, LedgerKind.PAYMENT, LedgerKind.REFUND])
def test_a_ledger_amount_is_positive_whichever_way_it_goes(kind, amount):
    assert refused(lambda: LedgerEntryFactory(kind=kind, amount=amount))


def test_a_charge_needs_a_due_date():
    assert refused(lambda: LedgerEntryFactory(kind=LedgerKind.CHARGE, due_on=None))


def test_payments_and_refunds_need_no_due_date():
    unit = UnitFactory()

    LedgerEntryFactory(unit=unit, payment=True, due_on=None)
    LedgerEntryFactory(unit=unit, refund=True, category=LedgerCategory.DEPOSIT, due_on=None)

    assert unit.ledger_entries.count() == 2


def test_a_plate_is_registered_once():
    vehicle = VehicleFactory(plate="粤BD12345")

    assert refused(lambda: VehicleFactory(plate=vehicle.plate))


def test_a_household_cannot_end_before_it_started():
    started = date(2025, 1, 1)

    assert refused(lambda: HouseholdFactory(started_on=started, ended_on=started - timedelta(days=1)))
