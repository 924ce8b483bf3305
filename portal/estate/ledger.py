"""Arrears computed from the fee ledger, never stored."""

from datetime import date
from decimal import Decimal

from django.db.models import Case, DecimalField, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Round

from .models import LedgerEntry, LedgerKind, Unit
from .models.ledger import HELD_CATEGORIES

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=14, decimal_places=2)


def _balance_expression(on_date: date):
    """Charges due by ``on_date`` minus payments by then, plus refunds paid out by then."""
    due = Q(kind=LedgerKind.CHARGE, due_on__lte=on_date)
    paid = Q(kind=LedgerKind.PAYMENT, entry_date__lte=on_date)
    refunded = Q(kind=LedgerKind.REFUND, entry_date__lte=on_date)
    return Case(
        When(due | refunded, then=F("amount")),
        When(paid, then=-F("amount")),
        default=Value(ZERO),
        output_field=_MONEY,
    )


def _scope(categories) -> Q:
    """The categories that count: all fees by default, never held deposits unless asked."""
    if categories is None:
        return ~Q(category__in=HELD_CATEGORIES)
    return Q(category__in=list(categories))


def arrears(unit: Unit, on_date: date, categories=None) -> Decimal:
    """What ``unit`` owes on ``on_date``: charges due by then less payments made by then.

    Deposits are held money and are left out unless ``categories`` names them.
    A credit (paid in advance) is not arrears: the result is never negative.
    """
    total = (
        LedgerEntry.objects.filter(_scope(categories), unit=unit)
        .aggregate(balance=Coalesce(Sum(_balance_expression(on_date)), Value(ZERO), output_field=_MONEY))
        ["balance"]
    )
    return max(ZERO, Decimal(total).quantize(Decimal("0.01")))


def annotate_arrears(units, on_date: date, categories=None):
    """``units`` (a Unit queryset) annotated with ``arrears_balance``, in one query.

    ``arrears_balance`` may be negative (a credit); callers show ``max(0, …)``.
    """
    balance = (
        LedgerEntry.objects.filter(_scope(categories), unit=OuterRef("pk"))
        .order_by()
        .values("unit")
        .annotate(balance=Sum(_balance_expression(on_date)))
        .values("balance")
    )
    # Rounded to the fen in SQL: SQLite sums decimals as floating point (0.1 + 0.2 - 0.3 != 0).
    return units.annotate(
        arrears_balance=Round(Coalesce(Subquery(balance, output_field=_MONEY), Value(ZERO)), 2, output_field=_MONEY)
    )
