"""Arrears, as the cashier and the goods-release check (GR-4) read them from the ledger.

A unit owes, on a day, the charges due by then less what it paid by then, plus what
was refunded to it by then. Deposits are held money, not fees; paying in advance is a
credit, never negative arrears.
"""

from datetime import date
from decimal import Decimal

import pytest

from portal.estate.ledger import annotate_arrears, arrears
from portal.estate.models import LedgerCategory, LedgerKind, Unit
from tests.factories import LedgerEntryFactory, UnitFactory

pytestmark = pytest.mark.django_db

MARCH_FEE = Decimal("251.22")


def charge(unit, amount=MARCH_FEE, *, due_on=date(2025, 3, 31), category=LedgerCategory.MANAGEMENT_FEE):
    return LedgerEntryFactory(
        unit=unit, kind=LedgerKind.CHARGE, category=category, amount=amount,
        entry_date=due_on.replace(day=1), due_on=due_on,
    )


def payment(unit, amount=MARCH_FEE, *, on=date(2025, 3, 20), category=LedgerCategory.MANAGEMENT_FEE):
    return LedgerEntryFactory(unit=unit, payment=True, category=category, amount=amount, entry_date=on)


def refund(unit, amount, *, on, category=LedgerCategory.MANAGEMENT_FEE):
    return LedgerEntryFactory(unit=unit, refund=True, category=category, amount=amount, entry_date=on)


def test_a_unit_without_entries_owes_nothing():
    assert arrears(UnitFactory(), date(2025, 4, 1)) == Decimal("0.00")


def test_a_charge_counts_from_its_due_date_not_before():
    unit = UnitFactory()
    charge(unit, due_on=date(2025, 3, 31))

    assert arrears(unit, date(2025, 3, 30)) == Decimal("0.00")
    assert arrears(unit, date(2025, 3, 31)) == MARCH_FEE
    assert arrears(unit, date(2025, 6, 1)) == MARCH_FEE


def test_a_payment_counts_from_the_day_it_was_made():
    unit = UnitFactory()
    charge(unit, due_on=date(2025, 3, 31))
    payment(unit, on=date(2025, 4, 10))

    assert arrears(unit, date(2025, 4, 9)) == MARCH_FEE
    assert arrears(unit, date(2025, 4, 10)) == Decimal("0.00")


def test_part_payments_leave_the_rest_owed():
    unit = UnitFactory()
    charge(unit)
    charge(unit, Decimal("88.35"), category=LedgerCategory.WATER, due_on=date(2025, 4, 20))
    payment(unit, Decimal("200.00"), on=date(2025, 4, 2))

    assert arrears(unit, date(2025, 4, 30)) == Decimal("139.57")


def test_paying_in_advance_is_a_credit_not_negative_arrears():
    unit = UnitFactory()
    payment(unit, MARCH_FEE * 12, on=date(2025, 1, 5))
    charge(unit, due_on=date(2025, 1, 31))

    assert arrears(unit, date(2025, 2, 1)) == Decimal("0.00")
    balance = annotate_arrears(Unit.objects.filter(pk=unit.pk), date(2025, 2, 1)).get().arrears_balance
    assert balance.quantize(Decimal("0.01")) == -MARCH_FEE * 11


def test_a_deposit_held_does_not_pay_the_fees():
    unit = UnitFactory()
    payment(unit, Decimal("2000.00"), on=date(2025, 2, 1), category=LedgerCategory.DEPOSIT)
    charge(unit)

    assert arrears(unit, date(2025, 4, 1)) == MARCH_FEE


def test_refunding_a_deposit_does_not_make_the_unit_owe_it():
    unit = UnitFactory()
    payment(unit, Decimal("2000.00"), on=date(2025, 2, 1), category=LedgerCategory.DEPOSIT)
    refund(unit, Decimal("2000.00"), on=date(2025, 5, 10), category=LedgerCategory.DEPOSIT)

    assert arrears(unit, date(2025, 6, 1)) == Decimal("0.00")
    assert arrears(unit, date(2025, 6, 1), categories=[LedgerCategory.DEPOSIT]) == Decimal("0.00")


def test_a_deposit_is_counted_only_when_asked_for():
    unit = UnitFactory()
    payment(unit, Decimal("3000.00"), on=date(2025, 2, 1), category=LedgerCategory.DEPOSIT)

    held = annotate_arrears(
        Unit.objects.filter(pk=unit.pk), date(2025, 3, 1), categories=[LedgerCategory.DEPOSIT]
    )

    assert held.get().arrears_balance.quantize(Decimal("0.01")) == Decimal("-3000.00")


def test_a_refunded_overpayment_is_owed_again_from_the_refund_day():
    unit = UnitFactory()
    charge(unit)
    payment(unit, MARCH_FEE * 2, on=date(2025, 3, 5))
    refund(unit, MARCH_FEE, on=date(2025, 4, 15))
    charge(unit, due_on=date(2025, 4, 30))

    assert arrears(unit, date(2025, 4, 14)) == Decimal("0.00")
    assert arrears(unit, date(2025, 4, 30)) == MARCH_FEE


def test_arrears_can_be_limited_to_some_categories():
    unit = UnitFactory()
    charge(unit)
    charge(unit, Decimal("88.35"), category=LedgerCategory.WATER, due_on=date(2025, 4, 20))
    charge(unit, Decimal("312.40"), category=LedgerCategory.ELECTRICITY, due_on=date(2025, 4, 20))

    utilities = [LedgerCategory.WATER, LedgerCategory.ELECTRICITY, LedgerCategory.GAS]
    assert arrears(unit, date(2025, 5, 1), categories=utilities) == Decimal("400.75")


def test_annotate_arrears_agrees_with_arrears_for_every_unit_in_one_query(django_assert_num_queries):
    on = date(2025, 5, 1)
    settled, owing, in_credit, refunded, untouched = UnitFactory.create_batch(5)
    for unit in (settled, owing, in_credit, refunded):
        charge(unit)
        charge(unit, due_on=date(2025, 4, 30))
        charge(unit, due_on=date(2025, 5, 31))  # not yet due
    payment(settled, MARCH_FEE * 2, on=date(2025, 4, 28))
    payment(owing, MARCH_FEE, on=date(2025, 3, 20))
    payment(owing, MARCH_FEE, on=date(2025, 5, 2))  # after the day asked about
    payment(in_credit, MARCH_FEE * 6, on=date(2025, 3, 1))
    payment(refunded, MARCH_FEE * 3, on=date(2025, 3, 1))
    refund(refunded, MARCH_FEE, on=date(2025, 4, 2))
    payment(untouched, Decimal("2000.00"), on=date(2025, 2, 1), category=LedgerCategory.DEPOSIT)

    with django_assert_num_queries(1):
        balances = {u.pk: u.arrears_balance for u in annotate_arrears(Unit.objects.all(), on)}

    expected = {settled: "0.00", owing: "251.22", in_credit: "0.00", refunded: "0.00", untouched: "0.00"}
    for unit, owed in expected.items():
        assert arrears(unit, on) == Decimal(owed)
        assert max(Decimal("0.00"), balances[unit.pk]).quantize(Decimal("0.01")) == Decimal(owed)
    assert balances[in_credit.pk].quantize(Decimal("0.01")) == -MARCH_FEE * 4


def test_a_settled_account_is_not_counted_as_owing():
    unit = UnitFactory()
    charge(unit, Decimal("0.10"))
    charge(unit, Decimal("0.20"))
    payment(unit, Decimal("0.30"))

    assert not annotate_arrears(Unit.objects.all(), date(2025, 4, 1)).filter(arrears_balance__gt=0).exists()
