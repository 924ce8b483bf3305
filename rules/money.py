"""Money: ``Decimal`` quantised to 0.01 with ROUND_HALF_UP, never float, never negative."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# Sanity bound for any amount or area given to the library (one less than a billion yuan).
# Keeps every product (area x unit price) well inside Decimal's default 28-digit precision.
MAX_AMOUNT = Decimal("999999999.99")


def quantise(amount: Decimal) -> Decimal:
    """``amount`` rounded to 0.01 (ROUND_HALF_UP); a negative zero comes back as ``0.00``."""
    rounded = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return rounded if rounded else ZERO


def clamp_at_zero(amount: Decimal) -> Decimal:
    """``max(0, amount)`` as a quantised amount."""
    return quantise(amount) if amount > 0 else ZERO
