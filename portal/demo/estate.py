"""The demo estate 锦绣花园: its buildings and units, and loading the whole register.

Two buildings: a tower of business apartments (商务公寓, floors 1–3) under homes
(floors 4–30), and an office tower whose offices start on floor 3. Units on one stack
share a floor plan and so an area. Occupancy states are drawn per property type with a
fixed seed; the units the demo logins live in are pinned.

:func:`plan` describes the whole register in plain Python (the same plan every time
within a month); :func:`load` brings the database to it with
:func:`~portal.demo.sync.sync`, in bulk and by natural keys.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from portal.estate.models import (
    Building,
    Estate,
    Household,
    HouseholdMember,
    LedgerEntry,
    OccupancyStatus,
    ParkingRental,
    ParkingSpace,
    Person,
    PropertyType,
    Unit,
    UnitStatusChange,
    Vehicle,
)

from . import ledger, occupancy, parking
from .cast import OFFICE_TOWER, OWNER1_UNIT, OWNER2_UNIT, TOWER
from .months import local_time
from .sync import sync

SEED = "锦绣花园-demo-1"
ESTATE_ADDRESS = "广东省深圳市南山区锦绣路88号"

PINNED_STATUS = {
    OWNER1_UNIT: OccupancyStatus.OWNER_OCCUPIED,
    OWNER2_UNIT: OccupancyStatus.TENANT_OCCUPIED,
}

FEE_PER_M2 = {
    PropertyType.RESIDENTIAL: Decimal("2.80"),
    PropertyType.BUSINESS_APARTMENT: Decimal("4.50"),
    PropertyType.OFFICE: Decimal("8.00"),
}

_S = OccupancyStatus
# Shares (in %) of the occupancy states per property type.
STATUS_SHARES = {
    PropertyType.RESIDENTIAL: {
        _S.NOT_HANDED_OVER: 3, _S.VACANT: 7, _S.RENOVATING: 5, _S.OWNER_OCCUPIED: 62, _S.TENANT_OCCUPIED: 23,
    },
    PropertyType.BUSINESS_APARTMENT: {
        _S.NOT_HANDED_OVER: 4, _S.VACANT: 10, _S.RENOVATING: 6, _S.OWNER_OCCUPIED: 20, _S.TENANT_OCCUPIED: 60,
    },
    PropertyType.OFFICE: {
        _S.NOT_HANDED_OVER: 6, _S.VACANT: 12, _S.RENOVATING: 6, _S.OFFICE_OCCUPIED: 44,
        _S.TENANT_OCCUPIED: 32,
    },
}
OCCUPIED = frozenset({_S.OWNER_OCCUPIED, _S.OFFICE_OCCUPIED, _S.TENANT_OCCUPIED})
# The note recorded with each step of a unit's status history.
STATUS_NOTES = {
    _S.VACANT: "办理入伙，钥匙已交付",
    _S.RENOVATING: "装修申请已批准，开始施工",
    _S.OWNER_OCCUPIED: "业主搬入居住",
    _S.OFFICE_OCCUPIED: "企业入驻办公",
    _S.TENANT_OCCUPIED: "租户入住",
}


@dataclass(frozen=True)
class Zone:
    """Floors of one property type; ``areas`` are the building areas of stacks 01, 02, …"""

    floors: range
    property_type: str
    areas: tuple[str, ...]


@dataclass(frozen=True)
class BuildingPlan:
    name: str
    floors: int
    delivered_on: date
    zones: tuple[Zone, ...]


BUILDINGS = (
    BuildingPlan(
        TOWER,
        floors=30,
        delivered_on=date(2021, 6, 26),
        zones=(
            Zone(range(1, 4), PropertyType.BUSINESS_APARTMENT,
                 ("42.36", "38.75", "38.75", "52.18", "52.18", "38.75", "38.75", "46.90")),
            Zone(range(4, 31), PropertyType.RESIDENTIAL, ("128.46", "89.72", "89.72", "143.18")),
        ),
    ),
    BuildingPlan(
        OFFICE_TOWER,
        floors=22,
        delivered_on=date(2022, 3, 18),
        zones=(Zone(range(3, 23), PropertyType.OFFICE, ("212.60", "168.35", "95.42", "120.88", "305.17")),),
    ),
)


@dataclass
class UnitPlan:
    """A unit and the dates of its story: handover, renovation, moving in."""

    building: str
    number: str
    floor: int
    property_type: str
    building_area: Decimal
    status: str
    handed_over_on: date | None = None
    renovation_started_on: date | None = None
    renovation_accepted_on: date | None = None
    moved_in_on: date | None = None
    delivered_on: date | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.building, self.number)

    @property
    def fee_per_m2(self) -> Decimal:
        return FEE_PER_M2[self.property_type]

    @property
    def monthly_fee(self) -> Decimal:
        return (self.building_area * self.fee_per_m2).quantize(Decimal("0.01"))

    @property
    def handed_over(self) -> bool:
        return self.status != OccupancyStatus.NOT_HANDED_OVER

    def history(self) -> list[tuple[str, str, date]]:
        """The status changes that led to the current status: (from, to, day)."""
        if not self.handed_over:
            return []
        changes = [(_S.NOT_HANDED_OVER, _S.VACANT, self.handed_over_on)]
        if self.renovation_started_on:
            changes.append((_S.VACANT, _S.RENOVATING, self.renovation_started_on))
        if self.moved_in_on:
            changes.append((_S.RENOVATING, self.status, self.moved_in_on))
        elif self.renovation_accepted_on:  # renovated, waiting for a tenant
            changes.append((_S.RENOVATING, _S.VACANT, self.renovation_accepted_on))
        return changes

    def status_changed_at(self) -> datetime:
        history = self.history()
        return status_time(history[-1][2] if history else self.delivered_on)


def status_time(day: date) -> datetime:
    """When the demo's status changes were entered on ``day``."""
    return local_time(day, 10, 30)


