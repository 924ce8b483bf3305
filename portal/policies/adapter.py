"""The portal's only way to the policy library.

Everything in the project that needs a fee, a window or a decision asks here, never
``rules`` directly: this module adds the parameters in force on the day in question
(staff schedule them in the admin, see :class:`~portal.policies.models.ParameterSet`)
and turns decisions into the JSON snapshots stored with a case.

The parameter set in force is read from the database on every call (one indexed
query), so a change is seen at once by every process; the library keeps its own
cache of validated parameter sets.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from rules import PARAMETERS, Decision, resolve_params
from rules import decide as rules_decide

from . import values as parameter_values
from .models import ParameterSet

__all__ = [
    "SHANGHAI",
    "decide",
    "format_parameter",
    "params_in_force",
    "parameter_choices",
    "parameter_value",
    "snapshot",
    "today",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today() -> date:
    """Today's date in Asia/Shanghai, whatever time zone is active."""
    return timezone.localdate(timezone=SHANGHAI)


def overrides_in_force(on_date: date) -> dict[str, Any]:
    """The stored overrides of the set in force on ``on_date`` (empty: the defaults).

    A name the library no longer knows is left out, so that retiring a parameter in
    the library does not break every decision.
    """
    parameter_set = ParameterSet.objects.in_force_on(on_date)
    stored = parameter_set.values if parameter_set is not None else {}
    return {name: value for name, value in stored.items() if name in PARAMETERS}


def params_in_force(on_date: date | None = None) -> dict[str, Any]:
    """Every parameter's value in force on ``on_date`` (default: today), as the library types it."""
    return dict(resolve_params(overrides_in_force(on_date or today())))


def decide(procedure: str, facts, *, on_date: date | None = None) -> Decision:
    """``rules.decide`` with the parameters in force on ``on_date`` (default: today in Asia/Shanghai).

    ``on_date`` chooses the parameters only; facts that need a date or an instant
    carry their own. Raises what the library raises (``UnknownProcedure``,
    ``FactsError``, ``ParamsError``).
    """
    return rules_decide(procedure, facts, params=overrides_in_force(on_date or today()))


def parameter_choices() -> list[tuple[str, str]]:
    """``(name, Chinese label)`` of every parameter, in the library's order."""
    return [(parameter.name, parameter.label) for parameter in PARAMETERS.values()]


def parameter_value(name: str, on_date: date | None = None) -> Any:
    """The value of parameter ``name`` in force on ``on_date`` (``KeyError`` for an unknown name)."""
    parameter_values.describe(name)
    return params_in_force(on_date)[name]


def format_parameter(name: str, on_date: date | None = None) -> str:
    """The value of ``name`` in force on ``on_date`` with its unit: ``¥3,000.00``, ``15 天``."""
    return parameter_values.display(name, parameter_value(name, on_date))


def snapshot(decision: Decision) -> dict[str, Any]:
    """``decision`` as plain JSON, to store with a case (``Submission.decision``).

    Money and fractions become decimal strings, dates ISO dates, instants ISO
    date-times with their offset; ``json.loads(json.dumps(snapshot(d))) == snapshot(d)``.
    """
    return {
        "procedure": decision.procedure,
        "outcome": decision.outcome,
        "values": _plain(decision.values),
        "reasons": [{"policy_id": reason.policy_id, "message": reason.message} for reason in decision.reasons],
        "params_version": decision.params_version,
    }


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(item) for item in value]
        return sorted(items) if isinstance(value, (set, frozenset)) else items
    raise TypeError(f"Cannot store a decision value of type {type(value).__name__}")
