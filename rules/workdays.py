"""The Chinese working-day calendar used for deadlines such as "3个工作日内审批完毕" (RN-10).

A day is a working day when it is a weekday that is not a statutory holiday, or an official
make-up working day (调休上班) falling on a weekend. The office may close on extra days
(``calendar_extra_closures``) or open on extra days (``calendar_extra_working_days``); those
two parameters win over everything else.

Statutory holidays and make-up days come from the ``holidays`` package (``holidays.China``),
which follows the State Council's yearly notices. 2026, for example (国务院办公厅关于2026年
部分节假日安排的通知, gov.cn, November 2025):

* New Year: 1–3 January off, Sunday 4 January worked;
* Spring Festival: 15–23 February off, Saturdays 14 and 28 February worked;
* Labour Day: 1–5 May off, Saturday 9 May worked;
* National Day and Mid-Autumn: 1–7 October off, Sunday 20 September and Saturday
  10 October worked.

Years the notices do not cover yet only get the statutory days the law fixes (no make-up
days). Years outside 2000–2101 get weekends only.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date, timedelta

FIRST_YEAR = 2000
LAST_YEAR = 2101  # one past the last fact year, so that deadlines may run into it
MAX_WORKING_DAYS = 3660  # longest shift accepted by add_working_days (about ten years)

_ONE_DAY = timedelta(days=1)
_statutory_lock = threading.Lock()
_statutory: tuple[frozenset[date], frozenset[date]] | None = None


def statutory_days() -> tuple[frozenset[date], frozenset[date]]:
    """``(days off, make-up working days)`` of China for FIRST_YEAR..LAST_YEAR, built once."""
    global _statutory
    if _statutory is None:
        with _statutory_lock:
            if _statutory is None:
                import holidays  # imported here: building the table takes a few tens of ms

                years = range(FIRST_YEAR, LAST_YEAR + 1)
                china = holidays.China(years=years)
                days_off = frozenset(day for day in china if FIRST_YEAR <= day.year <= LAST_YEAR)
                make_up = frozenset(
                    day for day in china.weekend_workdays if FIRST_YEAR <= day.year <= LAST_YEAR
                )
                _statutory = (days_off, make_up)
    return _statutory


class WorkingCalendar:
    """Working days on the statutory calendar plus the office's own closures and openings.

    Immutable once built; safe to share between threads.
    """

    __slots__ = ("extra_closures", "extra_working_days", "_days_off", "_make_up")

    def __init__(
        self,
        extra_closures: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        self.extra_closures = frozenset(extra_closures)
        self.extra_working_days = frozenset(extra_working_days)
        if self.extra_closures & self.extra_working_days:
            raise ValueError("a day cannot be both an extra closure and an extra working day")
        self._days_off, self._make_up = statutory_days()

    def is_working_day(self, day: date) -> bool:
        """True when staff work on ``day``."""
        if day in self.extra_working_days:
            return True
        if day in self.extra_closures:
            return False
        if day in self._make_up:
            return True
        if day in self._days_off:
            return False
        return day.weekday() < 5

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself is not counted).

        ``count`` = 0 returns ``day``. Example: complete on 2026-09-30 (Wednesday),
        3 working days -> 2026-10-10 (the make-up Saturday after National Day).
        """
        if not 0 <= count <= MAX_WORKING_DAYS:
            raise ValueError(f"count must be between 0 and {MAX_WORKING_DAYS}")
        current = day
        remaining = count
        while remaining:
            current += _ONE_DAY
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days ``d`` with ``start < d <= end`` (0 when ``end <= start``)."""
        if (end - start).days > MAX_WORKING_DAYS * 2:
            raise ValueError("range too long")
        count = 0
        current = start
        while current < end:
            current += _ONE_DAY
            count += self.is_working_day(current)
        return count


_default_calendar: WorkingCalendar | None = None


def default_calendar() -> WorkingCalendar:
    """The statutory calendar without office closures or extra working days."""
    global _default_calendar
    if _default_calendar is None:
        _default_calendar = WorkingCalendar()
    return _default_calendar


def is_working_day(day: date) -> bool:
    """``day`` is a working day on the statutory calendar (see :class:`WorkingCalendar`)."""
    return default_calendar().is_working_day(day)


def add_working_days(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` on the statutory calendar."""
    return default_calendar().add_working_days(day, count)