def plan_units(anchor: date) -> list[UnitPlan]:
    """Every unit of the estate, in building, floor and stack order."""
    rng = random.Random(f"{SEED}:units")
    units = []
    for building in BUILDINGS:
        for zone in building.zones:
            shares = STATUS_SHARES[zone.property_type]
            for floor in zone.floors:
                for stack, area in enumerate(zone.areas, start=1):
                    unit = UnitPlan(
                        building=building.name,
                        number=f"{floor}{stack:02d}",
                        floor=floor,
                        property_type=zone.property_type,
                        building_area=Decimal(area),
                        status=rng.choices(list(shares), list(shares.values()))[0],
                        delivered_on=building.delivered_on,
                    )
                    unit.status = PINNED_STATUS.get(unit.key, unit.status)
                    _plan_story(unit, building.delivered_on, anchor, rng)
                    units.append(unit)
    return units


def _plan_story(unit: UnitPlan, delivered_on: date, anchor: date, rng: random.Random) -> None:
    if not unit.handed_over:
        return
    unit.handed_over_on = delivered_on + timedelta(days=rng.randrange(0, 540))
    if unit.status == _S.RENOVATING:
        unit.renovation_started_on = anchor - timedelta(days=rng.randrange(10, 80))
    elif unit.status == _S.VACANT and rng.random() < 0.35:
        unit.renovation_started_on = anchor - timedelta(days=rng.randrange(150, 240))
        unit.renovation_accepted_on = unit.renovation_started_on + timedelta(days=rng.randrange(60, 100))
    elif unit.status in OCCUPIED:
        unit.renovation_started_on = unit.handed_over_on + timedelta(days=rng.randrange(7, 60))
        unit.renovation_accepted_on = unit.renovation_started_on + timedelta(days=rng.randrange(60, 120))
        unit.moved_in_on = unit.renovation_accepted_on + timedelta(days=rng.randrange(7, 45))


def current_anchor() -> date:
    """The first day of the current month, Shanghai time: the demo's dates hang on it."""
    return timezone.localdate().replace(day=1)


@dataclass
class EstatePlan:
    """Everything the demo puts in the register, before it is written."""

    units: list[UnitPlan]
    households: list
    people: dict
    spaces: list
    rentals: list
    entries: list


def plan(anchor: date) -> EstatePlan:
    """The demo register for the month starting on ``anchor``: the same plan every time."""
    units = plan_units(anchor)
    households, people = occupancy.plan(units, anchor, random.Random(f"{SEED}:occupancy"))
    spaces, rentals = parking.plan(households, anchor, random.Random(f"{SEED}:parking"))
    entries = ledger.plan(units, households, rentals, anchor, random.Random(f"{SEED}:ledger"))
    return EstatePlan(units, households, people, spaces, rentals, entries)


