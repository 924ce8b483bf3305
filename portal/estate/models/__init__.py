"""Models of the estate register, one module per subject."""

from .ledger import LedgerCategory, LedgerEntry, LedgerKind
from .parking import ParkingRental, ParkingSpace, RentalStatus, SpaceStatus, Vehicle
from .people import Household, HouseholdMember, MemberRole, Person
from .property import (
    Building,
    Estate,
    OccupancyStatus,
    PropertyType,
    Unit,
    UnitStatusChange,
)

__all__ = [
    "Building",
    "Estate",
    "Household",
    "HouseholdMember",
    "LedgerCategory",
    "LedgerEntry",
    "LedgerKind",
    "MemberRole",
    "OccupancyStatus",
    "ParkingRental",
    "ParkingSpace",
    "Person",
    "PropertyType",
    "RentalStatus",
    "SpaceStatus",
    "Unit",
    "UnitStatusChange",
    "Vehicle",
]
