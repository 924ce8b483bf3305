"""Amounts as owners read them."""

from decimal import Decimal


def yuan(amount: Decimal) -> str:
    """``Decimal("3000")`` -> ``"¥3,000.00"``."""
    return f"¥{Decimal(amount).quantize(Decimal('0.01')):,}"
