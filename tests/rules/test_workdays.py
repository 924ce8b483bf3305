"""The working-day calendar on real dates (State Council schedule for 2026)."""

from __future__ import annotations

from datetime import date

import pytest

from rules import WorkingCalendar, add_working_days, is_working_day, working_calendar


@pytest.mark.parametrize("day, working", [
    # New Year 2026: 1-3 January off, Sunday 4 January worked.
    (date(2026, 1, 1), False), (date(2026, 1, 2), False), (date(2026, 1, 3), False), (date(2026, 1, 4), True),
    # Spring Festival 2026: 15-23 February off, Saturdays 14 and 28 February worked.
    (date(2026, 2, 14), True), (date(2026, 2, 15), False), (date(2026, 2, 16), False), (date(2026, 2, 20), False),
    (date(2026, 2, 23), False), (date(2026, 2, 24), True), (date(2026, 2, 28), True),
    # National Day and Mid-Autumn 2026: 1-7 October off, Sunday 20 September and Saturday 10 October worked.
    (date(2026, 9, 20), True), (date(2026, 9, 25), False), (date(2026, 10, 1), False), (date(2026, 10, 5), False),
    (date(2026, 10, 7), False), (date(2026, 10, 8), True), (date(2026, 10, 10), True), (date(2026, 10, 11), False),
    # ordinary days
    (date(2026, 3, 2), True), (date(2026, 3, 7), False), (date(2026, 3, 8), False),
], ids=str)
def test_statutory_calendar_2026(day, working):
    assert is_working_day(day) is working


def test_third_working_day_after_national_day_eve_is_the_make_up_saturday():
    assert add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)


def test_year_boundary():
    assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 4)
    assert add_working_days(date(2025, 12, 31), 3) == date(2026, 1, 6)


def test_the_start_day_is_not_counted_and_zero_is_the_day_itself():
    assert add_working_days(date(2026, 3, 2), 1) == date(2026, 3, 3)
    assert add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)


def test_office_closures_and_openings():
    calendar = WorkingCalendar(extra_closures=[date(2026, 10, 10)], extra_working_days=[date(2026, 10, 11)])
    assert not calendar.is_working_day(date(2026, 10, 10))
    assert calendar.is_working_day(date(2026, 10, 11))
    assert calendar.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 11)
    assert working_calendar({"calendar_extra_closures": ["2026-10-10"]}).add_working_days(
        date(2026, 9, 30), 3) == date(2026, 10, 12)


def test_working_days_between():
    assert working_calendar().working_days_between(date(2026, 9, 30), date(2026, 10, 10)) == 3


def test_years_without_data_fall_back_to_weekends():
    assert is_working_day(date(2101, 1, 3)) is True  # a Monday
    assert add_working_days(date(2100, 12, 31), 1) == date(2101, 1, 3)


def test_limits():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 1), -1)
    with pytest.raises(ValueError):
        WorkingCalendar(extra_closures=[date(2026, 1, 5)], extra_working_days=[date(2026, 1, 5)])
