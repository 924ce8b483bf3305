"""Calendar arithmetic for the demo's dated records.

The demo is dated relative to the first day of the current month (its *anchor*), so
loading it twice within a month plans exactly the same records.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, days_in_month(year, month + 1)))


def days_in_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=days_in_month(day.year, day.month))


def local_time(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """An aware datetime on ``day`` at ``hour:minute``, Shanghai time."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)
