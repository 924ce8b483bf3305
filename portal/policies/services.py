"""Scheduling policy parameters: plan a change, then apply it with its audit trail.

A change is planned first (:func:`plan`), which validates it with the library and
says what moves from what to what; a form shows the problems of a plan, and
:func:`apply` saves a good one. Every parameter that changes leaves an audit event
(who, when, old → new) on the parameter set, in the same transaction.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rules import DEFAULT_PARAMS, PARAMETERS, resolve_params

from portal.audit.services import record

from . import values as parameter_values
from .adapter import today as shanghai_today
from .models import ParameterSet

PARAMETER_CHANGED = "parameter_changed"
EFFECTIVE_DATE_CHANGED = "parameter_set_rescheduled"
WITHDRAWN = "parameter_set_withdrawn"

_STATE_LENGTH = 50


@dataclass(frozen=True)
class Change:
    """One parameter moving from ``old`` to ``new`` (values as the library types them)."""

    name: str
    old: Any
    new: Any

    @property
    def label(self) -> str:
        return PARAMETERS[self.name].label


@dataclass(frozen=True)
class Plan:
    """A validated change of schedule: the set to store from ``effective_from``."""

    effective_from: date
    stored: dict[str, Any]
    changes: tuple[Change, ...]
    revising: ParameterSet | None = None
    previous_from: date | None = None


def effective_values(parameter_set: ParameterSet | None) -> dict[str, Any]:
    """Every parameter's value under ``parameter_set`` (the defaults for ``None``)."""
    stored = parameter_set.values if parameter_set is not None else {}
    return dict(resolve_params({name: value for name, value in stored.items() if name in PARAMETERS}))


def plan(effective_from: date, changes: Mapping[str, Any], *, revising: ParameterSet | None = None,
         today: date | None = None) -> Plan:
    """Plan the set in force from ``effective_from``: the values it starts from, with ``changes``.

    A new set starts from the values that would otherwise be in force on that day; a
    revised set (``revising``) from its own values. Raises :class:`rules.ParamsError`
    for values the library refuses, and :class:`ValidationError` for a date in the
    past, a set already in force, a date taken by another set, or a new set that
    changes nothing.
    """
    today = today or shanghai_today()
    if revising is not None and not revising.is_scheduled(today):
        raise ValidationError(
            _("This parameter set is already in force: it is history and cannot be changed. "
              "Schedule a new set instead."),
            code="in_force",
        )
    if effective_from < today:
        raise ValidationError(
            {"effective_from": _("The date cannot be in the past: parameters already used are never rewritten.")}
        )
    others = ParameterSet.objects.all()
    if revising is not None:
        others = others.exclude(pk=revising.pk)
    if others.filter(effective_from=effective_from).exists():
        raise ValidationError(
            {"effective_from": _("A parameter set already takes effect on this date: edit that one instead.")}
        )

    base_set = revising if revising is not None else others.in_force_on(effective_from)
    before = effective_values(base_set)
    after = dict(resolve_params({**_stored(before), **changes}))
    moved = tuple(Change(name, before[name], after[name]) for name in PARAMETERS if before[name] != after[name])
    if revising is None and not moved:
        raise ValidationError(
            _("Nothing to schedule: every value is the one already in force on that date."), code="no_change"
        )
    return Plan(
        effective_from=effective_from,
        stored=_stored(after),
        changes=moved,
        revising=revising,
        previous_from=revising.effective_from if revising is not None else None,
    )


@transaction.atomic
def apply(change_plan: Plan, *, by=None, note: str = "") -> ParameterSet:
    """Save ``change_plan`` and record who changed which parameter from what to what."""
    parameter_set = change_plan.revising
    if parameter_set is None:
        parameter_set = ParameterSet(created_by=by if getattr(by, "is_authenticated", False) else None)
    parameter_set.effective_from = change_plan.effective_from
    parameter_set.values = change_plan.stored
    parameter_set.note = note
    parameter_set.save()

    previous = change_plan.previous_from
    if previous is not None and previous != change_plan.effective_from:
        record(parameter_set, EFFECTIVE_DATE_CHANGED, actor=by, from_state=previous.isoformat(),
               to_state=change_plan.effective_from.isoformat(), note=note)
    for change in change_plan.changes:
        record(
            parameter_set,
            PARAMETER_CHANGED,
            actor=by,
            from_state=_state(change.name, change.old),
            to_state=_state(change.name, change.new),
            note=note,
            data={
                "parameter": change.name,
                "label": change.label,
                "effective_from": change_plan.effective_from.isoformat(),
                "from": parameter_values.to_json(change.name, change.old),
                "to": parameter_values.to_json(change.name, change.new),
            },
        )
    return parameter_set


@transaction.atomic
def withdraw(parameter_set: ParameterSet, *, by=None, today: date | None = None) -> None:
    """Delete a set that is not in force yet, recording what it would have set."""
    if not parameter_set.is_scheduled(today or shanghai_today()):
        raise ValidationError(
            _("This parameter set is already in force: it is history and cannot be withdrawn."), code="in_force"
        )
    record(
        parameter_set,
        WITHDRAWN,
        actor=by,
        from_state=parameter_set.effective_from.isoformat(),
        data={"effective_from": parameter_set.effective_from.isoformat(), "values": parameter_set.values},
    )
    parameter_set.delete()


def _stored(values: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON form of the values that differ from the library's defaults."""
    return {
        name: parameter_values.to_json(name, value)
        for name, value in values.items()
        if value != DEFAULT_PARAMS[name]
    }


def _state(name: str, value: Any) -> str:
    shown = parameter_values.display(name, value)
    return shown if len(shown) <= _STATE_LENGTH else shown[: _STATE_LENGTH - 1] + "…"
