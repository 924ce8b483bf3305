"""Dates and instants: the Asia/Shanghai zone, "the day of" an instant, month arithmetic."""

from __future__ import annotations

import calendar as _gregorian
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _shanghai_zone() -> tzinfo:
    """Asia/Shanghai from the system time-zone database.

    Without a time-zone database, a fixed UTC+08:00 is used: Asia/Shanghai has had no
    daylight-saving time since 1991, so both agree on every instant from 2000 to 2100.
    """
    try:
        return ZoneInfo("Asia/Shanghai")
    except ZoneInfoNotFoundError:  # pragma: no cover - depends on the machine
        return timezone(timedelta(hours=8), "Asia/Shanghai")


SHANGHAI: tzinfo = _shanghai_zone()


def in_shanghai(instant: datetime) -> datetime:
    """The same instant expressed in Asia/Shanghai (``instant`` must be aware)."""
    return instant.astimezone(SHANGHAI)


def day_of(instant: datetime) -> date:
    """The calendar day of an aware instant in Asia/Shanghai."""
    return instant.astimezone(SHANGHAI).date()


def last_day_of_month(year: int, month: int) -> int:
    """Number of the last day of ``year``-``month`` (28..31)."""
    return _gregorian.monthrange(year, month)[1]


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the end of the target month.

    2026-01-31 + 1 month = 2026-02-28; 2026-11-15 + 3 months = 2027-02-15.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, last_day_of_month(year, month)))
