"""The policy library of the customer-service procedures (客服部工作流程).

Everything else in the project asks this library, and only this library, what the
procedures allow, what they cost and when things are due::

    from rules import decide
    decision = decide("renovation.refund", facts, params=None)

Contract: ``shared/spec/DECISIONS.md``; policy IDs: ``shared/spec/POLICIES.md``.

Layout:

``policies/``    one data file per procedure: facts and rules (durable_rules form) with
                 policy IDs and Chinese reasons
``procedures/``  per procedure: facts -> engine message, values computed in Python
``engine``       the durable_rules host, lock, fixed state id and dispatch loop
``params``       parameters with labels, units, defaults and ranges; ``params_version``
``workdays``     the Chinese working-day calendar (statutory holidays, 调休)
``facts``, ``coerce``  validation of facts; ``assemble``  fired rules -> :class:`Decision`
"""

from collections.abc import Mapping
from typing import Any

from rules.api import PROCEDURES, decide
from rules.decision import Decision, Reason
from rules.errors import FactsError, ParamsError, RuleEngineError, UnknownProcedure
from rules.params import DEFAULT_PARAMS, PARAMETERS, Parameter, ParameterSet, resolve_params
from rules.policies.common import PROPERTY_TYPES
from rules.workdays import WorkingCalendar, add_working_days, is_working_day


def working_calendar(params: Mapping[str, Any] | None = None) -> WorkingCalendar:
    """The working-day calendar of a parameter set (``None``: the defaults).

    For quoting deadlines in guides, e.g. ``working_calendar().add_working_days(day, 3)``.
    Raises :class:`ParamsError` for bad parameters.
    """
    return resolve_params(params).calendar


__all__ = [
    "DEFAULT_PARAMS",
    "Decision",
    "FactsError",
    "PARAMETERS",
    "PROCEDURES",
    "PROPERTY_TYPES",
    "Parameter",
    "ParameterSet",
    "ParamsError",
    "Reason",
    "RuleEngineError",
    "UnknownProcedure",
    "WorkingCalendar",
    "add_working_days",
    "decide",
    "is_working_day",
    "resolve_params",
    "working_calendar",
]
