"""visits.quota: at least 10 households a month (VS-2)."""

from __future__ import annotations

from rules.params import ParameterSet
from rules.procedures.base import Facts, Prepared


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    visits, quota = facts["visits_this_month"], params["visits_monthly_quota"]
    message = {"visits_this_month": visits, "monthly_quota": quota}
    return Prepared(message, {"meets": False, "shortfall": max(0, quota - visits)})
