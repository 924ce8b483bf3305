"""The fee ledger of the demo estate: the last six months of charges and payments.

- Management fee (area × price per m²) is charged on the 1st of every month, due by
  the month's end, for every handed-over unit, the current month included.
- Water, electricity and gas are read monthly and charged on the 5th of the following
  month, due on the 20th, for units in use (only homes have gas); the last three
  bills are in the ledger.
- A recent renovation paid a debris removal fee and a deposit (RN-9), held until
  it is refunded three months after acceptance, offices 15 days (RN-17).
- Parking rent is charged and paid for the year when a rental starts.

Most households pay each charge before it is due; about one in eleven has stopped
paying for the last two to four months; a few leave their utility bills unpaid; a
few paid a year of management fees in advance and are in credit. The households of
the demo logins always pay on time.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from portal.estate.models import LedgerCategory, LedgerKind, OccupancyStatus, PropertyType

from .cast import LOGIN_UNITS
from .months import add_months, local_time, month_end

MONTHS = 6
METER_BILLS = 3
CENT = Decimal("0.01")

# Sample fee standard, the same figures as the policy library's defaults (RN-9).
RENOVATION_DEPOSIT = {
    PropertyType.RESIDENTIAL: Decimal("2000.00"),
    PropertyType.BUSINESS_APARTMENT: Decimal("3000.00"),
    PropertyType.OFFICE: Decimal("10000.00"),
}
DEBRIS_REMOVAL_FEE = {
    PropertyType.RESIDENTIAL: Decimal("300.00"),
    PropertyType.BUSINESS_APARTMENT: Decimal("400.00"),
    PropertyType.OFFICE: Decimal("800.00"),
}

# Tariffs: (category, name, unit, price per unit, monthly use range) per property type.
METERS = {
    PropertyType.RESIDENTIAL: (
        (LedgerCategory.WATER, "水费", "吨", Decimal("3.45"), (6, 22)),
        (LedgerCategory.ELECTRICITY, "电费", "度", Decimal("0.68"), (120, 480)),
        (LedgerCategory.GAS, "燃气费", "立方米", Decimal("3.60"), (6, 28)),
    ),
    PropertyType.BUSINESS_APARTMENT: (
        (LedgerCategory.WATER, "水费", "吨", Decimal("4.65"), (3, 12)),
        (LedgerCategory.ELECTRICITY, "电费", "度", Decimal("1.05"), (150, 520)),
    ),
    PropertyType.OFFICE: (
        (LedgerCategory.WATER, "水费", "吨", Decimal("4.65"), (8, 40)),
        (LedgerCategory.ELECTRICITY, "电费", "度", Decimal("1.05"), (1200, 4800)),
    ),
}

PROMPT, IN_ARREARS, UTILITIES_UNPAID, PREPAID = "prompt", "in_arrears", "utilities_unpaid", "prepaid"
PAYERS = {PROMPT: 82, IN_ARREARS: 9, UTILITIES_UNPAID: 4, PREPAID: 5}


@dataclass
class EntryPlan:
    unit: object  # estate.UnitPlan
    kind: str
    category: str
    amount: Decimal
    entry_date: date
    description: str
    due_on: date | None = None
    period_start: date | None = None
    period_end: date | None = None

    def row(self, unit_ids: dict) -> dict:
        return {
            "unit_id": unit_ids[self.unit.key],
            "kind": self.kind,
            "category": self.category,
            "amount": self.amount.quantize(CENT),
            "entry_date": self.entry_date,
            "due_on": self.due_on,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "description": self.description,
            "recorded_by_id": None,
            "recorded_at": local_time(self.entry_date, 10 if self.kind == LedgerKind.CHARGE else 15),
        }


def _month_label(day: date) -> str:
    return f"{day.year}年{day.month}月"


def plan(units, households, rentals, anchor: date, rng: random.Random) -> list[EntryPlan]:
    """The ledger entries of every handed-over unit up to ``anchor``'s month."""
    entries = []
    for household in households:
        unit = household.unit
        payer = PROMPT if unit.key in LOGIN_UNITS else rng.choices(list(PAYERS), list(PAYERS.values()))[0]
        charges = _renovation(unit, anchor) + _management_fees(unit, anchor)
        if unit.status not in {OccupancyStatus.VACANT, OccupancyStatus.NOT_HANDED_OVER}:
            charges += _meter_charges(unit, anchor, rng)
        charges += [e for rental in rentals if rental.household is household for e in _parking(rental)]
        entries += charges
        entries += _payments(unit, charges, payer, anchor, rng)
    return entries


