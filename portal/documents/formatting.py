"""How money and dates read on printed records: ``¥1,234.50`` and ``2026年11月28日``."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

FEN = Decimal("0.01")


def yuan(amount: Decimal | int | str | None) -> str:
    """``Decimal("1234.5")`` → ``"¥1,234.50"``, rounded half up to the fen; blank for ``None``.

    Floats are refused: money is never a float.
    """
    if amount is None or amount == "":
        return ""
    if isinstance(amount, float):
        raise TypeError("Money must be a Decimal, not a float.")
    value = Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    return f"{sign}¥{abs(value):,.2f}"


def chinese_date(value: date | datetime | None) -> str:
    """``date(2026, 11, 28)`` → ``"2026年11月28日"``; an aware datetime is first read in local time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_datetime(value: datetime | None) -> str:
    """An aware datetime in local time: ``"2026年11月28日 14:05"``."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{chinese_date(local)} {local:%H:%M}"
