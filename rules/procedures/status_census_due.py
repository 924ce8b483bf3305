"""status.census_due: census by the 30th (month end if shorter), report by the 3rd (ST-2)."""

from __future__ import annotations

from datetime import date

from rules.instants import last_day_of_month
from rules.params import ParameterSet
from rules.procedures.base import Facts, Prepared


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    year, month = facts["month"]
    census_day = min(params["status_census_day"], last_day_of_month(year, month))
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    values = {
        "census_due": date(year, month, census_day),
        "report_due": date(next_year, next_month, params["status_report_day"]),
    }
    return Prepared({}, values)