def load(stdout=None, anchor: date | None = None) -> int:
    """Bring the register to the demo estate; returns how many rows were written."""
    demo = plan(anchor or current_anchor())
    writer = _RegisterWriter()
    writer.property(demo.units)
    writer.occupancy(demo.households, demo.people)
    writer.parking(demo.spaces, demo.rentals)
    writer.ledger(demo.entries)
    if stdout is not None:
        stdout.write(
            f"Estate: {settings.ESTATE_NAME}, {len(demo.units)} units, {len(demo.households)} households, "
            f"{len(demo.people)} people, {len(demo.spaces)} parking spaces, {len(demo.entries)} ledger "
            f"entries ({writer.written} rows written)."
        )
    return writer.written


class _RegisterWriter:
    """Writes a plan table by table, keeping the primary keys that later tables refer to."""

    def __init__(self):
        self.written = 0

    def _sync(self, model, rows, key_fields):
        result = sync(model, rows, key_fields)
        self.written += result.created + result.updated
        return result

    def property(self, units: list[UnitPlan]) -> None:
        self.estate_id = self._sync(Estate, [{
            "name": settings.ESTATE_NAME, "address": ESTATE_ADDRESS, "hotline": settings.ESTATE_HOTLINE,
        }], ("name",)).pk(settings.ESTATE_NAME)
        buildings = self._sync(Building, [
            {"estate_id": self.estate_id, "name": building.name, "floors": building.floors}
            for building in BUILDINGS
        ], ("estate_id", "name"))
        building_ids = {b.name: buildings.pk(self.estate_id, b.name) for b in BUILDINGS}
        rows = self._sync(Unit, [
            {
                "building_id": building_ids[unit.building],
                "number": unit.number,
                "floor": unit.floor,
                "property_type": unit.property_type,
                "building_area": unit.building_area,
                "fee_per_m2": unit.fee_per_m2,
                "status": unit.status,
                "status_changed_at": unit.status_changed_at(),
            }
            for unit in units
        ], ("building_id", "number"))
        self.unit_ids = {unit.key: rows.pk(building_ids[unit.building], unit.number) for unit in units}
        self._sync(UnitStatusChange, [
            {
                "unit_id": self.unit_ids[unit.key],
                "from_status": from_status,
                "to_status": to_status,
                "changed_at": status_time(day),
                "changed_by_id": None,
                "note": STATUS_NOTES[to_status],
            }
            for unit in units
            for from_status, to_status, day in unit.history()
        ], ("unit_id", "from_status", "to_status"))

    def occupancy(self, households: list, people: dict) -> None:
        rows = self._sync(Person, [person.row() for person in people.values()], ("id_number",))
        person_ids = {id_number: rows.pk(id_number) for id_number in people}
        # A unit's current household is the one that has not ended (one per unit).
        rows = self._sync(Household, [
            {"unit_id": self.unit_ids[h.unit.key], "ended_on": None, "started_on": h.started_on}
            for h in households
        ], ("unit_id", "ended_on"))
        self.household_ids = {h.unit.key: rows.pk(self.unit_ids[h.unit.key], None) for h in households}
        self._sync(HouseholdMember, [
            member.row(self.household_ids[h.unit.key], person_ids) for h in households for member in h.members
        ], ("household_id", "person_id"))
        self.vehicles = self._sync(Vehicle, [
            vehicle.row(self.household_ids[h.unit.key], person_ids)
            for h in households
            for vehicle in h.vehicles
        ], ("plate",))

    def parking(self, spaces: list, rentals: list) -> None:
        rows = self._sync(
            ParkingSpace, [space.row(self.estate_id) for space in spaces], ("estate_id", "number")
        )
        self._sync(ParkingRental, [
            rental.row(
                self.household_ids[rental.household.unit.key],
                rows.pk(self.estate_id, rental.space.number),
                self.vehicles.pk(rental.vehicle.plate),
            )
            for rental in rentals
        ], ("space_id", "household_id", "status"))

    def ledger(self, entries: list) -> None:
        self._sync(LedgerEntry, [entry.row(self.unit_ids) for entry in entries],
                   ("unit_id", "kind", "category", "description"))
