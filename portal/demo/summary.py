"""A few lines that say what the register holds, printed after loading the demo."""

from datetime import date
from decimal import Decimal

from django.db.models import Count

from portal.estate.ledger import annotate_arrears
from portal.estate.models import (
    Estate,
    Household,
    LedgerEntry,
    OccupancyStatus,
    ParkingSpace,
    Person,
    Unit,
    Vehicle,
)


def summarise(on_date: date) -> list[str]:
    by_status = dict(Unit.objects.order_by().values_list("status").annotate(n=Count("id")))
    spaces = ParkingSpace.objects.with_rented_flag()
    # At least a fen: SQLite sums decimals in floating point.
    in_arrears = annotate_arrears(Unit.objects.all(), on_date).filter(arrears_balance__gte=Decimal("0.01"))
    statuses = ", ".join(f"{label} {by_status.get(value, 0)}" for value, label in OccupancyStatus.choices)
    return [
        f"Estates: {', '.join(Estate.objects.values_list('name', flat=True))}",
        f"Units: {sum(by_status.values())} ({statuses})",
        f"Households: {Household.objects.current().count()} current; people: {Person.objects.count()}; "
        f"vehicles: {Vehicle.objects.count()}",
        f"Parking spaces: {spaces.count()} ({spaces.filter(is_rented=True).count()} let, "
        f"{ParkingSpace.objects.free().count()} free)",
        f"Ledger entries: {LedgerEntry.objects.count()}; units in arrears on {on_date}: {in_arrears.count()}",
    ]
