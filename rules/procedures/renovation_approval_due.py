"""renovation.approval_due: the third working day after the day the file was complete (RN-10)."""

from __future__ import annotations

from rules.instants import day_of
from rules.params import ParameterSet
from rules.procedures.base import Facts, Prepared


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    complete_date = day_of(facts["complete_at"])
    due = params.calendar.add_working_days(complete_date, params["renovation_approval_working_days"])
    return Prepared({}, {"due": due}, {"complete_date": complete_date})
