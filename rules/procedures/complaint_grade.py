"""complaint.grade: deadlines follow the grade the rules decided (CP-1 … CP-6, CP-8)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from rules.display import display
from rules.params import ParameterSet
from rules.policies import complaint_grade as data
from rules.procedures.base import Facts, Prepared
from rules.ruledata import RuleMeta


_FLAGS = ("valid", "same_event_complainants", "unresolved_days", "sudden_outage",
          "company_fault_loss_or_injury", "contracted_service_failed_repeatedly",
          "reasonable_need_unmet_seriously", "severe_staff_attitude")


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    message = {name: facts[name] for name in _FLAGS}
    message["deemed"] = facts["deemed"] or "none"
    message["major_complainants"] = params["complaint_major_complainants"]
    message["major_unresolved_days"] = params["complaint_major_unresolved_days"]
    received = facts["received_at"]
    values = {
        "grade": "invalid",
        "report_immediately": False,
        "forward_by": received + timedelta(minutes=params["complaint_forward_minutes"]),
        "reply_by": None,
        "resolve_by": None,
        "follow_up_within_hours": None,
    }
    return Prepared(message, values)


def deadlines(grade: str, received: datetime, params: ParameterSet) -> tuple[datetime | None, datetime | None]:
    """``(reply_by, resolve_by)`` for a grade (CP-6); ``(None, None)`` for an invalid complaint."""
    if grade == "minor":
        due = received + timedelta(hours=params["complaint_minor_hours"])
        return due, due
    if grade == "important":
        due = received + timedelta(hours=params["complaint_important_hours"])
        return due, due
    if grade == "major":
        return (received + timedelta(hours=params["complaint_major_reply_hours"]),
                received + timedelta(days=params["complaint_major_resolve_days"]))
    return None, None


def finish(prepared: Prepared, facts: Facts, params: ParameterSet, fired: Sequence[RuleMeta]) -> None:
    values = prepared.values
    grade = values["grade"]
    values["reply_by"], values["resolve_by"] = deadlines(grade, facts["received_at"], params)
    if grade in data.GRADE_DEADLINES:
        prepared.extra["grade_deadlines"] = data.GRADE_DEADLINES[grade].format(
            reply_by=display(values["reply_by"]), resolve_by=display(values["resolve_by"]))
