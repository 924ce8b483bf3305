"""inspection.issue_deadlines: forward within 30 minutes, verify by the next day (IN-3)."""

from __future__ import annotations

from datetime import timedelta

from rules.instants import day_of
from rules.params import ParameterSet
from rules.procedures.base import Facts, Prepared


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    found = facts["found_at"]
    values = {
        "forward_by": found + timedelta(minutes=params["inspection_forward_minutes"]),
        "verify_by": day_of(found) + timedelta(days=params["inspection_verify_days"]),
    }
    return Prepared({}, values)