def _management_fees(unit, anchor: date) -> list[EntryPlan]:
    fee = unit.monthly_fee
    entries = []
    for back in range(MONTHS, -1, -1):
        month = add_months(anchor, -back)
        if month < unit.handed_over_on.replace(day=1):
            continue
        entries.append(EntryPlan(
            unit, LedgerKind.CHARGE, LedgerCategory.MANAGEMENT_FEE, fee, month,
            f"{_month_label(month)}物业管理费（{unit.building_area} m² × {unit.fee_per_m2} 元）",
            due_on=month_end(month), period_start=month, period_end=month_end(month),
        ))
    return entries


def _meter_charges(unit, anchor: date, rng: random.Random) -> list[EntryPlan]:
    entries = []
    for back in range(METER_BILLS + 1, 1, -1):
        month = add_months(anchor, -back)
        billed = add_months(month, 1)
        for category, name, measure, price, (low, high) in METERS[unit.property_type]:
            used = rng.randrange(low, high + 1)
            entries.append(EntryPlan(
                unit, LedgerKind.CHARGE, category, used * price, billed.replace(day=5),
                f"{_month_label(month)}{name}（{used} {measure} × {price} 元）",
                due_on=billed.replace(day=20), period_start=month, period_end=month_end(month),
            ))
    return entries


def _renovation(unit, anchor: date) -> list[EntryPlan]:
    day = unit.renovation_started_on
    if day is None or day < add_months(anchor, -MONTHS - 2):
        return []
    return [EntryPlan(unit, LedgerKind.CHARGE, LedgerCategory.RENOVATION_FEE,
                      DEBRIS_REMOVAL_FEE[unit.property_type], day, "装修垃圾清运费", due_on=day)]


def refund_due_on(unit) -> date:
    """When a renovation deposit falls due for refund (RN-17)."""
    if unit.property_type == PropertyType.OFFICE:
        return unit.renovation_accepted_on + timedelta(days=15)
    return add_months(unit.renovation_accepted_on, 3)


def _parking(rental) -> list[EntryPlan]:
    space = rental.space
    return [EntryPlan(
        rental.household.unit, LedgerKind.CHARGE, LedgerCategory.PARKING, rental.annual_rent, rental.start,
        f"车位 {space.level}-{space.number} 租金（{rental.start} 至 {rental.end}）",
        due_on=rental.start, period_start=rental.start, period_end=rental.end,
    )]


def _payments(unit, charges, payer: str, anchor: date, rng: random.Random) -> list[EntryPlan]:
    payments = []
    stops_paying = add_months(anchor, -rng.randrange(2, 5))
    for charge in charges:
        if charge.entry_date >= anchor:
            continue  # this month's bills are not paid yet
        if payer == IN_ARREARS and charge.entry_date >= stops_paying:
            continue
        if payer == UTILITIES_UNPAID and charge.category in {
            LedgerCategory.WATER, LedgerCategory.ELECTRICITY, LedgerCategory.GAS,
        } and charge.entry_date >= add_months(anchor, -2):
            continue
        if payer == PREPAID and charge.category == LedgerCategory.MANAGEMENT_FEE:
            continue
        latest = min(charge.due_on, anchor - timedelta(days=1))
        paid_on = charge.entry_date + timedelta(days=rng.randrange(0, (latest - charge.entry_date).days + 1))
        payments.append(EntryPlan(unit, LedgerKind.PAYMENT, charge.category, charge.amount, paid_on,
                                  f"缴纳{charge.description}"))
    if payer == PREPAID:
        first = add_months(anchor, -MONTHS)
        payments.append(EntryPlan(unit, LedgerKind.PAYMENT, LedgerCategory.MANAGEMENT_FEE,
                                  unit.monthly_fee * 12, first, "预交物业管理费 12 个月"))
    if _renovation(unit, anchor):
        deposit = RENOVATION_DEPOSIT[unit.property_type]
        payments.append(EntryPlan(unit, LedgerKind.PAYMENT, LedgerCategory.DEPOSIT, deposit,
                                  unit.renovation_started_on, "装修押金"))
        if unit.renovation_accepted_on and refund_due_on(unit) < anchor:
            payments.append(EntryPlan(unit, LedgerKind.REFUND, LedgerCategory.DEPOSIT, deposit,
                                      refund_due_on(unit), "退还装修押金（竣工验收合格，无违章扣款）"))
    return payments
