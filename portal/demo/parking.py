"""The car park: 40 spaces on levels B1 and B2, about two thirds of them let.

Households with a car rent at most one space (PK-1) and a space is let to one
household at a time (CS-2). Rentals run for a year; some households renewed and keep
last year's ended rental, and a few spaces were let before to a household that gave
its space up. owner1 rents a space; tenant1 has a car but no space yet, and free
spaces remain for the demo.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from portal.estate.models import RentalStatus, SpaceStatus

from .cast import OWNER1_UNIT, TENANT1_UNIT
from .months import add_months

LEVELS = (("B1", range(1, 25), Decimal("600.00")), ("B2", range(25, 41), Decimal("500.00")))
RESERVED_SPACES = {"024": SpaceStatus.RESERVED, "040": SpaceStatus.OUT_OF_SERVICE}
ACTIVE_RENTALS = 24


@dataclass
class SpacePlan:
    number: str
    level: str
    monthly_rent: Decimal
    status: str = SpaceStatus.IN_SERVICE

    def row(self, estate_id: int) -> dict:
        return {
            "estate_id": estate_id,
            "number": self.number,
            "level": self.level,
            "monthly_rent": self.monthly_rent,
            "status": self.status,
        }


@dataclass
class RentalPlan:
    space: SpacePlan
    household: object  # occupancy.HouseholdPlan
    vehicle: object  # occupancy.VehiclePlan
    start: date
    end: date
    ic_card_number: str
    status: str = RentalStatus.ACTIVE

    @property
    def annual_rent(self) -> Decimal:
        return self.space.monthly_rent * 12

    def row(self, household_id: int, space_id: int, vehicle_id: int) -> dict:
        return {
            "household_id": household_id,
            "space_id": space_id,
            "vehicle_id": vehicle_id,
            "start": self.start,
            "end": self.end,
            "ic_card_number": self.ic_card_number,
            "status": self.status,
        }


def plan(households, anchor: date, rng: random.Random) -> tuple[list[SpacePlan], list[RentalPlan]]:
    spaces = [
        SpacePlan(f"{number:03d}", level, rent, RESERVED_SPACES.get(f"{number:03d}", SpaceStatus.IN_SERVICE))
        for level, numbers, rent in LEVELS
        for number in numbers
    ]
    lettable = [space for space in spaces if space.status == SpaceStatus.IN_SERVICE]
    drivers = [h for h in households if h.vehicles and h.unit.key != TENANT1_UNIT]
    owner1 = next(h for h in drivers if h.unit.key == OWNER1_UNIT)
    others = [h for h in drivers if h is not owner1]
    renters = [owner1, *rng.sample(others, ACTIVE_RENTALS - 1)]
    spaces_let = rng.sample(lettable, ACTIVE_RENTALS)
    cards: set[str] = set()

    def card() -> str:
        while (number := f"{rng.randrange(10**10):010d}") in cards:
            pass
        cards.add(number)
        return number

    rentals = []
    for household, space in zip(renters, spaces_let):
        start = add_months(anchor, -rng.randrange(1, 12)) + timedelta(days=rng.randrange(0, 27))
        number = card()
        rentals.append(RentalPlan(space, household, household.vehicles[0], start,
                                  add_months(start, 12) - timedelta(days=1), number))
        if rng.random() < 0.25:  # renewed: last year's rental has ended
            rentals.append(RentalPlan(space, household, household.vehicles[0], add_months(start, -12),
                                      start - timedelta(days=1), number, RentalStatus.ENDED))

    # Households that gave their space up: it was let again, or is free now.
    gave_up = rng.sample([h for h in others if h not in renters], 3)
    for household, space in zip(gave_up, rng.sample(lettable, 3)):
        end = add_months(anchor, -rng.randrange(2, 10)) - timedelta(days=1)
        later = [r for r in rentals if r.space is space]
        if later:
            end = min(end, min(r.start for r in later) - timedelta(days=1))
        start = add_months(end + timedelta(days=1), -12)
        rentals.append(
            RentalPlan(space, household, household.vehicles[0], start, end, card(), RentalStatus.ENDED)
        )
    return spaces, rentals
