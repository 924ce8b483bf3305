"""survey.window: the survey window containing a day, else the next one (SV-1)."""

from __future__ import annotations

from datetime import date

from rules.params import ParameterSet
from rules.procedures.base import Facts, Prepared


def _day(year: int, month_day: str) -> date:
    return date(year, int(month_day[:2]), int(month_day[3:]))


def window_for(on_date: date, params: ParameterSet) -> tuple[date, date]:
    """The window containing ``on_date``, else the next window to start after it."""
    seasons = (("survey_winter_start", "survey_winter_end"), ("survey_summer_start", "survey_summer_end"))
    windows = sorted(
        (_day(year, params[start]), _day(year, params[end]))
        for year in (on_date.year, on_date.year + 1)
        for start, end in seasons
    )
    return next(window for window in windows if window[1] >= on_date)


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    on_date = facts["on_date"]
    start, end = window_for(on_date, params)
    message = {
        "on_month_day": on_date.isoformat()[5:],
        "summer_start": params["survey_summer_start"],
        "summer_end": params["survey_summer_end"],
        "winter_start": params["survey_winter_start"],
        "winter_end": params["survey_winter_end"],
    }
    values = {"in_window": False, "window_start": start, "window_end": end}
    return Prepared(message, values)
