"""Database aggregations the reports share: counts per day or week, sums of money, durations."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F
from django.db.models.functions import TruncDate, TruncWeek

from portal.policies.adapter import SHANGHAI

from .periods import Period

CENT = Decimal("0.01")


def money(value) -> Decimal:
    """A database sum as Decimal to the fen (SQLite returns decimals summed as floats)."""
    if value is None:
        return Decimal("0.00")
    return Decimal(str(value)).quantize(CENT)


def elapsed(end_field: str, start_field: str) -> ExpressionWrapper:
    """``end - start`` as a duration, for ``Avg``."""
    return ExpressionWrapper(F(end_field) - F(start_field), output_field=DurationField())


def hours(value) -> Decimal | None:
    """A duration (or microseconds, as some backends average them) in hours to one place."""
    if value is None:
        return None
    if not isinstance(value, timedelta):
        value = timedelta(microseconds=float(value))
    return (Decimal(value.total_seconds()) / 3600).quantize(Decimal("0.1"))


def over_time(queryset, field: str, period: Period) -> tuple[list[str], list[int]]:
    """Rows of ``queryset`` per day of ``period`` (per week when it is longer than a month),
    by the day of ``field`` in Asia/Shanghai: ``(labels, counts)``, empty days included."""
    weekly = period.days > 31
    trunc = TruncWeek(field, tzinfo=SHANGHAI) if weekly else TruncDate(field, tzinfo=SHANGHAI)
    counted = dict(
        queryset.annotate(bucket=trunc).order_by().values_list("bucket").annotate(n=Count("pk")).values_list("bucket", "n")
    )
    counted = {(key.date() if hasattr(key, "date") else key): n for key, n in counted.items()}
    labels, counts = [], []
    day = period.start - timedelta(days=period.start.weekday()) if weekly else period.start
    step = timedelta(days=7 if weekly else 1)
    while day <= period.end:
        labels.append(f"{day:%m-%d}")
        counts.append(counted.get(day, 0))
        day += step
    return labels, counts
